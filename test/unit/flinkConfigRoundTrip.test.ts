import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDocument } from "yaml";
import type { PlainFlinkArgs } from "../../src/flink/flinkArgs";
import {
  flinkSettings,
  flinkValueProblem,
  mastersHostProblem,
  renderFlinkConfig,
  renderMasters,
  type FlinkRole,
} from "../../src/flink/flinkConf";
import { resolveFlinkSpec, type FlinkSpec } from "../../src/flink/flinkSpec";
import { validateFlinkCluster } from "../../src/flink/validateFlink";
import {
  assertBothOutcomes,
  javaTrim,
  randomKey,
  randomString,
  seededRandom,
  type Tally,
} from "../helpers/roundTrip";

// Flink's configuration files with seeded random strings: config.yaml (1.19 and later) through a
// YAML parser in both YAML 1.1 (SnakeYAML, Flink 1.19/1.20) and YAML 1.2 (snakeyaml-engine,
// Flink 2.x) modes, whole and line by line (Flink's scripts filter it line by line); the legacy
// flink-conf.yaml (up to 1.18) through Flink's line reader. Every value the validator accepts
// comes back exactly, with every other setting intact.

const SEED = 0xf11c;
const CASES = 300;
const QUORUM = "zk-1:2181,zk-2:2181";
const ZK = {
  connectString: QUORUM,
  tickTime: 250,
  readinessConnectString: "127.0.0.1:2181",
  networkName: "net",
};
const VERSIONS = ["2.1.1", "1.20.3", "1.18.1"] as const;

/**
 * Flink's reader of the legacy flink-conf.yaml (GlobalConfiguration before 1.19): lines as
 * BufferedReader splits them (LF, CR, CRLF), each cut at its first '#', split at its first ': ',
 * key and value trimmed (String.trim), entries with an empty key or value skipped; a later
 * entry wins.
 */
function readLegacyFlinkConf(text: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const line of text.split(/\r\n|\r|\n/)) {
    const conf = javaTrim(line.split("#")[0] ?? "");
    const at = conf.indexOf(": ");
    if (conf === "" || at < 0) {
      continue;
    }
    const key = javaTrim(conf.slice(0, at));
    const value = javaTrim(conf.slice(at + 2));
    if (key !== "" && value !== "") {
      settings.set(key, value);
    }
  }
  return settings;
}

/**
 * config.yaml parsed as YAML `version`: every key must be a string; a value must be a string,
 * or an integer that Flink turns back into the same digits.
 */
function readYaml(text: string, version: "1.1" | "1.2"): Map<string, string> {
  const doc = parseDocument(text, { version, intAsBigInt: true, uniqueKeys: true });
  assert.deepEqual(doc.errors, [], `YAML ${version} errors`);
  const parsed: unknown = doc.toJS({ mapAsMap: true });
  assert.ok(parsed instanceof Map, `YAML ${version}: not a mapping`);
  const settings = new Map<string, string>();
  for (const [key, value] of parsed as Map<unknown, unknown>) {
    assert.equal(typeof key, "string", `YAML ${version}: key ${String(key)} is not a string`);
    if (typeof value === "bigint") {
      settings.set(key as string, value.toString());
    } else {
      assert.equal(typeof value, "string", `YAML ${version}: ${String(key)} is a ${typeof value}`);
      settings.set(key as string, value as string);
    }
  }
  return settings;
}

/** Each setting on a line of its own: what Flink's line-filtering scripts need. */
function assertOneSettingPerLine(text: string, expected: Map<string, string>): void {
  const lines = text.split("\n").filter((line) => line !== "" && !line.startsWith("#"));
  assert.equal(lines.length, expected.size, "one line per setting");
  for (const line of lines) {
    for (const version of ["1.1", "1.2"] as const) {
      const one = readYaml(line, version);
      assert.equal(one.size, 1, `line ${JSON.stringify(line)}`);
      for (const [key, value] of one) {
        assert.equal(value, expected.get(key), `line ${JSON.stringify(line)}`);
      }
    }
  }
}

interface Case {
  readonly index: number;
  readonly version: (typeof VERSIONS)[number];
  readonly field: "extraSettings" | "javaOptions";
  readonly key: string;
  readonly value: string;
  readonly args: PlainFlinkArgs;
}

function makeCases(): Case[] {
  const random = seededRandom(SEED);
  return Array.from({ length: CASES }, (_, index): Case => {
    const version = VERSIONS[index % VERSIONS.length] ?? "2.1.1";
    const field = random() < 0.2 ? "javaOptions" : "extraSettings";
    const key = field === "javaOptions" ? "javaOptions" : randomKey(random);
    // JVM options look like options more often than not.
    const value =
      field === "javaOptions"
        ? `${random() < 0.7 ? "-X" : ""}${randomString(random)}`
        : randomString(random);
    const args: PlainFlinkArgs = {
      flinkVersion: version,
      zookeeper: ZK,
      ...(field === "javaOptions" ? { javaOptions: value } : { extraSettings: { [key]: value } }),
    };
    return { index, version, field, key, value, args };
  });
}

function roles(spec: FlinkSpec): FlinkRole[] {
  return [
    { kind: "jobmanager", jobManager: spec.jobManagers[0] ?? assert.fail() },
    { kind: "taskmanager", taskManager: spec.taskManagers[0] ?? assert.fail() },
  ];
}

