import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { FlinkHaCluster } from "../../src/flink/cluster";
import type { FlinkHaClusterArgs } from "../../src/flink/flinkArgs";
import { OozieHaCluster } from "../../src/oozie/cluster";
import type { OozieHaClusterArgs } from "../../src/oozie/clusterArgs";
import { HaPlatform } from "../../src/platform/platform";
import { PostgresDatabase } from "../../src/postgres/database";
import { ZooKeeperEnsemble } from "../../src/zookeeper/ensemble";
import { addressesOverlap, engineAddress, nested } from "../../src/common/ownership";
import { recordProgram, startRecording } from "../helpers/recordingMonitor";
import { collectUnhandledRejections } from "../helpers/unhandledRejections";

const ZK = {
  connectString: "zk-1:2181",
  tickTime: 250,
  readinessConnectString: "127.0.0.1:2181",
  networkName: "zk-net",
};

function flink(args: Partial<FlinkHaClusterArgs> = {}): FlinkHaClusterArgs {
  return { flinkVersion: "2.1.1", zookeeper: ZK, ...args };
}

function oozie(args: Partial<OozieHaClusterArgs> = {}): OozieHaClusterArgs {
  return {
    image: "example/oozie:5.2.1",
    zookeeper: ZK,
    baseUrl: "http://oozie-vip:11000/oozie",
    database: {
      driver: "org.postgresql.Driver",
      url: "jdbc:postgresql://db:5432/oozie",
      username: "oozie",
      password: "secret",
    },
    ...args,
  };
}

/** Docker engines other than the default, made once per program by `engine(i)`. */
type Engines = (index: number) => docker.Provider;

interface Refusal {
  readonly message: string;
  readonly errors: { propertyPath: string; reason: string }[];
}

/**
 * Runs `program` as one run of the engine; returns the error the last component threw, if any.
 * Components are built in order, so the second owner of a thing is the one refused.
 */
async function run(program: (engine: Engines) => unknown): Promise<Refusal | undefined> {
  let thrown: unknown;
  const { settled } = startRecording(() => {
    const providers = new Map<number, docker.Provider>();
    const engine: Engines = (i) => {
      const existing = providers.get(i);
      if (existing) {
        return existing;
      }
      const created = new docker.Provider(`engine-${i}`, { host: `ssh://docker@host-${i}` });
      providers.set(i, created);
      return created;
    };
    try {
      program(engine);
    } catch (error) {
      thrown = error;
    }
  });
  await settled;
  if (thrown === undefined) {
    return undefined;
  }
  assert.ok(pulumi.InputPropertiesError.isInstance(thrown), "expected invalid inputs");
  return { message: (thrown as Error).message, errors: thrown.errors };
}

type Case = [
  title: string,
  program: (engine: Engines) => unknown,
  /** The refused component's description, its field and a pattern naming the first owner. */
  expected: [description: string, field: string, reason: RegExp] | "accepted",
];

function table(cases: readonly Case[]): void {
  for (const [title, program, expected] of cases) {
    void it(expected === "accepted" ? `accepts ${title}` : `refuses ${title}`, async () => {
      const refusal = await run(program);
      if (expected === "accepted") {
        assert.equal(refusal, undefined, refusal?.message);
        return;
      }
      assert.ok(refusal, "expected a refusal");
      const [description, field, reason] = expected;
      assert.match(refusal.message, new RegExp(`^${description} has \\d+ invalid input`));
      assert.equal(refusal.errors[0]?.propertyPath, field);
      const first = refusal.errors[0];
      assert.ok(first);
      assert.match(first.reason, reason);
    });
  }
}

