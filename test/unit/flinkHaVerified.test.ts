import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  flinkHaVerifiedProvider,
  validateHaVerifiedInputs,
  verifyHa,
  type FlinkHaVerifiedInputs,
} from "../../src/gates/flinkHaVerifiedProvider";
import { UNKNOWN } from "../../src/gates/unknowns";
import {
  assessLeader,
  hostOfAddress,
  parseLeaderAddress,
} from "../../src/readiness/flinkLeaderCheck";

// What Flink writes to `leader/<service>/connection_info`: ObjectOutputStream.writeUTF(address)
// then writeObject(leaderSessionId). Produced with a JDK 17 ObjectOutputStream.
const REST_INFO = Buffer.from(
  "aced0005771d001b687474703a2f2f64656d6f2d666c696e6b2d6a6d2d323a383038317372000e6a6176612e7574696c2e55554944bc9903f7986d852f0200024a000c6c65617374536967426974734a000b6d6f7374536967426974737870ba7002828341e731c1c8449b049f41d4",
  "hex",
);
const RPC_INFO = Buffer.from(
  "aced0005773e003c70656b6b6f2e7463703a2f2f666c696e6b4064656d6f2d666c696e6b2d6a6d2d323a363132332f757365722f7270632f646973706174636865725f317372000e6a6176612e7574696c2e55554944bc9903f7986d852f0200024a000c6c65617374536967426974734a000b6d6f7374536967426974737870ba7002828341e731c1c8449b049f41d4",
  "hex",
);

function info(address: string): Buffer {
  const utf = Buffer.from(address, "utf8");
  const length = Buffer.alloc(2);
  length.writeUInt16BE(utf.length);
  return Buffer.concat([Buffer.from([0xac, 0xed, 0, 5, 0x77, utf.length + 2]), length, utf]);
}

const JOB_MANAGERS = [
  { name: "demo-flink-jm-1", alias: "demo-flink-jm-1" },
  { name: "demo-flink-jm-2", alias: "demo-flink-jm-2" },
];

void describe("Flink leader connection_info", () => {
  void it("parses the address out of Java-serialized leader information", () => {
    assert.equal(parseLeaderAddress(REST_INFO), "http://demo-flink-jm-2:8081");
    assert.equal(
      parseLeaderAddress(RPC_INFO),
      "pekko.tcp://flink@demo-flink-jm-2:6123/user/rpc/dispatcher_1",
    );
  });

  void it("returns undefined for data that is not such a stream", () => {
    assert.equal(parseLeaderAddress(Buffer.from("http://x:8081")), undefined);
    assert.equal(parseLeaderAddress(Buffer.alloc(0)), undefined);
    assert.equal(parseLeaderAddress(REST_INFO.subarray(0, 12)), undefined);
    assert.equal(parseLeaderAddress(Buffer.from("aced00057300", "hex")), undefined);
  });

  const hosts: [string, string][] = [
    ["http://demo-flink-jm-2:8081", "demo-flink-jm-2"],
    ["pekko.tcp://flink@demo-flink-jm-1:6123/user/rpc/dispatcher_1", "demo-flink-jm-1"],
    ["akka.tcp://flink@10.0.0.5:50010/user/rpc/resourcemanager_0", "10.0.0.5"],
    ["http://[fd00::5]:8081", "fd00::5"],
  ];
  for (const [address, host] of hosts) {
    void it(`finds host ${host} in ${address}`, () => {
      assert.equal(hostOfAddress(address), host);
    });
  }

  void it("names every missing leader znode until a leader is elected", () => {
    assert.deepEqual(assessLeader("/flink/demo", JOB_MANAGERS, [undefined, undefined, undefined]), {
      ready: false,
      reason:
        "no elected leader yet; missing: /flink/demo/leader/resource_manager/connection_info, /flink/demo/leader/dispatcher/connection_info, /flink/demo/leader/rest_server/connection_info",
    });
    assert.deepEqual(
      assessLeader("/flink/demo", JOB_MANAGERS, [RPC_INFO, undefined, Buffer.alloc(0)]),
      {
        ready: false,
        reason:
          "no elected leader yet; missing: /flink/demo/leader/dispatcher/connection_info, /flink/demo/leader/rest_server/connection_info",
      },
    );
  });

  void it("reports the JobManager every service names", () => {
    assert.deepEqual(assessLeader("/flink/demo", JOB_MANAGERS, [RPC_INFO, RPC_INFO, REST_INFO]), {
      ready: true,
      value: {
        leader: "demo-flink-jm-2",
        restAddress: "http://demo-flink-jm-2:8081",
        addresses: {
          resource_manager: "pekko.tcp://flink@demo-flink-jm-2:6123/user/rpc/dispatcher_1",
          dispatcher: "pekko.tcp://flink@demo-flink-jm-2:6123/user/rpc/dispatcher_1",
          rest_server: "http://demo-flink-jm-2:8081",
        },
      },
    });
  });

  void it("waits while services name different or unknown JobManagers", () => {
    const other = info("pekko.tcp://flink@demo-flink-jm-1:6123/user/rpc/resourcemanager_0");
    assert.deepEqual(assessLeader("/f/d", JOB_MANAGERS, [other, RPC_INFO, REST_INFO]), {
      ready: false,
      reason:
        "leader services disagree or name no known JobManager: resource_manager=demo-flink-jm-1, dispatcher=demo-flink-jm-2, rest_server=demo-flink-jm-2",
    });
    const stranger = info("http://elsewhere:8081");
    assert.deepEqual(assessLeader("/f/d", JOB_MANAGERS, [stranger, stranger, stranger]), {
      ready: false,
      reason:
        "leader services disagree or name no known JobManager: resource_manager=unknown host elsewhere, dispatcher=unknown host elsewhere, rest_server=unknown host elsewhere",
    });
  });
});