void describe("Flink configuration round trip (seeded random strings)", () => {
  const cases = makeCases();

  void it(`reads back every accepted value exactly, in each file format (${CASES} cases, seed ${SEED})`, () => {
    const tally: Tally = { accepted: 0, refused: 0 };
    for (const c of cases) {
      const label = `case ${c.index} (${c.version}): ${c.field} ${JSON.stringify(c.key)}=${JSON.stringify(c.value)}`;
      const problems = validateFlinkCluster("rt", c.args);
      if (problems.length > 0) {
        tally.refused++;
        const field = c.field === "javaOptions" ? "javaOptions" : "extraSettings[";
        assert.ok(
          problems.every((p) => p.property.startsWith(field)),
          `${label}: ${JSON.stringify(problems)}`,
        );
        continue;
      }
      tally.accepted++;
      const spec = resolveFlinkSpec("rt", c.args);
      for (const role of roles(spec)) {
        const expected = new Map(flinkSettings(spec, QUORUM, role));
        const text = renderFlinkConfig(spec, QUORUM, role);
        if (spec.version.configFile === "config.yaml") {
          assert.deepEqual(readYaml(text, "1.1"), expected, `${label}, YAML 1.1`);
          assert.deepEqual(readYaml(text, "1.2"), expected, `${label}, YAML 1.2`);
          assertOneSettingPerLine(text, expected);
        } else {
          assert.deepEqual(readLegacyFlinkConf(text), expected, label);
        }
      }
    }
    assertBothOutcomes(tally, 30);
  });

  void it("the renderer refuses every value the format rules refuse", () => {
    let checked = 0;
    for (const c of cases) {
      if (c.field !== "extraSettings") {
        continue;
      }
      const spec = resolveFlinkSpec("rt", { ...c.args, extraSettings: { "x.y": c.value } });
      const problem = flinkValueProblem("x.y", c.value, spec.version.configFile);
      if (problem === undefined) {
        continue;
      }
      checked++;
      assert.throws(
        () => renderFlinkConfig(spec, QUORUM, roles(spec)[0] ?? assert.fail()),
        /cannot render/,
        `case ${c.index}`,
      );
    }
    assert.ok(checked >= 30, `only ${checked} refused values`);
  });

  void it("writes javaOptions plain in config.yaml: Flink's scripts read them without unquoting", () => {
    for (const c of cases) {
      // An empty javaOptions renders no line at all.
      if (c.field !== "javaOptions" || c.version === "1.18.1" || c.value === "") {
        continue;
      }
      if (validateFlinkCluster("rt", c.args).length > 0) {
        continue;
      }
      const spec = resolveFlinkSpec("rt", c.args);
      const text = renderFlinkConfig(spec, QUORUM, roles(spec)[0] ?? assert.fail());
      assert.ok(text.includes(`\nenv.java.opts.all: ${c.value}\n`), `case ${c.index}`);
    }
  });
});

/**
 * The masters file as Flink's scripts read it (readMasters in bin/config.sh): each line's words
 * joined, cut at '#', the part after a last '/' when it is a hostname, then split at ':'.
 */
function readMasters(text: string): { host: string; port: string }[] {
  return text
    .split("\n")
    .map((line) => line.trim().split(/\s+/).join(" ").split("#")[0] ?? "")
    .filter((line) => line !== "")
    .map((line) => {
      const topology = /^.*\/([0-9a-zA-Z.-]+)$/.exec(line);
      const hostPort = topology?.[1] ?? line;
      const [host = "", port = ""] = hostPort.split(":");
      return { host, port };
    });
}

void describe("masters round trip (seeded random hosts)", () => {
  void it("reads back every accepted host and the REST port", () => {
    const random = seededRandom(SEED + 1);
    const spec = resolveFlinkSpec("rt", { flinkVersion: "2.1.1", zookeeper: ZK, restPort: 8090 });
    const tally: Tally = { accepted: 0, refused: 0 };
    for (let index = 0; index < 200; index++) {
      const pieces = [
        "fd00::1",
        "10.0.0.1",
        "jm-1",
        ".example",
        ":",
        "#",
        "/",
        " ",
        "\n",
        "[",
        "]",
      ];
      const host =
        random() < 0.5
          ? randomKey(random)
          : Array.from(
              { length: 1 + Math.floor(random() * 3) },
              () => pieces[Math.floor(random() * pieces.length)] ?? "",
            ).join("");
      if (mastersHostProblem("address", host) !== undefined) {
        tally.refused++;
        const withHost = { ...spec, jobManagers: [{ ...spec.jobManagers[0], address: host }] };
        assert.throws(() => renderMasters(withHost as FlinkSpec), /cannot render masters/);
        continue;
      }
      tally.accepted++;
      const jobManagers = spec.jobManagers.map((jm) => ({ ...jm, address: host }));
      assert.deepEqual(
        readMasters(renderMasters({ ...spec, jobManagers })),
        jobManagers.map(() => ({ host, port: "8090" })),
        `case ${index}: ${JSON.stringify(host)}`,
      );
    }
    assertBothOutcomes(tally, 30);
  });
});