void describe("clashes: published host ports", () => {
  table([
    [
      "a ZooKeeper port base overlapping Flink's REST ports",
      () => {
        new FlinkHaCluster("analytics", flink({ namePrefix: "analytics" }));
        new ZooKeeperEnsemble("zk", { namePrefix: "zk", hostClientPortBase: 8080 });
      },
      [
        'ZooKeeperEnsemble "zk"',
        "hostClientPortBase",
        /^host port 127\.0\.0\.1:8081 is also published by FlinkHaCluster "analytics" \(hostRestPortBase\)/,
      ],
    ],
    [
      "two ensembles with one port base",
      () => {
        new ZooKeeperEnsemble("a", { namePrefix: "a", hostClientPortBase: 2181 });
        new ZooKeeperEnsemble("b", { namePrefix: "b", hostClientPortBase: 2183 });
      },
      [
        'ZooKeeperEnsemble "b"',
        "hostClientPortBase",
        /127\.0\.0\.1:2183 is also published by ZooKeeperEnsemble "a"/,
      ],
    ],
    [
      "Oozie's HTTP ports over Flink's REST ports",
      () => {
        new FlinkHaCluster("f", flink({ namePrefix: "f", hostRestPortBase: 11000 }));
        new OozieHaCluster("o", oozie({ namePrefix: "o", hostHttpPortBase: 11001 }));
      },
      [
        'OozieHaCluster "o"',
        "hostHttpPortBase",
        /127\.0\.0\.1:11001 is also published by FlinkHaCluster "f"/,
      ],
    ],
    [
      "a wildcard address over a loopback one",
      () => {
        new ZooKeeperEnsemble("a", { namePrefix: "a", hostClientPortBase: 2181 });
        new ZooKeeperEnsemble("b", {
          namePrefix: "b",
          hostClientPortBase: 2181,
          publishAddress: "0.0.0.0",
          allowNonLoopbackPublish: true,
        });
      },
      ['ZooKeeperEnsemble "b"', "hostClientPortBase", /0\.0\.0\.0:2181 .*\(on 127\.0\.0\.1\)/],
    ],
    [
      "one port on ::1 written two ways",
      () => {
        new ZooKeeperEnsemble("a", {
          namePrefix: "a",
          hostClientPortBase: 2181,
          publishAddress: "::1",
        });
        new ZooKeeperEnsemble("b", {
          namePrefix: "b",
          hostClientPortBase: 2181,
          publishAddress: "0:0:0:0:0:0:0:1",
        });
      },
      [
        'ZooKeeperEnsemble "b"',
        "hostClientPortBase",
        /^host port \[0:0:0:0:0:0:0:1\]:2181 is also published \(on ::1\) by ZooKeeperEnsemble "a"/,
      ],
    ],
    [
      "the IPv6 wildcard written in full over a loopback address",
      () => {
        new ZooKeeperEnsemble("a", { namePrefix: "a", hostClientPortBase: 2181 });
        new ZooKeeperEnsemble("b", {
          namePrefix: "b",
          hostClientPortBase: 2181,
          publishAddress: "0:0:0:0:0:0:0:0",
          allowNonLoopbackPublish: true,
        });
      },
      ['ZooKeeperEnsemble "b"', "hostClientPortBase", /\(on 127\.0\.0\.1\)/],
    ],
    [
      "one port on two loopback addresses",
      () => {
        new ZooKeeperEnsemble("a", { namePrefix: "a", hostClientPortBase: 2181 });
        new ZooKeeperEnsemble("b", {
          namePrefix: "b",
          hostClientPortBase: 2181,
          publishAddress: "127.0.0.2",
        });
      },
      "accepted",
    ],
    [
      "one port on two Docker engines",
      (engine) => {
        new ZooKeeperEnsemble("a", { hostClientPortBase: 2181 }, { provider: engine(1) });
        new ZooKeeperEnsemble("b", { hostClientPortBase: 2181 }, { provider: engine(2) });
      },
      "accepted",
    ],
    [
      "the platform's ZooKeeper ports over its Flink REST ports",
      () => {
        new HaPlatform("ha", {
          zookeeper: { hostClientPortBase: 8080 },
          flink: { flinkVersion: "2.1.1" },
        });
      },
      // The platform checks its parts against each other before building any.
      [
        'HaPlatform "ha"',
        "flink.hostRestPortBase",
        /127\.0\.0\.1:8081 is also published by ZooKeeperEnsemble "ha-zookeeper" \(zookeeper\.hostClientPortBase\)/,
      ],
    ],
  ]);
});

