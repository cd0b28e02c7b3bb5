import assert from "node:assert/strict";
import { before, describe, it, mock } from "node:test";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { recordProgram, type RecordingMonitor } from "../helpers/recordingMonitor";
import { FlinkHaCluster } from "../../src/flink/cluster";
import type {
  FlinkHaClusterArgs,
  FlinkPlacementArgs,
  PlainFlinkArgs,
} from "../../src/flink/flinkArgs";
import { renderFlinkConfig, renderMasters, type FlinkRole } from "../../src/flink/flinkConf";
import { placedPorts, resolveFlinkSpec } from "../../src/flink/flinkSpec";
import { validateFlinkCluster } from "../../src/flink/validateFlink";
import { ZooKeeperEnsemble } from "../../src/zookeeper/ensemble";

const CONTAINER = "docker:index/container:Container";
const VOLUME = "docker:index/volume:Volume";
const NETWORK = "docker:index/network:Network";
const HOSTS = { a: "10.1.0.11", b: "10.1.0.12", c: "flink-c.example" } as const;
const ZK_HOSTS = ["10.2.0.1", "10.2.0.2", "10.2.0.3"];
const QUORUM = "10.2.0.1:2181,10.2.0.2:2181,10.2.0.3:2181";

type Providers = Record<keyof typeof HOSTS, docker.Provider>;

/** JobManager 1 on a, 2 on b; TaskManager 1 on c, 2 on a (beside JobManager 1). */
function placement(p: Providers): FlinkPlacementArgs {
  return {
    jobManagers: {
      1: { provider: p.a, address: HOSTS.a },
      2: { provider: p.b, address: HOSTS.b },
    },
    taskManagers: {
      1: { provider: p.c, address: HOSTS.c },
      2: { provider: p.a, address: HOSTS.a },
    },
  };
}

function placedArgs(p: Providers): Omit<PlainFlinkArgs, "flinkVersion" | "zookeeper"> {
  return {
    taskManagers: 2,
    storageDir: "s3://bucket/flink-ha",
    allowNonLoopbackPublish: true,
    placement: placement(p),
  };
}

function providers(): Providers {
  return {
    a: new docker.Provider("host-a", { host: "ssh://ops@host-a" }),
    b: new docker.Provider("host-b", { host: "ssh://ops@host-b" }),
    c: new docker.Provider("host-c", { host: "ssh://ops@host-c" }),
  };
}

function placedEnsemble(): ZooKeeperEnsemble {
  return new ZooKeeperEnsemble("zk", {
    namePrefix: "zk",
    allowNonLoopbackPublish: true,
    placement: Object.fromEntries(
      ZK_HOSTS.map((address, i) => [
        i + 1,
        {
          provider: new docker.Provider(`zk-host-${i + 1}`, { host: `ssh://ops@zk-${i + 1}` }),
          address,
        },
      ]),
    ),
  });
}

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) =>
    output.apply((value) => {
      resolve(value);
      return value;
    }),
  );
}

const HA_BLOCK = `high-availability.type: zookeeper
high-availability.zookeeper.quorum: ${QUORUM}
high-availability.zookeeper.path.root: /flink
high-availability.cluster-id: /demo
high-availability.storageDir: s3://bucket/flink-ha
high-availability.jobmanager.port: 6123
high-availability.zookeeper.client.session-timeout: 1500
high-availability.zookeeper.client.connection-timeout: 1500
high-availability.zookeeper.client.retry-wait: 1000
high-availability.zookeeper.client.max-retry-attempts: 5
high-availability.zookeeper.client.tolerate-suspended-connections: true
heartbeat.interval: 5000
heartbeat.timeout: 20000
web.refresh-interval: 500
rest.port: 8081
`;

/** In config.yaml the quorum, which starts with a digit, is quoted. */
const HA_BLOCK_YAML = HA_BLOCK.replace(
  `high-availability.zookeeper.quorum: ${QUORUM}`,
  `high-availability.zookeeper.quorum: "${QUORUM}"`,
).replace("tolerate-suspended-connections: true", 'tolerate-suspended-connections: "true"');

