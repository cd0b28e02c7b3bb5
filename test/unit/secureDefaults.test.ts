import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { policies } from "../../policy/policies";
import { FlinkHaCluster, LABELS, OozieHaCluster } from "../../src";
import { isLoopbackAddress } from "../../src/common/addresses";
import type { Problem } from "../../src/common/problems";
import type { FlinkHaClusterArgs } from "../../src/flink/flinkArgs";
import { validateFlinkCluster } from "../../src/flink/validateFlink";
import type { OozieHaClusterArgs } from "../../src/oozie/clusterArgs";
import { validateOozieCluster } from "../../src/oozie/validateCluster";
import type { ZooKeeperEnsembleArgs } from "../../src/zookeeper/ensembleArgs";
import { validateEnsemble } from "../../src/zookeeper/validateEnsemble";
import { recordProgram } from "../helpers/recordingMonitor";

const ZK = {
  connectString: "zk-1:2181",
  tickTime: 250,
  maxSessionTimeout: 40000,
  readinessConnectString: "127.0.0.1:2181",
  networkName: "n",
};
const FLINK: FlinkHaClusterArgs = { flinkVersion: "2.1.1", zookeeper: ZK };
const OOZIE: OozieHaClusterArgs = {
  image: "example/oozie:5.2.1",
  zookeeper: ZK,
  baseUrl: "http://lb:11000/oozie",
  hostHttpPortBase: 11000,
  database: {
    driver: "org.postgresql.Driver",
    url: "jdbc:postgresql://db/oozie",
    username: "oozie",
    password: "pw",
  },
};

void describe("loopback addresses are parsed", () => {
  const cases: [string, boolean][] = [
    ["127.0.0.1", true],
    ["127.255.1.2", true],
    ["::1", true],
    ["0:0:0:0:0:0:0:1", true],
    ["::ffff:127.0.0.1", true],
    ["0.0.0.0", false],
    ["::", false],
    ["10.0.0.5", false],
    ["128.0.0.1", false],
    ["::2", false],
    ["999.1.1.1", false],
    ["127.0.0.256", false],
    ["localhost", false],
    ["127.1", false],
    ["", false],
  ];
  for (const [address, loopback] of cases) {
    void it(`${JSON.stringify(address)} is ${loopback ? "" : "not "}loopback`, () => {
      assert.equal(isLoopbackAddress(address), loopback);
    });
  }
});

/** Each role's validator, given its publish address and opt-in; only publishAddress problems. */
const ROLES: [string, string, (address: string, optIn: boolean) => Problem[]][] = [
  [
    "ZooKeeper",
    "ZooKeeper",
    (publishAddress, allowNonLoopbackPublish) =>
      validateEnsemble("zk", {
        hostClientPortBase: 2181,
        publishAddress,
        allowNonLoopbackPublish,
      } satisfies ZooKeeperEnsembleArgs),
  ],
  [
    "Flink",
    "Flink's REST API (which accepts jar uploads and runs them)",
    (publishAddress, allowNonLoopbackPublish) =>
      validateFlinkCluster("f", { ...FLINK, publishAddress, allowNonLoopbackPublish }),
  ],
  [
    "Oozie",
    "Oozie's HTTP API",
    (publishAddress, allowNonLoopbackPublish) =>
      validateOozieCluster("o", { ...OOZIE, publishAddress, allowNonLoopbackPublish }),
  ],
];