void describe("clashes: Docker container, volume and network names", () => {
  table([
    [
      "two Flink clusters with one namePrefix",
      () => {
        new FlinkHaCluster("a", flink({ namePrefix: "shared", clusterId: "/a" }));
        new FlinkHaCluster(
          "b",
          flink({ namePrefix: "shared", clusterId: "/b", hostRestPortBase: 9081 }),
        );
      },
      [
        'FlinkHaCluster "b"',
        "namePrefix",
        /^Docker volume name "shared-flink-ha" is also created by FlinkHaCluster "a" \(namePrefix\)/,
      ],
    ],
    [
      "two ensembles with one namePrefix",
      () => {
        new ZooKeeperEnsemble("a", { namePrefix: "zk" });
        new ZooKeeperEnsemble("b", { namePrefix: "zk" });
      },
      [
        'ZooKeeperEnsemble "b"',
        "namePrefix",
        /^Docker network name "zk-zk" is also created by ZooKeeperEnsemble "a" \(namePrefix\)/,
      ],
    ],
    [
      "two databases with one namePrefix",
      () => {
        new PostgresDatabase("db1", { networkName: "n", namePrefix: "p" });
        new PostgresDatabase("db2", { networkName: "n", namePrefix: "p" });
      },
      [
        'PostgresDatabase "db2"',
        "namePrefix",
        /^Docker container name "p-db" is also created by PostgresDatabase "db1" \(namePrefix\)/,
      ],
    ],
    [
      "two Oozie clusters with one namePrefix",
      () => {
        new OozieHaCluster("o1", oozie({ namePrefix: "o" }));
        new OozieHaCluster("o2", oozie({ namePrefix: "o" }));
      },
      [
        'OozieHaCluster "o2"',
        "namePrefix",
        /^Docker container name "o-oozie-1" is also created by OozieHaCluster "o1"/,
      ],
    ],
    [
      "one namePrefix on two Docker engines",
      (engine) => {
        new ZooKeeperEnsemble("a", { namePrefix: "zk" }, { provider: engine(1) });
        new ZooKeeperEnsemble("b", { namePrefix: "zk" }, { provider: engine(2) });
      },
      "accepted",
    ],
    [
      "two components whose default names differ",
      () => {
        new ZooKeeperEnsemble("a", {});
        new ZooKeeperEnsemble("b", {});
      },
      "accepted",
    ],
  ]);
});

