import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as net from "node:net";
import type { Problem } from "../../src/common/problems";
import { forbidConnections, settledImmediately } from "../helpers/purity";
import {
  quorumReadyProvider,
  validateQuorumReadyInputs,
  type QuorumReadyInputs,
  type QuorumReadyOutputs,
} from "../../src/gates/quorumReadyProvider";
import { UNKNOWN, changedProperties, containsUnknown, isUnknown } from "../../src/gates/unknowns";
import {
  validateZNodeInputs,
  znodeProvider,
  type ZNodeInputs,
  type ZNodeOutputs,
} from "../../src/gates/znodeProvider";

// Port 1 on loopback: nothing listens there, so any real connection attempt would fail or hang.
const QUORUM_INPUTS: QuorumReadyInputs = {
  servers: [
    { name: "zk-1", host: "127.0.0.1", port: 1 },
    { name: "zk-2", host: "127.0.0.1", port: 2 },
    { name: "zk-3", host: "::1", port: 3 },
  ],
  timeoutSeconds: 180,
  intervalMs: 1000,
  attemptTimeoutMs: 5000,
  triggers: ["container-a", "container-b", "container-c"],
};

const QUORUM_OUTPUTS: QuorumReadyOutputs = {
  ...QUORUM_INPUTS,
  leader: "zk-2",
  serving: ["zk-2", "zk-1", "zk-3"],
};

const ZNODE_INPUTS: ZNodeInputs = {
  connectString: "127.0.0.1:1,127.0.0.1:2,[::1]:3",
  path: "/flink/cluster-1",
  data: "owner=flink",
  deleteOnDestroy: false,
  timeoutSeconds: 60,
};

const ZNODE_OUTPUTS: ZNodeOutputs = { ...ZNODE_INPUTS, existed: false };

type Loose<T> = Partial<Record<keyof T, unknown>>;

function properties(problems: readonly Problem[]): string[] {
  return problems.map((p) => p.property);
}

function withServer(index: number, server: unknown): unknown[] {
  return QUORUM_INPUTS.servers.map((s, i) => (i === index ? server : s));
}

void describe("unknowns", () => {
  const cases: [string, unknown, boolean, boolean][] = [
    // [title, value, isUnknown, containsUnknown]
    ["the sentinel", UNKNOWN, true, true],
    ["a plain string", "zk-1", false, false],
    ["undefined", undefined, false, false],
    ["null", null, false, false],
    ["a list holding it", ["a", UNKNOWN], false, true],
    ["an object holding it", { host: UNKNOWN, port: 1 }, false, true],
    ["deeply nested", { servers: [{ host: "h", tags: [UNKNOWN] }] }, false, true],
    ["a list without it", [{ host: "h" }], false, false],
  ];
  for (const [title, value, unknown, contains] of cases) {
    void it(title, () => {
      assert.equal(isUnknown(value), unknown);
      assert.equal(containsUnknown(value), contains);
    });
  }

  void it("changedProperties compares by value and treats unknown as changed", () => {
    assert.deepEqual(
      changedProperties(
        { a: [1, 2], b: "x", c: { d: 1 }, e: "same" },
        { a: [1, 2], b: "y", c: { d: UNKNOWN }, e: "same", f: "ignored" },
        ["a", "b", "c", "e"],
      ),
      ["b", "c"],
    );
  });

  void it("changedProperties counts a value unknown before and after as changed", () => {
    assert.deepEqual(changedProperties({ a: UNKNOWN, b: 1 }, { a: UNKNOWN, b: 1 }, ["a", "b"]), [
      "a",
    ]);
  });
});