void describe("FlinkHaCluster placement over several Docker hosts, under mocks", () => {
  let monitor: RecordingMonitor;
  let cluster: FlinkHaCluster | undefined;

  /** Error diagnostics the program printed while it was recorded. */
  let diagnostics = 0;

  before(async () => {
    const logged = mock.method(console, "error", () => undefined);
    try {
      monitor = await recordProgram(() => {
        const zk = placedEnsemble();
        cluster = new FlinkHaCluster("demo", {
          namePrefix: "demo",
          flinkVersion: "2.1.1",
          zookeeper: zk,
          javaOptions: "-Xss2m",
          ...placedArgs(providers()),
        });
      });
      diagnostics = logged.mock.callCount();
    } finally {
      logged.mock.restore();
    }
  });

  void it("puts each member on its host's provider, with one network per host and no volume", () => {
    // A placed ensemble's connect string lists host addresses: no diagnostic.
    assert.equal(diagnostics, 0);
    const providerOf = (name: string): string => monitor.byName(name).provider;
    const ref = (host: string): string =>
      `urn:pulumi:test::zkha::pulumi:providers:docker::host-${host}::host-${host}-id`;
    assert.deepEqual(
      Object.fromEntries(
        [
          "demo-flink-net-1",
          "demo-flink-net-2",
          "demo-flink-net-3",
          "demo-jm-1",
          "demo-jm-2",
          "demo-tm-1",
          "demo-tm-2",
        ].map((n) => [n, providerOf(n)]),
      ),
      {
        "demo-flink-net-1": ref("a"),
        "demo-flink-net-2": ref("b"),
        "demo-flink-net-3": ref("c"),
        "demo-jm-1": ref("a"),
        "demo-jm-2": ref("b"),
        "demo-tm-1": ref("c"),
        "demo-tm-2": ref("a"),
      },
    );
    const flinkNetworks = monitor.ofType(NETWORK).filter((r) => r.name.startsWith("demo-"));
    assert.deepEqual(
      flinkNetworks.map((r) => r.inputs),
      [1, 2, 3].map(() => ({
        name: "demo-flink",
        driver: "bridge",
        labels: [{ label: "pulumi-zk-ha.flink-cluster", value: "demo" }],
      })),
    );
    assert.deepEqual(
      monitor.ofType(VOLUME).filter((r) => r.name.startsWith("demo-")),
      [],
    );
    // Containers and networks of the cluster only; the gates run where Pulumi runs.
    assert.equal(monitor.byName("demo-ha-znode").provider.includes("host-"), false);
    assert.deepEqual(monitor.byName("demo-tm-2").inputs["networksAdvanced"], [
      { name: "demo-flink", aliases: ["demo-flink-tm-2"] },
    ]);
    assert.deepEqual(monitor.byName("demo-tm-2").inputs["volumes"], []);
  });

  void it("renders a placed JobManager exactly (2.x): host address, bind-all, fixed blob port", () => {
    const jm = monitor.byName("demo-jm-1").inputs;
    assert.deepEqual(jm["uploads"], [
      {
        file: "/opt/flink/conf/config.yaml",
        content: `# Rendered by pulumi-zk-ha for Flink 2.1 (config.yaml). Edits are lost when the component next updates.
${HA_BLOCK_YAML}jobmanager.rpc.address: "10.1.0.11"
jobmanager.bind-host: "0.0.0.0"
rest.address: "10.1.0.11"
rest.bind-address: "0.0.0.0"
blob.server.port: 6124
jobmanager.memory.process.size: "1024m"
env.java.opts.all: -Xss2m
`,
      },
      { file: "/opt/flink/conf/masters", content: "10.1.0.11:8081\n10.1.0.12:8081\n" },
    ]);
    assert.deepEqual(jm["envs"], ["JOB_MANAGER_RPC_ADDRESS=10.1.0.11"]);
    assert.equal(jm["hostname"], "demo-flink-jm-1");
  });

  void it("renders a placed TaskManager exactly (2.x): host address, fixed RPC and data ports", () => {
    const tm = monitor.byName("demo-tm-1").inputs;
    assert.deepEqual(tm["uploads"], [
      {
        file: "/opt/flink/conf/config.yaml",
        content: `# Rendered by pulumi-zk-ha for Flink 2.1 (config.yaml). Edits are lost when the component next updates.
${HA_BLOCK_YAML}taskmanager.host: flink-c.example
taskmanager.bind-host: "0.0.0.0"
taskmanager.rpc.port: 6200
taskmanager.data.port: 6300
taskmanager.numberOfTaskSlots: 2
taskmanager.memory.process.size: "1536m"
env.java.opts.all: -Xss2m
`,
      },
    ]);
    assert.deepEqual(tm["envs"], []);
  });

  void it("publishes every port peers dial, port for port, on the placement's bind address", () => {
    const ports = (name: string): unknown => monitor.byName(name).inputs["ports"];
    const tcp = (ip: string, ...list: number[]) =>
      list.map((port) => ({ internal: port, external: port, ip, protocol: "tcp" }));
    assert.deepEqual(ports("demo-jm-1"), tcp("10.1.0.11", 6123, 6124, 8081));
    assert.deepEqual(ports("demo-jm-2"), tcp("10.1.0.12", 6123, 6124, 8081));
    // A hostname cannot be bound; Docker binds every interface instead.
    assert.deepEqual(ports("demo-tm-1"), tcp("0.0.0.0", 6200, 6300));
    assert.deepEqual(ports("demo-tm-2"), tcp("10.1.0.11", 6201, 6301));
  });

  void it("gates through the ensemble's host addresses and matches leaders by host address", async () => {
    const gate = monitor.byName("demo-ha-verified").inputs;
    assert.equal(gate["connectString"], QUORUM);
    assert.deepEqual(gate["jobManagers"], [
      { name: "demo-flink-jm-1", alias: "10.1.0.11" },
      { name: "demo-flink-jm-2", alias: "10.1.0.12" },
    ]);
    assert.equal(monitor.byName("demo-ha-znode").inputs["connectString"], QUORUM);
    assert.ok(cluster);
    assert.deepEqual(await valueOf(cluster.restUrls), [
      "http://10.1.0.11:8081",
      "http://10.1.0.12:8081",
    ]);
    assert.equal(await valueOf(cluster.masters), "10.1.0.11:8081\n10.1.0.12:8081\n");
    assert.equal(await valueOf(cluster.storageDir), "s3://bucket/flink-ha");
    assert.deepEqual(
      monitor
        .ofType(CONTAINER)
        .filter((r) => r.name.startsWith("demo-"))
        .map((r) => r.name)
        .sort(),
      ["demo-jm-1", "demo-jm-2", "demo-tm-1", "demo-tm-2"],
    );
  });

  void it("waits for each placed TaskManager's own process, by host address and fixed RPC port", () => {
    const gates = monitor.registrations
      .filter((r) => r.name.endsWith("-rejoined") && r.name.includes("-tm-"))
      .map((r) => [r.name, r.inputs["restUrls"], r.inputs["processPrefix"]]);
    assert.deepEqual(gates, [
      [
        "demo-tm-1-rejoined",
        ["http://10.1.0.11:8081", "http://10.1.0.12:8081"],
        "flink-c.example:6200-",
      ],
      ["demo-tm-2-rejoined", ["http://10.1.0.11:8081", "http://10.1.0.12:8081"], "10.1.0.11:6201-"],
    ]);
  });

  void it("reports an error diagnostic when the ensemble is not placed", async () => {
    const logged = mock.method(console, "error", () => undefined);
    try {
      await recordProgram(() => {
        const zk = new ZooKeeperEnsemble("zk", { namePrefix: "zk" });
        new FlinkHaCluster("demo", {
          namePrefix: "demo",
          flinkVersion: "2.1.1",
          zookeeper: zk,
          ...placedArgs(providers()),
        });
      });
    } finally {
      logged.mock.restore();
    }
    assert.deepEqual(
      logged.mock.calls.map((c) => c.arguments[0] as string),
      [
        'error: [runtime] FlinkHaCluster "demo": zookeeper: the ensemble is not placed: its connect string names the network aliases zk-zk-1, zk-zk-2, zk-zk-3, which placed members on other hosts cannot resolve; give the ensemble a placement too',
      ],
    );
  });

  void it("takes a plain-values ensemble without a network when placed", async () => {
    const logged = mock.method(console, "error", () => undefined);
    let monitor: RecordingMonitor;
    try {
      monitor = await recordProgram(() => {
        new FlinkHaCluster("demo", {
          namePrefix: "demo",
          flinkVersion: "1.18.1",
          zookeeper: { connectString: QUORUM, tickTime: 250, readinessConnectString: QUORUM },
          ...placedArgs(providers()),
        });
      });
    } finally {
      logged.mock.restore();
    }
    assert.equal(logged.mock.callCount(), 0);
    assert.equal(monitor.ofType(NETWORK).length, 3);
    assert.equal(monitor.byName("demo-ha-znode").dependencies.length, 0);
  });
});