void describe("clashes: a JobManager's own ports", () => {
  table([
    [
      "jobManagerPorts taking the REST port",
      () => new FlinkHaCluster("f", flink({ jobManagerPorts: "8080-8090" })),
      ['FlinkHaCluster "f"', "jobManagerPorts", /"8080-8090" includes restPort 8081/],
    ],
    [
      "jobManagerPorts taking a moved REST port",
      () => new FlinkHaCluster("f", flink({ jobManagerPorts: 9000, restPort: 9000 })),
      ['FlinkHaCluster "f"', "jobManagerPorts", /"9000" includes restPort 9000/],
    ],
    [
      "jobManagerPorts taking the blob server port the image pins",
      () => new FlinkHaCluster("f", flink({ jobManagerPorts: "6123,6124" })),
      ['FlinkHaCluster "f"', "jobManagerPorts", /the blob server port 6124 \(pinned/],
    ],
    [
      "jobManagerPorts beside both",
      () => new FlinkHaCluster("f", flink({ jobManagerPorts: "6123,6125-6130" })),
      "accepted",
    ],
  ]);
});

void describe("clashes: Flink HA paths on one ensemble", () => {
  table([
    [
      "equal paths",
      () => {
        new FlinkHaCluster("a", flink({ namePrefix: "a", clusterId: "/jobs" }));
        new FlinkHaCluster(
          "b",
          flink({ namePrefix: "b", clusterId: "/jobs", hostRestPortBase: 9081 }),
        );
      },
      [
        'FlinkHaCluster "b"',
        "clusterId",
        /^HA path \/flink\/jobs on the same ZooKeeper ensemble is also used by FlinkHaCluster "a" \(clusterId\)/,
      ],
    ],
    [
      "a path inside another",
      () => {
        new FlinkHaCluster("a", flink({ namePrefix: "a", clusterId: "/a" }));
        new FlinkHaCluster(
          "b",
          flink({ namePrefix: "b", clusterId: "/a/b", hostRestPortBase: 9081 }),
        );
      },
      ['FlinkHaCluster "b"', "clusterId", /^HA path \/flink\/a\/b nests with \/flink\/a .* "a"/],
    ],
    [
      "a root around another cluster's path",
      () => {
        new FlinkHaCluster("a", flink({ namePrefix: "a", clusterId: "/a" }));
        new FlinkHaCluster(
          "b",
          flink({ namePrefix: "b", pathRoot: "/flink/a/x", hostRestPortBase: 9081 }),
        );
      },
      ['FlinkHaCluster "b"', "pathRoot", /nests with \/flink\/a/],
    ],
    [
      "the same logical name under different parents",
      () => {
        for (const parent of ["team-1", "team-2"]) {
          const component = new pulumi.ComponentResource("test:index:Team", parent);
          new FlinkHaCluster(
            "flink",
            flink({
              namePrefix: parent,
              clusterId: "/jobs",
              hostRestPortBase: parent === "team-1" ? 8081 : 9081,
            }),
            { parent: component },
          );
        }
      },
      ['FlinkHaCluster "flink"', "clusterId", /\/flink\/jobs .* used by FlinkHaCluster "flink"/],
    ],
    [
      "siblings whose names share a prefix",
      () => {
        new FlinkHaCluster("a", flink({ namePrefix: "a", clusterId: "/a" }));
        new FlinkHaCluster(
          "b",
          flink({ namePrefix: "b", clusterId: "/ab", hostRestPortBase: 9081 }),
        );
      },
      "accepted",
    ],
    [
      "one path on two ensembles",
      () => {
        new FlinkHaCluster("a", flink({ namePrefix: "a", clusterId: "/jobs" }));
        new FlinkHaCluster(
          "b",
          flink({
            namePrefix: "b",
            clusterId: "/jobs",
            hostRestPortBase: 9081,
            zookeeper: { ...ZK, connectString: "other-zk-1:2181" },
          }),
        );
      },
      "accepted",
    ],
  ]);
});

void describe("clashes are scoped to one run of one program", () => {
  const twice = (): void => {
    new ZooKeeperEnsemble("zk", { namePrefix: "zk", hostClientPortBase: 2181 });
    new FlinkHaCluster("f", flink({ namePrefix: "f", clusterId: "/jobs" }));
  };

  void it("does not carry claims from one program to the next in one process", async () => {
    assert.equal(await run(twice), undefined);
    assert.equal(await run(twice), undefined);
  });

  void it("does not carry claims across stacks run one after the other", async () => {
    await recordProgram(twice, { project: "p1" });
    const monitor = await recordProgram(twice, { project: "p2" });
    assert.ok(monitor.registrations.some((r) => r.name === "f-jm-1"));
  });

  void it("does not refuse a renamed resource as a clash with its old self", async () => {
    assert.equal(await run(() => new FlinkHaCluster("old", flink({ namePrefix: "f" }))), undefined);
    assert.equal(
      await run(
        () =>
          new FlinkHaCluster("new", flink({ namePrefix: "f" }), {
            aliases: [{ name: "old" }],
          }),
      ),
      undefined,
    );
  });

  void it("still refuses within the one run", async () => {
    const refusal = await run(() => {
      twice();
      twice();
    });
    assert.match(refusal?.message ?? "", /^ZooKeeperEnsemble "zk" has/);
  });
});

void describe("overlap rules", () => {
  const paths: [string, string, boolean][] = [
    ["/flink/a", "/flink/a", true],
    ["/flink/a", "/flink/a/b", true],
    ["/flink/a/b", "/flink/a", true],
    ["/flink/a", "/flink/ab", false],
    ["/flink/a", "/other/a", false],
  ];
  for (const [a, b, expected] of paths) {
    void it(`${a} and ${b} ${expected ? "nest" : "do not nest"}`, () => {
      assert.equal(nested(a, b), expected);
    });
  }
  const addresses: [string, string, boolean][] = [
    ["127.0.0.1", "127.0.0.1", true],
    ["127.0.0.1", "127.0.0.2", false],
    ["0.0.0.0", "127.0.0.1", true],
    ["::", "::1", true],
    ["::1", "127.0.0.1", false],
    // By value, however written.
    ["::1", "0:0:0:0:0:0:0:1", true],
    ["[::1]", "::1", true],
    ["FE80::1", "fe80:0:0:0:0:0:0:1", true],
    ["::ffff:127.0.0.1", "::ffff:7f00:1", true],
    ["0:0:0:0:0:0:0:0", "127.0.0.1", true],
    ["[::]", "10.0.0.1", true],
    ["::2", "0:0:0:0:0:0:0:1", false],
  ];
  for (const [a, b, expected] of addresses) {
    void it(`${a} and ${b} ${expected ? "overlap" : "do not overlap"}`, () => {
      assert.equal(addressesOverlap(a, b), expected);
    });
  }
});

void describe("default Docker names carry the project and stack", () => {
  const program = (): void => {
    new ZooKeeperEnsemble("zk", {});
    new PostgresDatabase("db", { networkName: "n" });
  };
  const dockerNames = async (stack: string, project = "zkha"): Promise<string[]> => {
    const { monitor, settled } = startRecording(program, { project, stack });
    await settled;
    return monitor.registrations
      .filter((r) => r.type.startsWith("docker:index/"))
      .map((r) => String(r.inputs["name"]))
      .sort();
  };

  void it("prefixes every default name with <project>-<stack>-<name>", async () => {
    assert.deepEqual(await dockerNames("test"), [
      "zkha-test-db-db",
      "zkha-test-db-db-data",
      "zkha-test-zk-zk",
      "zkha-test-zk-zk-1",
      "zkha-test-zk-zk-1-data",
      "zkha-test-zk-zk-1-datalog",
      "zkha-test-zk-zk-2",
      "zkha-test-zk-zk-2-data",
      "zkha-test-zk-zk-2-datalog",
      "zkha-test-zk-zk-3",
      "zkha-test-zk-zk-3-data",
      "zkha-test-zk-zk-3-datalog",
    ]);
  });

  void it("gives two stacks of one program disjoint names, so neither adopts the other's volumes", async () => {
    const first = new Set(await dockerNames("dev"));
    const second = await dockerNames("Prod_EU");
    assert.ok(
      second.every((n) => n.startsWith("zkha-prod-eu-")),
      second.join(", "),
    );
    assert.deepEqual(
      second.filter((n) => first.has(n)),
      [],
    );
  });

  void it("keeps an explicit namePrefix exactly as given", async () => {
    const monitor = await recordProgram(() => new ZooKeeperEnsemble("zk", { namePrefix: "ha" }));
    assert.deepEqual(
      monitor.ofType("docker:index/container:Container").map((r) => r.inputs["name"]),
      ["ha-zk-1", "ha-zk-2", "ha-zk-3"],
    );
  });
});

/** A provider for `host` (undefined: none given), made inside the program. */
type ProviderFor = (name: string, host?: pulumi.Input<string>) => docker.Provider;

/**
 * Runs `program` as one run; returns every error it raised, at construction or once the
 * providers' hosts resolve.
 */
async function runAll(
  program: (provider: ProviderFor) => unknown,
  options: { preview?: boolean } = {},
): Promise<unknown[]> {
  const thrown: unknown[] = [];
  const rejections = await collectUnhandledRejections(async () => {
    const { settled } = startRecording(() => {
      try {
        program((name, host) => new docker.Provider(name, host === undefined ? {} : { host }));
      } catch (error) {
        thrown.push(error);
      }
    }, options);
    await settled;
  });
  return [...thrown, ...rejections];
}

const sameNames = (
  first: docker.Provider | undefined,
  second: docker.Provider | undefined,
): void => {
  new ZooKeeperEnsemble("a", { namePrefix: "shared" }, first ? { provider: first } : {});
  new ZooKeeperEnsemble("b", { namePrefix: "shared" }, second ? { provider: second } : {});
};

void describe("clashes: two Docker providers that reach one engine", () => {
  const cases: [
    title: string,
    program: (provider: ProviderFor) => unknown,
    expected: RegExp | "accepted",
  ][] = [
    [
      "two providers with one ssh host, written differently",
      (p) => {
        sameNames(p("p1", "ssh://docker@host-1"), p("p2", "SSH://admin@Host-1:22/"));
      },
      /Docker container name "shared-zk-1" is also created by ZooKeeperEnsemble "a" \(namePrefix\), through another Docker provider reaching ssh:\/\/host-1:22;/,
    ],
    [
      "the default provider and a provider without host (both the local socket)",
      (p) => {
        sameNames(undefined, p("local"));
      },
      /"shared-zk-1" is also created by ZooKeeperEnsemble "a" \(namePrefix\), through another Docker provider reaching unix:\/\/\/var\/run\/docker\.sock;/,
    ],
    [
      "the default provider and one on unix:///var/run/docker.sock",
      (p) => {
        sameNames(undefined, p("socket", "unix:///var/run/docker.sock"));
      },
      /also created by ZooKeeperEnsemble "a"/,
    ],
    [
      "providers on /run/docker.sock and /var/run/docker.sock",
      (p) => {
        sameNames(p("run", "unix:///run/docker.sock"), p("var-run", "unix:///var/run/docker.sock"));
      },
      /also created by ZooKeeperEnsemble "a"/,
    ],
    [
      "one host port published through two providers of one tcp engine",
      (p) => {
        new ZooKeeperEnsemble(
          "a",
          { namePrefix: "a", hostClientPortBase: 2181 },
          { provider: p("p1", "tcp://LOCALHOST") },
        );
        new ZooKeeperEnsemble(
          "b",
          { namePrefix: "b", hostClientPortBase: 2183 },
          { provider: p("p2", "tcp://127.0.0.1:2375") },
        );
      },
      /host port 127\.0\.0\.1:2183 is also published by ZooKeeperEnsemble "a" \(hostClientPortBase\), through another Docker provider reaching tcp:\/\/127\.0\.0\.1:2375;/,
    ],
    [
      "one prefix on two engines",
      (p) => {
        sameNames(p("p1", "ssh://docker@host-1"), p("p2", "ssh://docker@host-2"));
      },
      "accepted",
    ],
    [
      "one prefix on two tcp ports of one host",
      (p) => {
        sameNames(p("p1", "tcp://10.0.0.5:2375"), p("p2", "tcp://10.0.0.5:2376"));
      },
      "accepted",
    ],
    [
      "one provider object used twice with different prefixes",
      (p) => {
        const shared = p("p1", "ssh://docker@host-1");
        new ZooKeeperEnsemble("a", { namePrefix: "a" }, { provider: shared });
        new ZooKeeperEnsemble("b", { namePrefix: "b" }, { provider: shared });
      },
      "accepted",
    ],
  ];
  for (const [title, program, expected] of cases) {
    void it(`${expected === "accepted" ? "accepts" : "refuses"} ${title}`, async () => {
      const errors = await runAll(program);
      if (expected === "accepted") {
        assert.deepEqual(errors.map(String), []);
        return;
      }
      // Raised once the hosts resolve, so never at construction; one failure, which Pulumi's
      // Outputs may report more than once.
      assert.ok(errors.length > 0, "no error");
      for (const error of errors) {
        assert.ok(!(error instanceof TypeError), String(error));
        assert.ok(pulumi.InputPropertiesError.isInstance(error), String(error));
        assert.ok(pulumi.ResourceError.isInstance(error));
        assert.equal(error.resource?.constructor.name, "ZooKeeperEnsemble");
        assert.match(error.message, /^ZooKeeperEnsemble "b" has \d+ invalid input/);
        assert.ok(
          error.errors.some((e) => expected.test(e.reason)),
          error.errors.map((e) => e.reason).join("\n"),
        );
      }
    });
  }

  void it("leaves a provider whose host is unknown in a preview to the run that knows it", async () => {
    const errors = await runAll(
      (p) => {
        sameNames(undefined, p("later", pulumi.output(pulumi.unknown) as pulumi.Output<string>));
      },
      { preview: true },
    );
    assert.deepEqual(errors.map(String), []);
  });

  void it("keeps two runs apart", async () => {
    const program: (p: ProviderFor) => void = (p) =>
      new ZooKeeperEnsemble("a", { namePrefix: "shared" }, { provider: p("p1") });
    assert.deepEqual(await runAll(program), []);
    assert.deepEqual(await runAll(program), []);
  });
});

void describe("engine addresses", () => {
  const cases: [host: string | undefined, address: string][] = [
    [undefined, "unix:///var/run/docker.sock"],
    ["", "unix:///var/run/docker.sock"],
    ["unix:///var/run/docker.sock", "unix:///var/run/docker.sock"],
    ["unix:///run/docker.sock", "unix:///var/run/docker.sock"],
    ["UNIX://var/run//docker.sock/", "unix:///var/run/docker.sock"],
    ["unix:///home/u/.docker/run/docker.sock", "unix:///home/u/.docker/run/docker.sock"],
    ["ssh://docker@Host-1", "ssh://host-1:22"],
    ["ssh://host-1:2222", "ssh://host-1:2222"],
    ["tcp://localhost", "tcp://127.0.0.1:2375"],
    ["http://10.0.0.5:2375/", "tcp://10.0.0.5:2375"],
    ["tcp://[::1]:2376", "tcp://[::1]:2376"],
    ["https://engine.example", "https://engine.example:2376"],
    ["npipe:////./pipe/docker_engine", "npipe:////./pipe/docker_engine"],
  ];
  for (const [host, address] of cases) {
    void it(`${JSON.stringify(host)} is ${address}`, () => {
      assert.equal(engineAddress(host), address);
    });
  }
});
