import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ZooKeeperEnsembleArgs } from "../../src/zookeeper/ensembleArgs";
import { validateEnsemble } from "../../src/zookeeper/validateEnsemble";

interface Expected {
  readonly property: string;
  /** A substring the reason must contain. */
  readonly reason: string;
}

interface Case {
  readonly title: string;
  readonly name?: string;
  readonly args: ZooKeeperEnsembleArgs;
  readonly expected: readonly Expected[];
}

const cases: readonly Case[] = [
  // Names
  { title: "valid defaults", args: {}, expected: [] },
  { title: "component name 'ok'", name: "ok", args: {}, expected: [] },
  {
    title: "namePrefix that is not a valid alias",
    args: { namePrefix: "Bad_Name" },
    expected: [{ property: "namePrefix", reason: `"Bad_Name" cannot start the network alias` }],
  },
  {
    title: "component name that is not a valid alias, without namePrefix",
    name: "Bad_Name",
    args: {},
    expected: [{ property: "name", reason: "(set namePrefix if the component name must differ)" }],
  },
  {
    title: "a valid namePrefix rescues an invalid component name",
    name: "Bad_Name",
    args: { namePrefix: "good" },
    expected: [],
  },

  // Size and server ids
  {
    title: "size 0",
    args: { size: 0 },
    expected: [{ property: "size", reason: "0 servers cannot form a quorum; use 1, 3, 5 or 7" }],
  },
  {
    title: "size 2 (even)",
    args: { size: 2 },
    expected: [
      { property: "size", reason: "2 is even: it tolerates no more failures than 1; use 1 or 3" },
    ],
  },
  {
    title: "size 4 (even)",
    args: { size: 4 },
    expected: [
      { property: "size", reason: "4 is even: it tolerates no more failures than 3; use 3 or 5" },
    ],
  },
  {
    title: "size 257 (more than the ids)",
    args: { size: 257 },
    expected: [{ property: "size", reason: "257 exceeds the 255 server ids ZooKeeper allows" }],
  },
  {
    // Its hint must not be "use 255 or 257": ids stop at 255.
    title: "size 256 (even, and more than the ids)",
    args: { size: 256 },
    expected: [
      {
        property: "size",
        reason: "256 exceeds the 255 server ids ZooKeeper allows; use an odd size of at most 255",
      },
    ],
  },
  {
    title: "size 254 (even; both hinted sizes are valid)",
    args: { size: 254 },
    expected: [
      {
        property: "size",
        reason: "254 is even: it tolerates no more failures than 253; use 253 or 255",
      },
    ],
  },
  { title: "size 255 (every id)", args: { size: 255 }, expected: [] },
  { title: "size 1", args: { size: 1 }, expected: [] },
  {
    title: "serverIds []",
    args: { serverIds: [] },
    expected: [{ property: "serverIds", reason: "0 servers cannot form a quorum; list an odd" }],
  },
  {
    title: "serverIds [1,2] (even)",
    args: { serverIds: [1, 2] },
    expected: [
      {
        property: "serverIds",
        reason: "2 servers is an even count, which adds no fault tolerance",
      },
    ],
  },
  {
    title: "serverIds [0,3,256] out of range",
    args: { serverIds: [0, 3, 256] },
    expected: [
      { property: "serverIds[0]", reason: "0 is not a ZooKeeper server id; use a whole number" },
      { property: "serverIds[2]", reason: "256 is not a ZooKeeper server id; use a whole number" },
    ],
  },
  {
    title: "serverIds with a fraction",
    args: { serverIds: [1, 2.5, 3] },
    expected: [{ property: "serverIds[1]", reason: "2.5 is not a ZooKeeper server id" }],
  },
  {
    title: "duplicate ids",
    args: { serverIds: [4, 4, 5] },
    expected: [{ property: "serverIds[1]", reason: "id 4 is listed twice; ids must be unique" }],
  },
  {
    title: "size disagreeing with serverIds",
    args: { size: 3, serverIds: [1, 2, 3, 4, 5] },
    expected: [{ property: "size", reason: "size 3 disagrees with the 5 serverIds" }],
  },
  { title: "size agreeing with serverIds", args: { size: 3, serverIds: [2, 4, 6] }, expected: [] },

  // Ports
  {
    title: "clientPort equal to peerPort",
    args: { clientPort: 2888 },
    expected: [{ property: "peerPort", reason: "port 2888 is already used by clientPort" }],
  },
  {
    title: "adminServerPort equal to electionPort",
    args: { adminServerPort: 3888 },
    expected: [
      { property: "adminServerPort", reason: "port 3888 is already used by electionPort" },
    ],
  },
  {
    title: "adminServer:false makes a clashing adminServerPort irrelevant",
    args: { adminServer: false, adminServerPort: 3888 },
    expected: [],
  },
  {
    title: "adminServer:false makes an invalid adminServerPort irrelevant",
    args: { adminServer: false, adminServerPort: 0 },
    expected: [],
  },
  {
    title: "port 0",
    args: { clientPort: 0 },
    expected: [
      { property: "clientPort", reason: "0 is not a TCP port; use a whole number from 1 to 65535" },
    ],
  },
  {
    title: "port 70000",
    args: { peerPort: 70000 },
    expected: [{ property: "peerPort", reason: "70000 is not a TCP port" }],
  },

  // Publishing
  {
    title: "hostClientPortBase too high for the largest default id",
    args: { hostClientPortBase: 65534 },
    expected: [
      {
        property: "hostClientPortBase",
        reason: "65534 + server id 3 - 1 exceeds port 65535; use a base of at most 65533",
      },
    ],
  },
  { title: "hostClientPortBase at the limit", args: { hostClientPortBase: 65533 }, expected: [] },
  {
    title: "hostClientPortBase too high for the largest explicit id",
    args: { serverIds: [1, 200, 2], hostClientPortBase: 65400 },
    expected: [
      {
        property: "hostClientPortBase",
        reason: "65400 + server id 200 - 1 exceeds port 65535; use a base of at most 65336",
      },
    ],
  },
  {
    title: "hostClientPortBase 0",
    args: { hostClientPortBase: 0 },
    expected: [{ property: "hostClientPortBase", reason: "0 is not a TCP port" }],
  },
  {
    title: 'publishAddress "0.0.0.0" without allowNonLoopbackPublish',
    args: { publishAddress: "0.0.0.0" },
    expected: [
      {
        property: "publishAddress",
        reason:
          "publishing ZooKeeper on 0.0.0.0 exposes it beyond this host without authentication; use 127.0.0.1, or set allowNonLoopbackPublish: true",
      },
    ],
  },
  {
    title: 'publishAddress "0.0.0.0" with allowNonLoopbackPublish',
    args: { publishAddress: "0.0.0.0", allowNonLoopbackPublish: true },
    expected: [],
  },
  { title: 'publishAddress "::1"', args: { publishAddress: "::1" }, expected: [] },
  { title: 'publishAddress "127.0.0.2"', args: { publishAddress: "127.0.0.2" }, expected: [] },
  {
    title: 'publishAddress "not-an-ip"',
    args: { publishAddress: "not-an-ip" },
    expected: [{ property: "publishAddress", reason: `"not-an-ip" is not an IP address` }],
  },
  {
    title: 'publishAddress "999.1.1.1" (octet out of range) even with allowNonLoopbackPublish',
    args: { publishAddress: "999.1.1.1", allowNonLoopbackPublish: true },
    expected: [{ property: "publishAddress", reason: `"999.1.1.1" is not an IP address` }],
  },
  {
    title: 'publishAddress ":::"',
    args: { publishAddress: ":::" },
    expected: [{ property: "publishAddress", reason: `":::" is not an IP address` }],
  },
  {
    title: "autopurgeSnapRetainCount 0 is reported once",
    args: { autopurgeSnapRetainCount: 0 },
    expected: [{ property: "autopurgeSnapRetainCount", reason: "0 is not allowed" }],
  },
  {
    title: 'publishAddress "not-an-ip" even with allowNonLoopbackPublish',
    args: { publishAddress: "not-an-ip", allowNonLoopbackPublish: true },
    expected: [{ property: "publishAddress", reason: `"not-an-ip" is not an IP address` }],
  },

  // Paths
  {
    title: "relative dataDir",
    args: { dataDir: "data" },
    expected: [
      { property: "dataDir", reason: `"data" must be an absolute path starting with '/'` },
    ],
  },
  {
    title: "relative confDir",
    args: { confDir: "./conf" },
    expected: [{ property: "confDir", reason: `"./conf" must be an absolute path` }],
  },
  {
    title: "path with '..'",
    args: { dataLogDir: "/datalog/../etc" },
    expected: [
      { property: "dataLogDir", reason: `"/datalog/../etc" must not contain '..' segments` },
    ],
  },
  {
    title: "path with whitespace",
    args: { dataDir: "/my data" },
    expected: [{ property: "dataDir", reason: `"/my data" must not contain whitespace` }],
  },
  {
    title: "dataDir equal to dataLogDir",
    args: { dataDir: "/zk", dataLogDir: "/zk" },
    expected: [
      {
        property: "dataLogDir",
        reason: `"/zk" is also dataDir; each directory needs its own path`,
      },
    ],
  },
  {
    title: "dataLogDir equal to dataDir up to a trailing slash",
    args: { dataLogDir: "/data/" },
    expected: [{ property: "dataLogDir", reason: `"/data/" is also dataDir` }],
  },
  {
    title: "newline injection into dataDir",
    args: { dataDir: "/data\nserver.9=evil:1:2" },
    expected: [
      {
        property: "dataDir",
        reason: `"/data\\nserver.9=evil:1:2" must not contain whitespace`,
      },
    ],
  },
  {
    title: "carriage return in dataLogDir",
    args: { dataLogDir: "/datalog\r" },
    expected: [{ property: "dataLogDir", reason: `"/datalog\\r" must not contain whitespace` }],
  },
  {
    title: "'=' in dataDir, which zkServer.sh reads unescaped",
    args: { dataDir: "/data=x" },
    expected: [
      {
        property: "dataDir",
        reason: `"/data=x" may only hold letters, digits, '.', '_', '-' and '/': zkServer.sh reads dataDir`,
      },
    ],
  },
  {
    title: "a trailing backslash in dataDir (it would continue the line)",
    args: { dataDir: "/data\\" },
    expected: [{ property: "dataDir", reason: "may only hold letters, digits" }],
  },
  {
    title: "non-ASCII in dataDir, which zkServer.sh would read as \\u escapes",
    args: { dataDir: "/donn\u00e9es" },
    expected: [{ property: "dataDir", reason: "may only hold letters, digits" }],
  },
  {
    title: "'=', ':', '#' and a trailing backslash in dataLogDir are escaped, not refused",
    args: { dataLogDir: "/log=a:b#c!d\\" },
    expected: [],
  },
  {
    title: "a control character ending dataLogDir, which ZooKeeper trims",
    args: { dataLogDir: "/datalog\u0001" },
    expected: [{ property: "dataLogDir", reason: "which ZooKeeper trims away" }],
  },

  // extraSettings: any text is escaped; what ZooKeeper trims, and membership keys, are refused.
  { title: "valid extraSettings", args: { extraSettings: { maxClientCnxns: "60" } }, expected: [] },
  {
    title: "a line break in an extraSettings value is escaped, not injected",
    args: { extraSettings: { "ssl.ciphersuites": "a\nserver.9=evil:1:2" } },
    expected: [],
  },
  {
    title: "a trailing backslash, '=', '#', quotes and non-ASCII in a value are escaped",
    args: { extraSettings: { "ssl.x": "a=b#c'\"\u2028\u0085\u00e9\\" } },
    expected: [],
  },
  {
    title: "an empty extraSettings value",
    args: { extraSettings: { "ssl.x": "" } },
    expected: [],
  },
  {
    title: "leading whitespace in an extraSettings value",
    args: { extraSettings: { maxClientCnxns: " 60" } },
    expected: [
      {
        property: `extraSettings["maxClientCnxns"]`,
        reason: `" 60" starts or ends with whitespace or a control character, which ZooKeeper trims away; remove it`,
      },
    ],
  },
  {
    title: "a trailing tab in an extraSettings value",
    args: { extraSettings: { maxClientCnxns: "60\t" } },
    expected: [{ property: `extraSettings["maxClientCnxns"]`, reason: "ZooKeeper trims away" }],
  },
  {
    title: "a trailing control character in an extraSettings value",
    args: { extraSettings: { maxClientCnxns: "60\u0000" } },
    expected: [{ property: `extraSettings["maxClientCnxns"]`, reason: "ZooKeeper trims away" }],
  },
  {
    title: 'extraSettings with the managed key "tickTime"',
    args: { extraSettings: { tickTime: "100" } },
    expected: [
      {
        property: `extraSettings["tickTime"]`,
        reason: `"tickTime" is rendered by the component; set it through the matching argument instead`,
      },
    ],
  },
  ...["server.4", "server.x", "group.1", "groupings", "weight.2", "weightless", "version"].map(
    (key): Case => ({
      title: `extraSettings with the membership key "${key}"`,
      args: { extraSettings: { [key]: "1" } },
      expected: [
        {
          property: `extraSettings["${key}"]`,
          reason: `"${key}" would change the ensemble's membership`,
        },
      ],
    }),
  ),
  {
    title: 'extraSettings with the bad key "bad key"',
    args: { extraSettings: { "bad key": "1" } },
    expected: [
      {
        property: `extraSettings["bad key"]`,
        reason: `"bad key" is not a zoo.cfg key; start with a letter and use letters, digits, '.', '_' and '-'`,
      },
    ],
  },
  {
    title: "extraSettings with a newline in the key is shown escaped",
    args: { extraSettings: { "a\nserver.9": "x" } },
    expected: [
      { property: `extraSettings["a\\nserver.9"]`, reason: `"a\\nserver.9" is not a zoo.cfg key` },
    ],
  },
  {
    title: "extraSettings with a bad key and a bad value reports both",
    args: { extraSettings: { "bad key": "a " } },
    expected: [
      { property: `extraSettings["bad key"]`, reason: "is not a zoo.cfg key" },
      { property: `extraSettings["bad key"]`, reason: "ZooKeeper trims away" },
    ],
  },

  // Timing
  {
    title: "tickTime 0",
    args: { tickTime: 0 },
    expected: [
      { property: "tickTime", reason: "0 is not allowed; use a whole number from 1 to 60000" },
    ],
  },
  {
    title: "autopurgeSnapRetainCount 2",
    args: { autopurgeSnapRetainCount: 2 },
    expected: [
      { property: "autopurgeSnapRetainCount", reason: "ZooKeeper keeps at least 3 snapshots" },
    ],
  },
  {
    title: "autopurgePurgeIntervalHours -1",
    args: { autopurgePurgeIntervalHours: -1 },
    expected: [
      { property: "autopurgePurgeIntervalHours", reason: "-1 is not allowed; use a whole number" },
    ],
  },
];