void describe("validateQuorumReadyInputs", () => {
  const cases: [string, Loose<QuorumReadyInputs>, string[]][] = [
    ["valid inputs", QUORUM_INPUTS, []],
    ["unknown server list", { ...QUORUM_INPUTS, servers: UNKNOWN }, []],
    [
      "unknown host of one server",
      { ...QUORUM_INPUTS, servers: withServer(1, { ...QUORUM_INPUTS.servers[1], host: UNKNOWN }) },
      [],
    ],
    [
      "unknown port of one server",
      { ...QUORUM_INPUTS, servers: withServer(0, { name: "zk-1", host: "h", port: UNKNOWN }) },
      [],
    ],
    ["a whole server unknown", { ...QUORUM_INPUTS, servers: withServer(2, UNKNOWN) }, []],
    ["unknown timeoutSeconds", { ...QUORUM_INPUTS, timeoutSeconds: UNKNOWN }, []],
    ["unknown intervalMs", { ...QUORUM_INPUTS, intervalMs: UNKNOWN }, []],
    ["unknown attemptTimeoutMs", { ...QUORUM_INPUTS, attemptTimeoutMs: UNKNOWN }, []],
    ["unknown triggers", { ...QUORUM_INPUTS, triggers: UNKNOWN }, []],
    [
      "everything unknown",
      {
        servers: UNKNOWN,
        timeoutSeconds: UNKNOWN,
        intervalMs: UNKNOWN,
        attemptTimeoutMs: UNKNOWN,
        triggers: UNKNOWN,
      },
      [],
    ],
    ["empty server list", { ...QUORUM_INPUTS, servers: [] }, ["servers"]],
    ["server list not a list", { ...QUORUM_INPUTS, servers: "zk-1:2181" }, ["servers"]],
    ["missing everything", {}, ["servers", "timeoutSeconds", "intervalMs", "attemptTimeoutMs"]],
    [
      "duplicate name",
      { ...QUORUM_INPUTS, servers: withServer(2, { name: "zk-1", host: "h", port: 3 }) },
      ["servers[2].name"],
    ],
    [
      "empty name",
      { ...QUORUM_INPUTS, servers: withServer(0, { name: "", host: "h", port: 1 }) },
      ["servers[0].name"],
    ],
    [
      "empty host",
      { ...QUORUM_INPUTS, servers: withServer(1, { name: "zk-2", host: "", port: 2 }) },
      ["servers[1].host"],
    ],
    [
      "port 0",
      { ...QUORUM_INPUTS, servers: withServer(1, { name: "zk-2", host: "h", port: 0 }) },
      ["servers[1].port"],
    ],
    [
      "port 65536",
      { ...QUORUM_INPUTS, servers: withServer(1, { name: "zk-2", host: "h", port: 65536 }) },
      ["servers[1].port"],
    ],
    [
      "port as a string",
      { ...QUORUM_INPUTS, servers: withServer(1, { name: "zk-2", host: "h", port: "2181" }) },
      ["servers[1].port"],
    ],
    [
      "null server",
      { ...QUORUM_INPUTS, servers: withServer(0, null) },
      ["servers[0].name", "servers[0].host", "servers[0].port"],
    ],
    ["timeoutSeconds 0", { ...QUORUM_INPUTS, timeoutSeconds: 0 }, ["timeoutSeconds"]],
    ["timeoutSeconds 3601", { ...QUORUM_INPUTS, timeoutSeconds: 3601 }, ["timeoutSeconds"]],
    ["timeoutSeconds 3600", { ...QUORUM_INPUTS, timeoutSeconds: 3600 }, []],
    ["intervalMs 1.5", { ...QUORUM_INPUTS, intervalMs: 1.5 }, ["intervalMs"]],
    ["attemptTimeoutMs 60001", { ...QUORUM_INPUTS, attemptTimeoutMs: 60001 }, ["attemptTimeoutMs"]],
  ];
  for (const [title, inputs, expected] of cases) {
    void it(title, () => {
      assert.deepEqual(properties(validateQuorumReadyInputs(inputs)), expected);
    });
  }

  void it("gives exact reasons", () => {
    assert.deepEqual(
      validateQuorumReadyInputs({
        ...QUORUM_INPUTS,
        servers: [
          { name: "zk-1", host: "h", port: 1 },
          { name: "zk-1", host: "", port: 70000 },
        ],
        timeoutSeconds: 0,
      }),
      [
        { property: "servers[1].name", reason: `"zk-1" is listed twice` },
        {
          property: "servers[1].host",
          reason:
            "give the address Pulumi reaches the server on (publish its client port or use its container IP)",
        },
        { property: "servers[1].port", reason: "70000 is not a TCP port" },
        {
          property: "timeoutSeconds",
          reason: "0 is not allowed; use a whole number from 1 to 3600",
        },
      ],
    );
    assert.deepEqual(validateQuorumReadyInputs({ ...QUORUM_INPUTS, servers: [] }), [
      { property: "servers", reason: "list at least one server to wait for" },
    ]);
  });
});