const INPUTS: FlinkHaVerifiedInputs = {
  connectString: "127.0.0.1:2181",
  haPath: "/flink/demo",
  jobManagers: JOB_MANAGERS,
  timeoutSeconds: 180,
  intervalMs: 1000,
  attemptTimeoutMs: 5000,
  triggers: ["a", "b"],
};

void describe("FlinkHaVerified provider", () => {
  void it("accepts its registered inputs and unknown values in preview", () => {
    assert.deepEqual(validateHaVerifiedInputs(INPUTS), []);
    assert.deepEqual(
      validateHaVerifiedInputs({
        ...INPUTS,
        connectString: UNKNOWN,
        jobManagers: [{ name: UNKNOWN, alias: "x" }],
        triggers: UNKNOWN,
      }),
      [],
    );
  });

  void it("names every bad input", () => {
    assert.deepEqual(
      validateHaVerifiedInputs({
        connectString: "zk:2181/chroot",
        haPath: "flink",
        jobManagers: [
          { name: "a", alias: "" },
          { name: "a", alias: "b" },
        ],
        timeoutSeconds: 0,
        intervalMs: 1.5,
        attemptTimeoutMs: 70000,
      }).map((p) => p.property),
      [
        "connectString",
        "haPath",
        "jobManagers[0].alias",
        "jobManagers[1].name",
        "timeoutSeconds",
        "intervalMs",
        "attemptTimeoutMs",
      ],
    );
    assert.deepEqual(validateHaVerifiedInputs({ ...INPUTS, jobManagers: [] }), [
      { property: "jobManagers", reason: "list at least one JobManager" },
    ]);
  });

  void it("check and diff are pure; diff re-runs the wait when a JobManager is replaced", async () => {
    assert.ok(flinkHaVerifiedProvider.check && flinkHaVerifiedProvider.diff);
    assert.deepEqual(await flinkHaVerifiedProvider.check({}, INPUTS), {
      inputs: INPUTS,
      failures: [],
    });
    const olds = { ...INPUTS, leader: "demo-flink-jm-1", leaderRestAddress: "http://x:8081" };
    assert.deepEqual(await flinkHaVerifiedProvider.diff("id", olds, INPUTS), { changes: false });
    assert.deepEqual(
      await flinkHaVerifiedProvider.diff("id", olds, { ...INPUTS, triggers: ["c", "b"] }),
      {
        changes: true,
      },
    );
    assert.deepEqual(
      await flinkHaVerifiedProvider.diff("id", olds, {
        ...INPUTS,
        triggers: UNKNOWN as unknown as string[],
      }),
      { changes: true },
    );
  });

  void it("fails within its timeout when ZooKeeper does not answer, saying why", async () => {
    const started = Date.now();
    await assert.rejects(
      verifyHa({
        ...INPUTS,
        connectString: "127.0.0.1:1",
        timeoutSeconds: 1,
        attemptTimeoutMs: 300,
        intervalMs: 200,
      }),
      /^Error: Flink leader under \/flink\/demo\/leader on 127\.0\.0\.1:1 was not ready after 1 s \(\d+ attempts\): no session with 127\.0\.0\.1:1 within 300 ms$/,
    );
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
  });
});
