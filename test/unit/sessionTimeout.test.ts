import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sessionTimeoutOf } from "../../src/flink/flinkSpec";
import { validateFlinkCluster } from "../../src/flink/validateFlink";
import type { OozieHaClusterArgs } from "../../src/oozie/clusterArgs";
import { oozieSessionTimeoutSeconds } from "../../src/oozie/sessionTimeout";
import { validateOozieCluster } from "../../src/oozie/validateCluster";
import { validatePlatform } from "../../src/platform/validatePlatform";
import type { ZooKeeperConnection } from "../../src/zookeeper/reference";
import { grantedDefault, grantedRange } from "../../src/zookeeper/sessionTimeout";

function zk(tickTime: number, maxSessionTimeout?: number): ZooKeeperConnection {
  return {
    connectString: "zk-1:2181",
    readinessConnectString: "127.0.0.1:2181",
    networkName: "zk-net",
    tickTime,
    ...(maxSessionTimeout === undefined ? {} : { maxSessionTimeout }),
  };
}

function oozie(zookeeper: ZooKeeperConnection, extra: Partial<OozieHaClusterArgs> = {}) {
  return {
    image: "example/oozie:5.2.1",
    zookeeper,
    baseUrl: "http://oozie-vip:11000/oozie",
    database: {
      driver: "org.postgresql.Driver",
      url: "jdbc:postgresql://db/oozie",
      username: "oozie",
      password: "p",
    },
    ...extra,
  };
}

const problemsOf = (problems: { property: string; reason: string }[]): string[][] =>
  problems.map((p) => [p.property, p.reason]);

void describe("what the ensemble grants", () => {
  void it("is 2 ticks to maxSessionTimeout, in whole units of the client", () => {
    assert.deepEqual(grantedRange({ tickTime: 250, maxSessionTimeout: 40000 }, "ms"), {
      min: 500,
      max: 40000,
    });
    assert.deepEqual(grantedRange({ tickTime: 250, maxSessionTimeout: 40000 }, "seconds"), {
      min: 1,
      max: 40,
    });
    assert.deepEqual(grantedRange({ tickTime: 300, maxSessionTimeout: 900 }, "seconds"), {
      min: 1,
      max: 0,
    });
  });

  void it("keeps a default inside", () => {
    const timing = { tickTime: 250, maxSessionTimeout: 40000 };
    assert.equal(grantedDefault(1500, timing, "ms"), 1500);
    assert.equal(grantedDefault(60000, timing, "ms"), 40000);
    assert.equal(grantedDefault(100, timing, "ms"), 500);
    assert.equal(grantedDefault(2400, timing, "seconds"), 3);
  });
});

void describe("session timeout defaults, in ticks of the ensemble", () => {
  const cases: [string, ZooKeeperConnection, number, number][] = [
    ["tickTime 250, the ZooKeeperEnsemble default", zk(250, 40000), 1500, 6],
    ["tickTime 2000, ZooKeeper's default", zk(2000, 40000), 12000, 40],
    ["tickTime 5000, 20 ticks granted", zk(5000), 30000, 100],
    ["tickTime 5000, a low maxSessionTimeout", zk(5000, 12000), 12000, 12],
    ["tickTime 100", zk(100), 600, 2],
  ];
  for (const [title, zookeeper, flinkMs, oozieSeconds] of cases) {
    void it(title, () => {
      assert.equal(sessionTimeoutOf({ zookeeper }), flinkMs);
      assert.equal(oozieSessionTimeoutSeconds({ zookeeper }), oozieSeconds);
      assert.deepEqual(validateFlinkCluster("f", { flinkVersion: "2.1.1", zookeeper }), []);
      assert.deepEqual(validateOozieCluster("o", oozie(zookeeper)), []);
    });
  }
});

void describe("a session timeout ZooKeeper would change is refused at preview", () => {
  void it("by Flink: 1500 ms on a tickTime of 5000", () => {
    assert.deepEqual(
      problemsOf(
        validateFlinkCluster("f", {
          flinkVersion: "2.1.1",
          zookeeper: zk(5000),
          sessionTimeoutMs: 1500,
        }),
      ),
      [
        [
          "sessionTimeoutMs",
          "1500 ms is outside what the ensemble grants with tickTime 5000 ms: 10000..100000 ms (2 ticks to its maxSessionTimeout), and ZooKeeper would silently change it; set sessionTimeoutMs from 10000 to 100000, or leave it unset for the default, 6 ticks",
        ],
      ],
    );
  });

  void it("by Oozie: 6 s on a tickTime of 5000, and 300 s above the maximum", () => {
    assert.deepEqual(
      problemsOf(validateOozieCluster("o", oozie(zk(5000), { zookeeperSessionTimeoutSeconds: 6 }))),
      [
        [
          "zookeeperSessionTimeoutSeconds",
          "6 seconds is outside what the ensemble grants with tickTime 5000 ms: 10..100 seconds (2 ticks to its maxSessionTimeout), and ZooKeeper would silently change it; set zookeeperSessionTimeoutSeconds from 10 to 100, or leave it unset for the default, 24 ticks",
        ],
      ],
    );
    assert.deepEqual(
      validateOozieCluster("o", oozie(zk(250, 40000), { zookeeperSessionTimeoutSeconds: 300 })).map(
        (p) => p.property,
      ),
      ["zookeeperSessionTimeoutSeconds"],
    );
  });

  void it("by Oozie even unset, when no whole second is granted", () => {
    assert.deepEqual(problemsOf(validateOozieCluster("o", oozie(zk(300, 900)))), [
      [
        "zookeeperSessionTimeoutSeconds",
        "the ensemble grants sessions of 600..900 ms (2 ticks to its maxSessionTimeout), which holds no whole number of seconds; give the ensemble a maxSessionTimeout of at least 1000 ms",
      ],
    ]);
  });

  void it("by HaPlatform, against its own ensemble's timing", () => {
    const problems = validatePlatform("ha", {
      zookeeper: { tickTime: 5000 },
      flink: { flinkVersion: "2.1.1", sessionTimeoutMs: 1500 },
      oozie: { image: "example/oozie:5.2.1", baseUrl: "http://vip:11000/oozie" },
    });
    assert.deepEqual(
      problems.map((p) => p.property),
      ["flink.sessionTimeoutMs"],
    );
  });
});