void describe("validateZNodeInputs", () => {
  const cases: [string, Loose<ZNodeInputs>, string[]][] = [
    ["valid inputs", ZNODE_INPUTS, []],
    ["no data", { ...ZNODE_INPUTS, data: undefined }, []],
    ["hostname endpoints", { ...ZNODE_INPUTS, connectString: "demo-zk-1:2181,demo-zk-2:2181" }, []],
    ["unknown connectString", { ...ZNODE_INPUTS, connectString: UNKNOWN }, []],
    ["unknown path", { ...ZNODE_INPUTS, path: UNKNOWN }, []],
    ["unknown data", { ...ZNODE_INPUTS, data: UNKNOWN }, []],
    ["unknown deleteOnDestroy", { ...ZNODE_INPUTS, deleteOnDestroy: UNKNOWN }, []],
    ["unknown timeoutSeconds", { ...ZNODE_INPUTS, timeoutSeconds: UNKNOWN }, []],
    [
      "everything unknown",
      {
        connectString: UNKNOWN,
        path: UNKNOWN,
        data: UNKNOWN,
        deleteOnDestroy: UNKNOWN,
        timeoutSeconds: UNKNOWN,
      },
      [],
    ],
    [
      "connect string with a chroot",
      { ...ZNODE_INPUTS, connectString: "127.0.0.1:2181/flink" },
      ["connectString"],
    ],
    [
      "connect string without a port",
      { ...ZNODE_INPUTS, connectString: "127.0.0.1" },
      ["connectString"],
    ],
    ["empty connect string", { ...ZNODE_INPUTS, connectString: "" }, ["connectString"]],
    [
      "connect string with a trailing comma",
      { ...ZNODE_INPUTS, connectString: "h:1," },
      ["connectString"],
    ],
    ["unbracketed IPv6", { ...ZNODE_INPUTS, connectString: "::1:2181" }, ["connectString"]],
    ["relative path", { ...ZNODE_INPUTS, path: "flink" }, ["path"]],
    ["path as a number", { ...ZNODE_INPUTS, path: 5 }, ["path"]],
    ["data as a number", { ...ZNODE_INPUTS, data: 5 }, ["data"]],
    ["timeoutSeconds 0", { ...ZNODE_INPUTS, timeoutSeconds: 0 }, ["timeoutSeconds"]],
    ["missing everything", {}, ["connectString", "path", "timeoutSeconds"]],
  ];
  for (const [title, inputs, expected] of cases) {
    void it(title, () => {
      assert.deepEqual(properties(validateZNodeInputs(inputs)), expected);
    });
  }

  void it("gives exact reasons", () => {
    assert.deepEqual(
      validateZNodeInputs({
        connectString: "127.0.0.1:2181/flink",
        path: "/zookeeper/flink",
        data: 1,
        deleteOnDestroy: true,
        timeoutSeconds: 3601,
      }),
      [
        {
          property: "connectString",
          reason: `"127.0.0.1:2181/flink" is not a ZooKeeper connect string; write host:port[,host:port...] without a chroot`,
        },
        {
          property: "path",
          reason: `"/zookeeper/flink" is inside ZooKeeper's reserved /zookeeper tree; choose another root`,
        },
        { property: "data", reason: "data must be a string" },
        { property: "timeoutSeconds", reason: "3601 is not allowed; use 1 to 3600" },
      ],
    );
    assert.deepEqual(validateZNodeInputs({ ...ZNODE_INPUTS, path: 5 }), [
      { property: "path", reason: "give the znode path as a string, such as /flink" },
    ]);
  });
});

/** Fails the test if anything opens a TCP connection while the test runs. */
void describe("quorumReadyProvider (pure methods)", () => {
  const { check, diff } = quorumReadyProvider;

  void it("check passes valid inputs through with no failures", async (t) => {
    assert.ok(check);
    const connections = forbidConnections(t);
    const result = await settledImmediately(check({}, QUORUM_INPUTS));
    assert.deepEqual(result, { inputs: QUORUM_INPUTS, failures: [] });
    assert.equal(connections.count(), 0);
  });

  void it("check reports failures as property/reason pairs", async (t) => {
    assert.ok(check);
    const connections = forbidConnections(t);
    const news = { ...QUORUM_INPUTS, intervalMs: 0 };
    const result = await settledImmediately(check(QUORUM_INPUTS, news));
    assert.deepEqual(result, {
      inputs: news,
      failures: [
        { property: "intervalMs", reason: "0 is not allowed; use a whole number from 1 to 60000" },
      ],
    });
    assert.equal(connections.count(), 0);
  });

  void it("check accepts unknown values in preview", async (t) => {
    assert.ok(check);
    const connections = forbidConnections(t);
    const news = {
      ...QUORUM_INPUTS,
      servers: withServer(0, { name: "zk-1", host: UNKNOWN, port: 1 }),
      timeoutSeconds: UNKNOWN,
    };
    const result = await settledImmediately(check({}, news));
    assert.deepEqual(result.failures, []);
    assert.equal(connections.count(), 0);
  });

  const diffCases: [string, object, { changes: boolean }][] = [
    ["unchanged", QUORUM_INPUTS, { changes: false }],
    [
      "trigger changed",
      { ...QUORUM_INPUTS, triggers: ["container-a", "container-b2", "container-c"] },
      { changes: true },
    ],
    ["timeout changed", { ...QUORUM_INPUTS, timeoutSeconds: 300 }, { changes: true }],
    [
      "server port changed",
      { ...QUORUM_INPUTS, servers: withServer(2, { name: "zk-3", host: "::1", port: 4 }) },
      { changes: true },
    ],
    ["server list unknown", { ...QUORUM_INPUTS, servers: UNKNOWN }, { changes: true }],
    [
      "one host unknown",
      { ...QUORUM_INPUTS, servers: withServer(1, { name: "zk-2", host: UNKNOWN, port: 2 }) },
      { changes: true },
    ],
    ["triggers unknown", { ...QUORUM_INPUTS, triggers: UNKNOWN }, { changes: true }],
  ];
  for (const [title, news, expected] of diffCases) {
    void it(`diff: ${title}`, async (t) => {
      assert.ok(diff);
      const connections = forbidConnections(t);
      const result = await settledImmediately(diff("zk-1,zk-2,zk-3", QUORUM_OUTPUTS, news));
      // Exactly these keys: never a replacement, only an update that waits again.
      assert.deepEqual(result, expected);
      assert.equal(connections.count(), 0);
    });
  }
});

