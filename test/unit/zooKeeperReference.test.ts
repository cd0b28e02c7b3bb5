import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { recordProgram } from "../helpers/recordingMonitor";
import { validateFlinkCluster } from "../../src/flink/validateFlink";
import type { OozieHaClusterArgs } from "../../src/oozie/clusterArgs";
import { validateOozieCluster } from "../../src/oozie/validateCluster";
import { ZooKeeperEnsemble } from "../../src/zookeeper/ensemble";
import {
  resolveZooKeeper,
  type ZooKeeperConnection,
  type ZooKeeperFacts,
} from "../../src/zookeeper/reference";
import { referenceProblems } from "../../src/zookeeper/validateReference";

const CONNECTION: ZooKeeperConnection = {
  connectString: "zk-1:2181",
  readinessConnectString: "127.0.0.1:2181",
  networkName: "zk-net",
  tickTime: 500,
};

function valueOf<T>(input: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) =>
    pulumi.output(input).apply((value) => {
      resolve(value as T);
      return value;
    }),
  );
}

void describe("resolveZooKeeper", () => {
  void it("gives a connection's facts, maxSessionTimeout 20 ticks by default and no servers", () => {
    const facts = resolveZooKeeper(CONNECTION);
    assert.deepEqual(facts, {
      connectString: "zk-1:2181",
      readinessConnectString: "127.0.0.1:2181",
      networkName: "zk-net",
      tickTime: 500,
      maxSessionTimeout: 10000,
      servers: [],
    });
    assert.equal(
      resolveZooKeeper({ ...CONNECTION, maxSessionTimeout: 7000 }).maxSessionTimeout,
      7000,
    );
  });

  void it("gives an ensemble's own outputs and timing", async () => {
    let facts: ZooKeeperFacts | undefined;
    let ensemble: ZooKeeperEnsemble | undefined;
    await recordProgram(() => {
      ensemble = new ZooKeeperEnsemble("zk", {
        namePrefix: "zk",
        tickTime: 400,
        maxSessionTimeout: 30000,
      });
      facts = resolveZooKeeper(ensemble);
    });
    assert.ok(facts && ensemble);
    assert.equal(facts.tickTime, 400);
    assert.equal(facts.maxSessionTimeout, 30000);
    assert.equal(facts.quorumReady, ensemble.quorumReady);
    assert.equal(facts.connectString, ensemble.connectString);
    assert.equal(facts.readinessConnectString, ensemble.readinessConnectString);
    assert.equal(facts.networkName, ensemble.networkName);
    assert.deepEqual(
      (await valueOf(facts.servers)).map((s) => s.alias),
      ["zk-zk-1", "zk-zk-2", "zk-zk-3"],
    );
  });
});

void describe("referenceProblems", () => {
  const cases: [string, unknown, [string, RegExp][]][] = [
    ["a valid connection", CONNECTION, []],
    ["no reference", undefined, [["zookeeper", /pass the ZooKeeperEnsemble, or a connection/]]],
    [
      "a connection without timing or connect strings",
      { networkName: "n" },
      [
        ["zookeeper.connectString", /^is required$/],
        ["zookeeper.readinessConnectString", /^is required$/],
        ["zookeeper.tickTime", /^is required$/],
      ],
    ],
    [
      "a tickTime that is not a whole number of ms",
      { ...CONNECTION, tickTime: 0.5 },
      [["zookeeper.tickTime", /^0.5 is not allowed; use a whole number from 1 to 60000$/]],
    ],
    [
      "connect strings with a chroot, a space or nothing",
      { ...CONNECTION, connectString: "zk-1:2181/flink", readinessConnectString: "" },
      [
        [
          "zookeeper.connectString",
          /^"zk-1:2181\/flink" is not a ZooKeeper connect string; write host:port\[,host:port\.\.\.\] without a chroot$/,
        ],
        ["zookeeper.readinessConnectString", /^"" is not a ZooKeeper connect string/],
      ],
    ],
    [
      "connect strings as Outputs, checked once they resolve",
      { ...CONNECTION, connectString: pulumi.output("zk-1:2181/flink") },
      [],
    ],
    [
      "a maxSessionTimeout below 2 ticks",
      { ...CONNECTION, maxSessionTimeout: 999 },
      [["zookeeper.maxSessionTimeout", /^999 is not allowed; use a whole number from 1000 to/]],
    ],
  ];
  for (const [title, reference, expected] of cases) {
    void it(title, () => {
      const problems = referenceProblems(reference as ZooKeeperConnection);
      assert.deepEqual(
        problems.map((p) => p.property),
        expected.map(([property]) => property),
      );
      problems.forEach((p, i) => {
        assert.match(p.reason, expected[i]?.[1] ?? /^$/);
      });
    });
  }
});

void describe("the zookeeper reference in both client components", () => {
  const oozie = (zookeeper: ZooKeeperConnection): OozieHaClusterArgs => ({
    image: "example/oozie:5.2.1",
    zookeeper,
    baseUrl: "http://oozie-vip:11000/oozie",
    database: {
      driver: "org.postgresql.Driver",
      url: "jdbc:postgresql://db/oozie",
      username: "oozie",
      password: "p",
    },
  });
  const bad = { ...CONNECTION, tickTime: -1 };

  void it("is checked with the same words by Flink and Oozie", () => {
    const flinkProblems = validateFlinkCluster("f", { flinkVersion: "2.1.1", zookeeper: bad });
    const oozieProblems = validateOozieCluster("o", oozie(bad));
    const tick = (problems: { property: string; reason: string }[]) =>
      problems.filter((p) => p.property === "zookeeper.tickTime");
    assert.deepEqual(tick(flinkProblems), tick(oozieProblems));
    assert.equal(tick(flinkProblems).length, 1);
  });

  void it("checks the connect string with the same words for Flink and Oozie", () => {
    const chroot = { ...CONNECTION, connectString: "zk-1:2181/x" };
    const connect = (problems: { property: string; reason: string }[]) =>
      problems.filter((p) => p.property === "zookeeper.connectString");
    const flinkProblems = connect(
      validateFlinkCluster("f", { flinkVersion: "2.1.1", zookeeper: chroot }),
    );
    assert.equal(flinkProblems.length, 1);
    assert.deepEqual(connect(validateOozieCluster("o", oozie(chroot))), flinkProblems);
  });

  void it("needs a network for unplaced Oozie servers", () => {
    const withoutNetwork: ZooKeeperConnection = { ...CONNECTION };
    delete withoutNetwork.networkName;
    assert.deepEqual(
      validateOozieCluster("o", oozie(withoutNetwork)).map((p) => p.property),
      ["zookeeper.networkName"],
    );
  });
});