void describe("validateEnsemble", () => {
  for (const { title, name, args, expected } of cases) {
    void it(title, () => {
      const problems = validateEnsemble(name ?? "demo", args);
      assert.deepEqual(
        problems.map((p) => p.property),
        expected.map((e) => e.property),
      );
      problems.forEach((problem, index) => {
        const wanted = expected[index];
        assert.ok(wanted);
        assert.ok(
          problem.reason.includes(wanted.reason),
          `reason of ${problem.property} was ${JSON.stringify(problem.reason)}; expected it to contain ${JSON.stringify(wanted.reason)}`,
        );
      });
    });
  }

  void it("reports several problems at once, in the validator's order", () => {
    const problems = validateEnsemble("demo", {
      namePrefix: "Bad_Name",
      size: 2,
      clientPort: 2888,
      publishAddress: "0.0.0.0",
      dataDir: "data",
      dataLogDir: "/datalog\nx=y",
      tickTime: 0,
      extraSettings: { tickTime: "1", "bad key": "1" },
    });
    assert.deepEqual(
      problems.map((p) => p.property),
      [
        "namePrefix",
        "size",
        "peerPort",
        "publishAddress",
        "dataDir",
        "dataLogDir",
        "tickTime",
        `extraSettings["tickTime"]`,
        `extraSettings["bad key"]`,
      ],
    );
  });

  // A longer id makes a longer alias. With a 58-character prefix, "<prefix>-zk-100" is 65
  // characters: more than a hostname label (63) and than Linux allows for a hostname (64).
  void it("rejects a prefix whose alias for the highest server id is too long", () => {
    const problems = validateEnsemble("demo", {
      namePrefix: "a".repeat(58),
      serverIds: [1, 2, 100],
    });
    assert.deepEqual(
      problems.map((p) => p.property),
      ["namePrefix"],
    );
  });

  void it("accepts a prefix whose longest alias is exactly 63 characters", () => {
    assert.deepEqual(
      validateEnsemble("demo", { namePrefix: "a".repeat(56), serverIds: [1, 2, 100] }),
      [],
    );
    assert.deepEqual(validateEnsemble("demo", { namePrefix: "a".repeat(58), size: 3 }), []);
  });

  void it("rejects a prefix whose alias for server 1 is already too long", () => {
    assert.deepEqual(
      validateEnsemble("demo", { namePrefix: "a".repeat(59), size: 3 }).map((p) => p.property),
      ["namePrefix"],
    );
  });

  void it("returns only property and reason for each problem", () => {
    assert.deepEqual(validateEnsemble("demo", { size: 2 }), [
      {
        property: "size",
        reason: "2 is even: it tolerates no more failures than 1; use 1 or 3",
      },
    ]);
  });
});