void describe("every role publishes on loopback unless its owner opts in", () => {
  const exposes = ["0.0.0.0", "::", "10.0.0.5", "2001:db8::1", "::ffff:10.0.0.5"];
  const loopback = ["127.0.0.1", "127.9.9.9", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"];
  const notIp = ["999.1.1.1", "1.2.3", "localhost", "127.0.0.1 ", "::g"];
  for (const [role, what, problemsOf] of ROLES) {
    for (const address of loopback) {
      void it(`${role}: ${address} passes without the opt-in`, () => {
        assert.deepEqual(problemsOf(address, false), []);
      });
    }
    for (const address of exposes) {
      void it(`${role}: ${address} is refused without the opt-in, allowed with it`, () => {
        assert.deepEqual(problemsOf(address, false), [
          {
            property: "publishAddress",
            reason: `publishing ${what} on ${address} exposes it beyond this host without authentication; use 127.0.0.1, or set allowNonLoopbackPublish: true`,
          },
        ]);
        assert.deepEqual(problemsOf(address, true), []);
      });
    }
    for (const address of notIp) {
      void it(`${role}: ${JSON.stringify(address)} is not an IP address, opt-in or not`, () => {
        for (const optIn of [false, true]) {
          assert.deepEqual(problemsOf(address, optIn), [
            { property: "publishAddress", reason: `"${address}" is not an IP address` },
          ]);
        }
      });
    }
  }
});

void describe("Derby is refused for several Oozie servers by what it is", () => {
  const derby =
    "Derby cannot be shared by 2 servers; use a database that takes concurrent connections (MySQL, PostgreSQL, Oracle)";
  const cases: [string, { driver: string; url: string }, string[]][] = [
    [
      "embedded driver and URL",
      { driver: "org.apache.derby.jdbc.EmbeddedDriver", url: "jdbc:derby:/db" },
      ["database.url"],
    ],
    [
      "upper-case URL",
      { driver: "org.postgresql.Driver", url: "JDBC:DERBY:/db;create=true" },
      ["database.url"],
    ],
    [
      "mixed-case URL",
      { driver: "org.postgresql.Driver", url: "Jdbc:Derby://db:1527/oozie" },
      ["database.url"],
    ],
    [
      "Derby's client driver with another URL",
      { driver: "org.apache.derby.jdbc.ClientDriver", url: "jdbc:postgresql://db/o" },
      ["database.driver"],
    ],
    [
      "upper-case driver package",
      { driver: "ORG.APACHE.DERBY.jdbc.EmbeddedDriver", url: "jdbc:postgresql://db/o" },
      ["database.driver"],
    ],
    [
      "Derby behind p6spy",
      { driver: "com.p6spy.engine.spy.P6SpyDriver", url: "jdbc:p6spy:derby:/db;create=true" },
      ["database.url"],
    ],
    [
      "Derby behind two wrappers",
      { driver: "net.sf.log4jdbc.DriverSpy", url: "jdbc:log4jdbc:otel:derby://db:1527/o" },
      ["database.url"],
    ],
    [
      "PostgreSQL behind p6spy",
      { driver: "com.p6spy.engine.spy.P6SpyDriver", url: "jdbc:p6spy:postgresql://derby/o" },
      [],
    ],
    ["PostgreSQL", { driver: "org.postgresql.Driver", url: "jdbc:postgresql://db/o" }, []],
    [
      "a database named derby on PostgreSQL",
      { driver: "org.postgresql.Driver", url: "jdbc:postgresql://derby/derby" },
      [],
    ],
    [
      "a driver class merely named like Derby",
      { driver: "org.apache.derbyish.Driver", url: "jdbc:postgresql://db/o" },
      [],
    ],
  ];
  for (const [title, database, fields] of cases) {
    void it(title, () => {
      const problems = validateOozieCluster("o", {
        ...OOZIE,
        database: { ...database, username: "oozie", password: "pw" },
      });
      assert.deepEqual(
        problems,
        fields.map((property) => ({ property, reason: derby })),
      );
    });
  }

  void it("surrounding whitespace does not hide Derby (the URL is also not a JDBC URL then)", () => {
    const problems = validateOozieCluster("o", {
      ...OOZIE,
      database: {
        driver: "org.postgresql.Driver",
        url: " jdbc:derby:/db",
        username: "o",
        password: "p",
      },
    });
    assert.deepEqual(
      problems.map((p) => [p.property, p.reason === derby]),
      [
        ["database.url", false],
        ["database.url", true],
      ],
    );
  });

  void it("one server on Derby with the opt-out stays allowed", () => {
    assert.deepEqual(
      validateOozieCluster("o", {
        ...OOZIE,
        serverCount: 1,
        allowSingleServer: true,
        database: {
          driver: "org.apache.derby.jdbc.EmbeddedDriver",
          url: "jdbc:derby:/db",
          username: "sa",
          password: "",
        },
      }),
      [],
    );
  });
});

/** The policy pack over what a program registered, as the policy SDK hands it over. */
function loopbackViolations(
  registrations: { type: string; urn: string; name: string; inputs: Record<string, unknown> }[],
): string[] {
  const policy = policies.find((p) => p.name === "loopback-only");
  assert.ok(policy);
  const resources = registrations.map(
    (r) =>
      ({ type: r.type, urn: r.urn, name: r.name, props: r.inputs }) as unknown as PolicyResource,
  );
  const reported: string[] = [];
  void policy.validateStack(
    { resources, stackTags: new Map(), getConfig: () => ({}) } as unknown as StackValidationArgs,
    (message) => reported.push(message),
  );
  return reported;
}

void describe("components record the opt-in; the policy pack reads it for every role", () => {
  const labelOf = (inputs: Record<string, unknown>): string | undefined =>
    (inputs["labels"] as { label: string; value: string }[]).find(
      (l) => l.label === LABELS.allowNonLoopbackPublish,
    )?.value;

  for (const optIn of [false, true]) {
    void it(`Flink and Oozie ${optIn ? "with" : "without"} allowNonLoopbackPublish`, async () => {
      const monitor = await recordProgram(() => {
        new FlinkHaCluster("f", {
          ...FLINK,
          allowNonLoopbackPublish: optIn,
          ...(optIn ? { publishAddress: "0.0.0.0" } : {}),
        });
        new OozieHaCluster("o", {
          ...OOZIE,
          allowNonLoopbackPublish: optIn,
          ...(optIn ? { publishAddress: "0.0.0.0" } : {}),
        });
      });
      const servers = monitor.registrations.filter((r) =>
        ["f-jm-1", "f-jm-2", "f-tm-1", "o-oozie-1", "o-oozie-2"].includes(r.name),
      );
      assert.equal(servers.length, 5);
      for (const server of servers) {
        assert.equal(labelOf(server.inputs), optIn ? "true" : undefined, server.name);
      }
      assert.deepEqual(loopbackViolations(monitor.registrations), []);
      if (optIn) {
        // Without the label the pack would refuse each published port: 2 REST, 2 HTTP.
        const unlabelled = monitor.registrations.map((r) =>
          r.type === "docker:index/container:Container"
            ? {
                ...r,
                inputs: {
                  ...r.inputs,
                  labels: (r.inputs["labels"] as { label: string }[]).filter(
                    (l) => l.label !== LABELS.allowNonLoopbackPublish,
                  ),
                },
              }
            : r,
        );
        assert.deepEqual(loopbackViolations(unlabelled).sort(), [
          "Flink JobManager port 8081 is published on 0.0.0.0; publish on 127.0.0.1, or opt in with allowNonLoopbackPublish",
          "Flink JobManager port 8082 is published on 0.0.0.0; publish on 127.0.0.1, or opt in with allowNonLoopbackPublish",
          "Oozie port 11000 is published on 0.0.0.0; publish on 127.0.0.1, or opt in with allowNonLoopbackPublish",
          "Oozie port 11001 is published on 0.0.0.0; publish on 127.0.0.1, or opt in with allowNonLoopbackPublish",
        ]);
      }
    });
  }
});