void describe("znodeProvider (pure methods)", () => {
  const { check, diff } = znodeProvider;

  void it("check passes valid inputs through with no failures", async (t) => {
    assert.ok(check);
    const connections = forbidConnections(t);
    const result = await settledImmediately(check({}, ZNODE_INPUTS));
    assert.deepEqual(result, { inputs: ZNODE_INPUTS, failures: [] });
    assert.equal(connections.count(), 0);
  });

  void it("check reports failures and accepts unknowns", async (t) => {
    assert.ok(check);
    const connections = forbidConnections(t);
    const news = { ...ZNODE_INPUTS, connectString: UNKNOWN, path: "/a//b" };
    const result = await settledImmediately(check(ZNODE_INPUTS, news));
    assert.deepEqual(result, {
      inputs: news,
      failures: [
        {
          property: "path",
          reason: `"/a//b" has an empty, '.' or '..' segment; write it like /flink/cluster-1`,
        },
      ],
    });
    assert.equal(connections.count(), 0);
  });

  const diffCases: [string, object, { changes: boolean; replaces: string[] }][] = [
    ["unchanged", ZNODE_INPUTS, { changes: false, replaces: [] }],
    [
      "path changed",
      { ...ZNODE_INPUTS, path: "/flink/cluster-2" },
      { changes: true, replaces: ["path"] },
    ],
    ["path unknown", { ...ZNODE_INPUTS, path: UNKNOWN }, { changes: true, replaces: ["path"] }],
    [
      "path and data changed",
      { ...ZNODE_INPUTS, path: "/x", data: "y" },
      { changes: true, replaces: ["path"] },
    ],
    ["data changed", { ...ZNODE_INPUTS, data: "owner=oozie" }, { changes: true, replaces: [] }],
    ["data removed", { ...ZNODE_INPUTS, data: undefined }, { changes: true, replaces: [] }],
    [
      "connectString changed",
      { ...ZNODE_INPUTS, connectString: "127.0.0.1:1" },
      { changes: true, replaces: [] },
    ],
    [
      "connectString unknown",
      { ...ZNODE_INPUTS, connectString: UNKNOWN },
      { changes: true, replaces: [] },
    ],
    [
      "deleteOnDestroy changed",
      { ...ZNODE_INPUTS, deleteOnDestroy: true },
      { changes: true, replaces: [] },
    ],
    [
      "timeoutSeconds changed",
      { ...ZNODE_INPUTS, timeoutSeconds: 61 },
      { changes: true, replaces: [] },
    ],
  ];
  for (const [title, news, expected] of diffCases) {
    void it(`diff: ${title}`, async (t) => {
      assert.ok(diff);
      const connections = forbidConnections(t);
      const result = await settledImmediately(diff("/flink/cluster-1", ZNODE_OUTPUTS, news));
      assert.deepEqual(result, expected);
      assert.equal(connections.count(), 0);
    });
  }

  void it("diff ignores the existed output", async () => {
    assert.ok(diff);
    const result = await diff(
      "/flink/cluster-1",
      { ...ZNODE_OUTPUTS, existed: true },
      ZNODE_INPUTS,
    );
    assert.deepEqual(result, { changes: false, replaces: [] });
  });
});

void describe("forbidConnections (self-check)", () => {
  void it("does catch a real connection attempt", (t) => {
    const connections = forbidConnections(t);
    assert.throws(() => net.connect({ host: "127.0.0.1", port: 1 }), {
      message: "a pure provider method opened a network connection",
    });
    assert.equal(connections.count(), 1);
  });
});
