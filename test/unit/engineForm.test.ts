import assert from "node:assert/strict";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { goDuration } from "../../src/common/goDuration";
import { recordModule, type Registration } from "../helpers/recordingMonitor";

const ROOT = path.join(__dirname, "..", "..");

/** Every program users run: the root program and each example, with the config it needs. */
const PROGRAMS: {
  name: string;
  module: string;
  project: string;
  config: Record<string, string>;
}[] = [
  {
    name: "root program",
    module: "src/program/main.js",
    project: "pulumi-zk-ha",
    config: { oozieImage: "example/oozie:5", oozieLegacyCuratorJarCopy: "true" },
  },
  {
    name: "root program, image built (older layout)",
    module: "src/program/main.js",
    project: "pulumi-zk-ha",
    config: { oozieImageLayout: "older" },
  },
  {
    name: "zookeeper-only",
    module: "examples/zookeeper-only/index.js",
    project: "zkha",
    config: {},
  },
  { name: "flink-ha", module: "examples/flink-ha/index.js", project: "zkha", config: {} },
  {
    name: "oozie-legacy",
    module: "examples/oozie-legacy/index.js",
    project: "oozie-legacy",
    config: { oozieImage: "example/oozie:5.1.0" },
  },
  {
    name: "multi-host",
    module: "examples/multi-host/index.js",
    project: "multi-host",
    config: { oozieImage: "example/oozie:5.2.1" },
  },
];

async function record(program: (typeof PROGRAMS)[number]): Promise<Registration[]> {
  const config = { ...program.config, oozieDbPassword: "s3cret" };
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(config).map(([k, v]) => [`${program.project}:${k}`, v])),
    [`${program.project}:oozieDbPassword`],
  );
  const monitor = await recordModule(path.join(ROOT, program.module), {
    project: program.project,
  });
  return monitor.registrations;
}

const GO_DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s|(\d+)ms)$/;

/**
 * True when `text` is spelled exactly as Go's time.Duration prints it: its value printed again
 * (by goDuration, pinned to Go's own output by the table below) gives the same text.
 */
function isGoCanonical(text: string): boolean {
  const match = GO_DURATION.exec(text);
  if (!match) {
    return false;
  }
  const [, hours, minutes, seconds, millis] = match;
  const ms =
    Number(hours ?? 0) * 3_600_000 +
    Number(minutes ?? 0) * 60_000 +
    Math.round(Number(seconds ?? 0) * 1000) +
    Number(millis ?? 0);
  return goDuration(ms) === text;
}

void describe("goDuration prints what the docker provider reads back", () => {
  const cases: [number, string][] = [
    [0, "0s"],
    [1, "1ms"],
    [500, "500ms"],
    [1000, "1s"],
    [1500, "1.5s"],
    [4000, "4s"],
    [59_000, "59s"],
    [60_000, "1m0s"],
    [90_000, "1m30s"],
    [120_000, "2m0s"],
    [3_599_000, "59m59s"],
    [3_600_000, "1h0m0s"],
    [3_661_000, "1h1m1s"],
  ];
  for (const [ms, expected] of cases) {
    void it(`${ms} ms is ${expected}`, () => {
      assert.equal(goDuration(ms), expected);
      assert.ok(isGoCanonical(expected), expected);
    });
  }
  void it("refuses what Go cannot print from whole ms", () => {
    assert.throws(() => goDuration(-1), RangeError);
    assert.throws(() => goDuration(0.5), RangeError);
  });
  void it("the canonical-form check refuses the spellings the provider rewrites", () => {
    for (const text of ["60s", "120s", "90s", "1m", "1h", "1h30s", "0m5s", "1000ms", "5"]) {
      assert.equal(isGoCanonical(text), false, text);
    }
  });
});

for (const program of PROGRAMS) {
  void describe(`${program.name}: inputs in the form the real engine keeps`, () => {
    let registrations: Registration[] = [];
    const ofType = (type: string): Registration[] =>
      registrations.filter((r) => r.type === `docker:index/${type}`);

    before(async () => {
      registrations = await record(program);
    });

    void it("records the program", () => {
      assert.ok(ofType("container:Container").length > 0);
    });

    void it("writes every healthcheck duration as Go prints it", () => {
      const durations = ofType("container:Container").flatMap((r) => {
        const healthcheck = r.inputs["healthcheck"] as Record<string, unknown> | undefined;
        return healthcheck === undefined
          ? []
          : (["interval", "timeout", "startPeriod", "startInterval"] as const)
              .filter((key) => healthcheck[key] !== undefined)
              .map((key) => [`${r.name}.${key}`, String(healthcheck[key])]);
      });
      assert.ok(durations.length > 0, "no healthchecks recorded");
      for (const [field, value] of durations) {
        assert.ok(isGoCanonical(value ?? ""), `${field} = ${value}`);
      }
    });

    void it("replaces every container with a fixed name delete-first", () => {
      for (const container of ofType("container:Container")) {
        assert.equal(typeof container.inputs["name"], "string", container.name);
        assert.equal(container.deleteBeforeReplace, true, container.name);
      }
    });

    void it("never replaces a named volume or network for a label change", () => {
      for (const resource of [...ofType("volume:Volume"), ...ofType("network:Network")]) {
        assert.equal(typeof resource.inputs["name"], "string", resource.name);
        assert.deepEqual(resource.ignoreChanges, ["labels"], resource.name);
      }
    });
  });
}