void describe("placed configuration per release line (pure)", () => {
  // Only identity matters to the renderer: which members share a provider.
  const p = { a: {}, b: {}, c: {} } as unknown as Providers;
  const zookeeper = { connectString: QUORUM, tickTime: 250, readinessConnectString: QUORUM };
  const spec = (flinkVersion: string, args: Partial<PlainFlinkArgs> = {}) =>
    resolveFlinkSpec("demo", {
      flinkVersion,
      zookeeper,
      javaOptions: "-Xss2m",
      ...placedArgs(p),
      ...args,
    });
  const render = (flinkVersion: string, role: "jm" | "tm", index: number): string => {
    const s = spec(flinkVersion);
    const r: FlinkRole =
      role === "jm"
        ? { kind: "jobmanager", jobManager: s.jobManagers[index - 1] ?? assert.fail() }
        : { kind: "taskmanager", taskManager: s.taskManagers[index - 1] ?? assert.fail() };
    return renderFlinkConfig(s, QUORUM, r);
  };

  void it("1.18: flink-conf.yaml for a placed JobManager", () => {
    assert.equal(
      render("1.18.1", "jm", 2),
      `# Rendered by pulumi-zk-ha for Flink 1.18 (flink-conf.yaml). Edits are lost when the component next updates.
${HA_BLOCK}jobmanager.rpc.address: 10.1.0.12
jobmanager.bind-host: 0.0.0.0
rest.address: 10.1.0.12
rest.bind-address: 0.0.0.0
blob.server.port: 6124
jobmanager.memory.process.size: 1024m
env.java.opts.all: -Xss2m
`,
    );
  });

  void it("1.18: flink-conf.yaml for a placed TaskManager", () => {
    assert.equal(
      render("1.18.1", "tm", 2),
      `# Rendered by pulumi-zk-ha for Flink 1.18 (flink-conf.yaml). Edits are lost when the component next updates.
${HA_BLOCK}taskmanager.host: 10.1.0.11
taskmanager.bind-host: 0.0.0.0
taskmanager.rpc.port: 6201
taskmanager.data.port: 6301
taskmanager.numberOfTaskSlots: 2
taskmanager.memory.process.size: 1536m
env.java.opts.all: -Xss2m
`,
    );
  });

  void it("1.16 and 1.20 use the same port and address keys", () => {
    for (const version of ["1.16.3", "1.20.3"]) {
      const jm = render(version, "jm", 1);
      const tm = render(version, "tm", 1);
      assert.match(jm, /^jobmanager\.rpc\.address: "?10\.1\.0\.11"?$/m, version);
      assert.match(jm, /^blob\.server\.port: 6124$/m, version);
      assert.match(tm, /^taskmanager\.host: flink-c\.example$/m, version);
      assert.match(tm, /^taskmanager\.rpc\.port: 6200$/m, version);
      assert.match(tm, /^taskmanager\.data\.port: 6300$/m, version);
    }
  });

  void it("publishes every port of a JobManager port range, and custom TaskManager bases", () => {
    const s = spec("2.1.1", {
      jobManagerPorts: "50010,50020-50022",
      restPort: 8090,
      taskManagerRpcPortBase: 7000,
      taskManagerDataPortBase: 7100,
    });
    assert.deepEqual(
      placedPorts(s, s.jobManagers[0] ?? assert.fail()),
      [50010, 50020, 50021, 50022, 6124, 8090],
    );
    assert.deepEqual(placedPorts(s, s.taskManagers[1] ?? assert.fail()), [7001, 7101]);
    assert.equal(renderMasters(s), "10.1.0.11:8090\n10.1.0.12:8090\n");
  });

  void it("leaves unplaced members' ports to Flink (no port keys rendered)", () => {
    const s = resolveFlinkSpec("demo", { flinkVersion: "2.1.1", zookeeper });
    const tm = s.taskManagers[0] ?? assert.fail();
    assert.deepEqual(placedPorts(s, tm), []);
    const text = renderFlinkConfig(s, QUORUM, { kind: "taskmanager", taskManager: tm });
    assert.doesNotMatch(text, /rpc\.port|data\.port|blob\.server\.port/);
  });
});

