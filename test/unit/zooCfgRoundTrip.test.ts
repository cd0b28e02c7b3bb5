import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type * as docker from "@pulumi/docker";
import type { PlainEnsembleArgs } from "../../src/zookeeper/ensembleArgs";
import { resolveEnsembleSpec } from "../../src/zookeeper/ensembleSpec";
import { validateEnsemble } from "../../src/zookeeper/validateEnsemble";
import {
  propertiesLine,
  renderDynamicConfig,
  renderZooCfg,
  superDigestOf,
} from "../../src/zookeeper/zooCfg";

const DIGEST = superDigestOf("round-trip");
import {
  assertBothOutcomes,
  randomKey,
  randomString,
  readBack,
  seededRandom,
  type ReadBackResult,
  type Tally,
} from "../helpers/roundTrip";

// zoo.cfg through java.util.Properties, as ZooKeeper reads it (Properties.load from bytes, then
// every key and value trimmed): a value the validator accepts comes back exactly, with every
// other setting and every server line intact; a value it refuses is one ZooKeeper would not
// read back (the rule is exact, not merely safe).

const SEED = 0x200c;
const CASES = 300;

interface Case {
  readonly index: number;
  readonly args: PlainEnsembleArgs;
  readonly key: string;
  readonly value: string;
  /** The validator's problems. */
  readonly problems: readonly { property: string; reason: string }[];
  /** The whole file, when accepted; else the one line written without validation. */
  readonly content: string;
  /** What ZooKeeper must read, when accepted. */
  readonly expected?: Record<string, string>;
}

/** The settings `renderZooCfg` writes for these arguments, as a map: what must come back. */
function expectedMap(args: PlainEnsembleArgs): Record<string, string> {
  const spec = resolveEnsembleSpec("rt", args);
  const map: Record<string, string> = {
    tickTime: String(spec.tickTime),
    initLimit: String(spec.initLimit),
    syncLimit: String(spec.syncLimit),
    maxSessionTimeout: String(spec.maxSessionTimeout),
    dataDir: spec.dataDir,
    dataLogDir: spec.dataLogDir,
    clientPort: String(spec.clientPort),
    "4lw.commands.whitelist": "srvr,ruok,mntr",
    "admin.enableServer": "true",
    "admin.serverPort": "8080",
    "autopurge.snapRetainCount": "3",
    "autopurge.purgeInterval": "24",
    quorumListenOnAllIPs: "true",
    reconfigEnabled: "true",
    standaloneEnabled: "false",
    dynamicConfigFile: "/conf/zoo.cfg.dynamic",
    "DigestAuthenticationProvider.superDigest": DIGEST,
    ...spec.extraSettings,
  };
  return map;
}

function makeCases(): Case[] {
  const random = seededRandom(SEED);
  return Array.from({ length: CASES }, (_, index): Case => {
    // Mostly extraSettings; some cases put the random text into dataLogDir, which is escaped too.
    const inPath = random() < 0.2;
    const key = inPath ? "dataLogDir" : randomKey(random);
    const value = inPath ? `/${randomString(random)}` : randomString(random);
    const args: PlainEnsembleArgs = inPath
      ? { dataLogDir: value }
      : { extraSettings: { [key]: value } };
    const problems = validateEnsemble("rt", args);
    if (problems.length === 0) {
      return {
        index,
        args,
        key,
        value,
        problems,
        content: renderZooCfg(resolveEnsembleSpec("rt", args), DIGEST),
        expected: expectedMap(args),
      };
    }
    return { index, args, key, value, problems, content: `${propertiesLine("k", value)}\n` };
  });
}

void describe("zoo.cfg round trip through java.util.Properties (seeded random strings)", () => {
  const cases = makeCases();
  let results: ReadBackResult[] = [];
  before(async () => {
    results = await readBack(
      "zoo-cfg",
      cases.map((c) => c.content),
    );
  });

  void it(`reads back every accepted value exactly, with nothing swallowed or injected (${CASES} cases, seed ${SEED})`, () => {
    const tally: Tally = { accepted: 0, refused: 0 };
    for (const c of cases) {
      const read = results[c.index];
      const label = `case ${c.index}: ${JSON.stringify(c.key)}=${JSON.stringify(c.value)}`;
      if (c.expected === undefined) {
        tally.refused++;
        continue;
      }
      tally.accepted++;
      assert.equal(read?.error, undefined, label);
      assert.deepEqual(read?.map, c.expected, label);
    }
    assertBothOutcomes(tally, 30);
  });

  void it("refuses only what ZooKeeper would not read back, naming the field", () => {
    for (const c of cases) {
      if (c.expected !== undefined) {
        continue;
      }
      const label = `case ${c.index}: ${JSON.stringify(c.key)}=${JSON.stringify(c.value)}`;
      const field = c.key === "dataLogDir" ? "dataLogDir" : "extraSettings[";
      assert.ok(
        c.problems.every((p) => p.property.startsWith(field)),
        `${label}: ${JSON.stringify(c.problems)}`,
      );
      // A value refused for ZooKeeper's trim, written anyway, does not come back as it was.
      if (c.problems.some((p) => p.reason.includes("trims away"))) {
        assert.notEqual(results[c.index]?.map?.["k"], c.value, label);
      }
    }
  });

  void it("the renderer refuses what the validator refuses for ZooKeeper's trim", () => {
    for (const c of cases) {
      if (!c.problems.some((p) => p.reason.includes("trims away")) || c.key === "dataLogDir") {
        continue;
      }
      if (c.problems.some((p) => !p.reason.includes("trims away"))) {
        continue; // A bad key as well: the renderer does not see keys the validator refused.
      }
      assert.throws(
        () => renderZooCfg(resolveEnsembleSpec("rt", c.args), DIGEST),
        /cannot render zoo\.cfg: .*trims away/,
        `case ${c.index}`,
      );
    }
  });
});

void describe("zoo.cfg server lines", () => {
  const provider = (name: string) => ({ name }) as unknown as docker.Provider;
  const placed = (addresses: string[]): PlainEnsembleArgs => ({
    allowNonLoopbackPublish: true,
    placement: Object.fromEntries(
      addresses.map((address, i) => [i + 1, { provider: provider(`h${i}`), address }]),
    ),
  });
  let results: ReadBackResult[] = [];
  const argsList = [
    placed(["fd00::1", "fd00::2", "fd00::3"]),
    placed(["10.0.0.1", "zk-b.example", "fe80::1%eth0"]),
  ];
  before(async () => {
    results = await readBack(
      "zoo-cfg",
      argsList.map((args) => renderDynamicConfig(resolveEnsembleSpec("rt", args))),
    );
  });

  void it("brackets IPv6 addresses, which ZooKeeper's host:port parser needs", () => {
    for (const [index, args] of argsList.entries()) {
      assert.deepEqual(validateEnsemble("rt", args), []);
      const map = results[index]?.map ?? {};
      const spec = resolveEnsembleSpec("rt", args);
      for (const server of spec.servers) {
        const host = server.address.includes(":") ? `[${server.address}]` : server.address;
        assert.equal(map[`server.${server.id}`], `${host}:2888:3888:participant;0.0.0.0:2181`);
      }
    }
  });
});