void describe("FlinkHaCluster placement validation", () => {
  const p = { a: {}, b: {}, c: {} } as unknown as Providers;
  const base = (): FlinkHaClusterArgs => ({
    flinkVersion: "2.1.1",
    zookeeper: { connectString: QUORUM, tickTime: 250, readinessConnectString: QUORUM },
    ...placedArgs(p),
  });

  void it("accepts the baseline", () => {
    assert.deepEqual(validateFlinkCluster("demo", base()), []);
  });

  const table: [string, (args: FlinkHaClusterArgs) => FlinkHaClusterArgs, [string, RegExp][]][] = [
    [
      "a TaskManager without placement",
      (a) => ({ ...a, taskManagers: 3 }),
      [["placement.taskManagers[3]", /TaskManager 3 has no placement; place every/]],
    ],
    [
      "no TaskManager placements at all",
      (a) => ({ ...a, placement: { jobManagers: a.placement?.jobManagers ?? {} } }),
      [
        ["placement.taskManagers[1]", /TaskManager 1 has no placement/],
        ["placement.taskManagers[2]", /TaskManager 2 has no placement/],
      ],
    ],
    [
      "a placement for a JobManager that does not exist",
      (a) => ({
        ...a,
        placement: {
          ...a.placement,
          jobManagers: { ...a.placement?.jobManagers, 3: { provider: p.c, address: "10.1.0.13" } },
        },
      }),
      [["placement.jobManagers[3]", /there is no JobManager 3; place JobManagers 1\.\.2/]],
    ],
    [
      "a placement without a provider",
      (a) => ({
        ...a,
        placement: {
          ...a.placement,
          jobManagers: {
            ...a.placement?.jobManagers,
            2: { address: "10.1.0.12" } as unknown as {
              provider: docker.Provider;
              address: string;
            },
          },
        },
      }),
      [["placement.jobManagers[2].provider", /is required/]],
    ],
    [
      "two JobManagers on one host",
      (a) => ({
        ...a,
        placement: {
          ...a.placement,
          jobManagers: {
            1: { provider: p.a, address: HOSTS.a },
            2: { provider: p.a, address: HOSTS.a },
          },
        },
      }),
      [
        [
          "placement.jobManagers[2].provider",
          /placement\.jobManagers\[1\] runs on the same Docker host; place each JobManager on its own host/,
        ],
      ],
    ],
    [
      "an address that is not a hostname",
      (a) => ({
        ...a,
        placement: {
          ...a.placement,
          taskManagers: {
            ...a.placement?.taskManagers,
            1: { provider: p.c, address: "Flink_C" },
          },
        },
      }),
      [["placement.taskManagers[1].address", /not a valid hostname/]],
    ],
    [
      "an address that would inject settings",
      (a) => ({
        ...a,
        placement: {
          ...a.placement,
          taskManagers: {
            ...a.placement?.taskManagers,
            1: { provider: p.c, address: "x\nrest.port: 1" },
          },
        },
      }),
      [["placement.taskManagers[1].address", /line break/]],
    ],
    [
      "a bind address that is not an IP address",
      (a) => ({
        ...a,
        placement: {
          ...a.placement,
          taskManagers: {
            ...a.placement?.taskManagers,
            1: { provider: p.c, address: HOSTS.c, bindAddress: "flink-c.example" },
          },
        },
      }),
      [["placement.taskManagers[1].bindAddress", /"flink-c\.example" is not an IP address/]],
    ],
    [
      "a TaskManager port that a JobManager on the same host publishes",
      (a) => ({ ...a, taskManagerRpcPortBase: 8080 }),
      [
        [
          "placement.taskManagers[2]",
          /port 8081 is also published by placement\.jobManagers\[1\] on the same Docker host/,
        ],
      ],
    ],
    [
      "TaskManager port bases past 65535",
      (a) => ({ ...a, taskManagerDataPortBase: 65535 }),
      [["taskManagerDataPortBase", /65535 \+ 2 TaskManagers exceeds port 65535/]],
    ],
    [
      "a REST port equal to the blob server port",
      (a) => ({ ...a, restPort: 6124 }),
      [
        ["placement.jobManagers[1]", /port 6124 would be published twice by this member/],
        ["placement.jobManagers[2]", /port 6124 would be published twice by this member/],
      ],
    ],
    [
      "a JobManager port range too large to publish",
      (a) => ({ ...a, jobManagerPorts: "50000-50200" }),
      [["jobManagerPorts", /offers 201 ports; with placement each is published/]],
    ],
    [
      "placement without the publish opt-in",
      (a) => ({ ...a, allowNonLoopbackPublish: undefined }),
      [["allowNonLoopbackPublish", /set allowNonLoopbackPublish: true/]],
    ],
    [
      "the default storage volume",
      (a) => ({ ...a, storageDir: undefined }),
      [["storageDir", /cannot be shared by members on several hosts; set storageDir to a URI/]],
    ],
    [
      "a file:// storageDir",
      (a) => ({ ...a, storageDir: "file:///mnt/nfs/flink" }),
      [["storageDir", /file:\/\/ path cannot be shared/]],
    ],
    [
      "a network name",
      (a) => ({ ...a, networkName: "flink-net" }),
      [["networkName", /a network cannot span hosts/]],
    ],
    [
      "host REST port base and publish address",
      (a) => ({ ...a, hostRestPortBase: 18081, publishAddress: "127.0.0.1" }),
      [
        ["hostRestPortBase", /leave it unset with placement/],
        ["publishAddress", /leave it unset with placement/],
      ],
    ],
    [
      "a port key in extraSettings",
      (a) => ({ ...a, extraSettings: { "taskmanager.data.port": "0" } }),
      [['extraSettings["taskmanager.data.port"]', /decides a port published with placement/]],
    ],
    [
      "TaskManager port bases without placement",
      (a) => ({
        ...a,
        placement: undefined,
        allowNonLoopbackPublish: undefined,
        zookeeper: { ...zookeeperOf(a), networkName: "zk-net" },
        taskManagerRpcPortBase: 7000,
      }),
      [["taskManagerRpcPortBase", /applies only with placement/]],
    ],
  ];
  for (const [title, change, expected] of table) {
    void it(`rejects ${title}, naming the field, before creating anything`, async () => {
      let thrown: unknown;
      const monitor = await recordProgram(() => {
        try {
          new FlinkHaCluster("demo", { namePrefix: "demo", ...change(base()) });
        } catch (error) {
          thrown = error;
        }
      });
      assert.ok(pulumi.InputPropertiesError.isInstance(thrown), String(thrown));
      const { errors } = thrown;
      assert.deepEqual(
        errors.map((e) => e.propertyPath),
        expected.map(([property]) => property),
      );
      expected.forEach(([, reason], i) => {
        assert.match(errors[i]?.reason ?? "", reason);
      });
      assert.deepEqual(
        monitor.registrations.filter((r) => r.custom).map((r) => r.name),
        [],
      );
    });
  }

  void it("lists every placement problem at once", () => {
    const args = base();
    const problems = validateFlinkCluster("demo", {
      ...args,
      storageDir: undefined,
      allowNonLoopbackPublish: false,
      networkName: "n",
      taskManagers: 3,
    });
    assert.deepEqual(
      problems.map((p) => p.property),
      ["placement.taskManagers[3]", "allowNonLoopbackPublish", "storageDir", "networkName"],
    );
  });
});

function zookeeperOf(args: FlinkHaClusterArgs): {
  connectString: string;
  tickTime: 250;
  readinessConnectString: string;
} {
  return args.zookeeper as { connectString: string; tickTime: 250; readinessConnectString: string };
}
