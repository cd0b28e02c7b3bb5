import assert from "node:assert/strict";
import { before, describe, it, mock } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { recordProgram, type RecordingMonitor } from "../helpers/recordingMonitor";
import { failuresOf, printedMessages } from "../helpers/unhandledRejections";
import { FlinkHaCluster } from "../../src/flink/cluster";
import { JAVA17_OPTIONS, type FlinkHaClusterArgs } from "../../src/flink/flinkArgs";
import { ZooKeeperEnsemble } from "../../src/zookeeper/ensemble";
import type { ZooKeeperConnection } from "../../src/zookeeper/reference";

const FLINK = "pulumi-zk-ha:flink:FlinkHaCluster";
const ENSEMBLE = "pulumi-zk-ha:zookeeper:ZooKeeperEnsemble";
const CONTAINER = "docker:index/container:Container";
const VOLUME = "docker:index/volume:Volume";
const ZNODE = "pulumi-nodejs:dynamic/pulumi-zk-ha:ZNode";
const HA_VERIFIED = "pulumi-nodejs:dynamic/pulumi-zk-ha:FlinkHaVerified";
const REJOINED = "pulumi-nodejs:dynamic/pulumi-zk-ha:JobManagerRejoined";
const ORDER = "pulumi-nodejs:dynamic/pulumi-zk-ha:JobManagerOrder";
const TM_REJOINED = "pulumi-nodejs:dynamic/pulumi-zk-ha:TaskManagerRejoined";
const ROOT = `urn:pulumi:test::zkha::${FLINK}::demo`;
const child = (type: string, name: string): string =>
  `urn:pulumi:test::zkha::${FLINK}$${type}::${name}`;
const ensembleChild = (type: string, name: string): string =>
  `urn:pulumi:test::zkha::${ENSEMBLE}$${type}::${name}`;
const QUORUM = "zk-zk-1:2181,zk-zk-2:2181,zk-zk-3:2181";

function labels(role: string): { label: string; value: string }[] {
  return [
    { label: "pulumi-zk-ha.flink-cluster", value: "demo" },
    { label: "pulumi-zk-ha.flink-ha-path", value: "/flink/demo" },
    { label: "pulumi-zk-ha.role", value: role },
    { label: "pulumi-zk-ha.storage-prepared-by", value: "demo-ha-storage-owner-id" },
    { label: "pulumi-zk-ha.zookeeper-quorum", value: QUORUM },
  ];
}

const HA_SETTINGS = `high-availability.type: zookeeper
high-availability.zookeeper.quorum: ${QUORUM}
high-availability.zookeeper.path.root: /flink
high-availability.cluster-id: /demo
high-availability.storageDir: file:///flink-ha
high-availability.jobmanager.port: 6123
high-availability.zookeeper.client.session-timeout: 1500
high-availability.zookeeper.client.connection-timeout: 1500
high-availability.zookeeper.client.retry-wait: 1000
high-availability.zookeeper.client.max-retry-attempts: 5
high-availability.zookeeper.client.tolerate-suspended-connections: "true"
heartbeat.interval: 5000
heartbeat.timeout: 20000
web.refresh-interval: 500
rest.port: 8081
`;
const HEADER =
  "# Rendered by pulumi-zk-ha for Flink 2.1 (config.yaml). Edits are lost when the component next updates.\n";

function withEnsemble(args: Partial<FlinkHaClusterArgs> = {}): () => void {
  return () => {
    const zk = new ZooKeeperEnsemble("zk", { namePrefix: "zk", hostClientPortBase: 12181 });
    new FlinkHaCluster("demo", {
      namePrefix: "demo",
      flinkVersion: "2.1.1",
      zookeeper: zk,
      ...args,
    });
  };
}

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) =>
    output.apply((value) => {
      resolve(value);
      return value;
    }),
  );
}

void describe("FlinkHaCluster under mocks", () => {
  let monitor: RecordingMonitor;
  let cluster: FlinkHaCluster | undefined;

  before(async () => {
    monitor = await recordProgram(
      () => {
        const zk = new ZooKeeperEnsemble("zk", { namePrefix: "zk", hostClientPortBase: 12181 });
        cluster = new FlinkHaCluster("demo", {
          namePrefix: "demo",
          flinkVersion: "2.1.1",
          zookeeper: zk,
        });
      },
      {
        stateFor: (args) =>
          args.type === HA_VERIFIED
            ? { leader: "demo-flink-jm-2", leaderRestAddress: "http://demo-flink-jm-2:8081" }
            : {},
      },
    );
  });

  void it("creates the storage volume, the ZNode gate, JobManagers, TaskManagers and FlinkHaVerified", () => {
    assert.deepEqual(
      monitor.registrations
        .filter((r) => r.type === FLINK || r.parent === ROOT)
        .map((r) => [r.type, r.name, r.parent])
        // Registrations complete in any order; the graph edges, not the order, sequence them.
        .sort((a, b) => (a[1] ?? "").localeCompare(b[1] ?? "")),
      [
        [FLINK, "demo", ""],
        [VOLUME, "demo-ha-storage", ROOT],
        [CONTAINER, "demo-ha-storage-owner", ROOT],
        [ZNODE, "demo-ha-znode", ROOT],
        [ORDER, "demo-jm-order", ROOT],
        [CONTAINER, "demo-jm-1", ROOT],
        [REJOINED, "demo-jm-1-rejoined", ROOT],
        [CONTAINER, "demo-jm-2", ROOT],
        [REJOINED, "demo-jm-2-rejoined", ROOT],
        [CONTAINER, "demo-tm-1", ROOT],
        [TM_REJOINED, "demo-tm-1-rejoined", ROOT],
        [HA_VERIFIED, "demo-ha-verified", ROOT],
      ].sort((a, b) => (a[1] ?? "").localeCompare(b[1] ?? "")),
    );
  });

  void it("keeps the storage volume on delete and labels it with the cluster", () => {
    const volume = monitor.byName("demo-ha-storage");
    assert.deepEqual(volume.inputs, {
      name: "demo-flink-ha",
      labels: [{ label: "pulumi-zk-ha.flink-cluster", value: "demo" }],
    });
    assert.equal(volume.retainOnDelete, true);
  });

  void it("gives the storage volume to Flink's user (uid 9999 in the official image) in a one-shot step", () => {
    const step = monitor.byName("demo-ha-storage-owner");
    assert.deepEqual(step.inputs, {
      name: "demo-flink-ha-owner",
      image: "flink:2.1.1",
      entrypoints: ["chown", "-R", "9999:9999", "/flink-ha"],
      user: "0:0",
      restart: "no",
      mustRun: false,
      attach: true,
      logs: true,
      volumes: [{ volumeName: "demo-flink-ha", containerPath: "/flink-ha" }],
      labels: [
        { label: "pulumi-zk-ha.flink-cluster", value: "demo" },
        { label: "pulumi-zk-ha.role", value: "flink-storage-owner" },
      ],
    });
    assert.deepEqual(step.dependencies, [child(VOLUME, "demo-ha-storage")]);
    assert.equal(step.retainOnDelete, false);
  });

  void it("specifies each JobManager exactly: own address, own published REST port, masters", () => {
    assert.deepEqual(monitor.byName("demo-jm-2").inputs, {
      name: "demo-flink-jm-2",
      image: "flink:2.1.1",
      hostname: "demo-flink-jm-2",
      restart: "unless-stopped",
      mustRun: true,
      command: ["jobmanager"],
      networksAdvanced: [{ name: "zk-zk", aliases: ["demo-flink-jm-2"] }],
      volumes: [{ volumeName: "demo-flink-ha", containerPath: "/flink-ha" }],
      uploads: [
        {
          file: "/opt/flink/conf/config.yaml",
          content: `${HEADER}${HA_SETTINGS}jobmanager.rpc.address: demo-flink-jm-2
jobmanager.bind-host: "0.0.0.0"
rest.address: demo-flink-jm-2
rest.bind-address: "0.0.0.0"
jobmanager.memory.process.size: "1024m"
env.java.opts.all: ${JAVA17_OPTIONS}
`,
        },
        {
          file: "/opt/flink/conf/masters",
          content: "demo-flink-jm-1:8081\ndemo-flink-jm-2:8081\n",
        },
      ],
      ports: [{ internal: 8081, external: 8082, ip: "127.0.0.1", protocol: "tcp" }],
      envs: ["JOB_MANAGER_RPC_ADDRESS=demo-flink-jm-2"],
      labels: labels("flink-jobmanager"),
    });
    const first = monitor.byName("demo-jm-1").inputs;
    assert.deepEqual(first["ports"], [
      { internal: 8081, external: 8081, ip: "127.0.0.1", protocol: "tcp" },
    ]);
    assert.match(
      (first["uploads"] as { content: string }[])[0]?.content ?? "",
      /^jobmanager\.rpc\.address: demo-flink-jm-1$/m,
    );
  });

  void it("specifies each TaskManager exactly: shared storage, no published port", () => {
    assert.deepEqual(monitor.byName("demo-tm-1").inputs, {
      name: "demo-flink-tm-1",
      image: "flink:2.1.1",
      hostname: "demo-flink-tm-1",
      restart: "unless-stopped",
      mustRun: true,
      command: ["taskmanager"],
      networksAdvanced: [{ name: "zk-zk", aliases: ["demo-flink-tm-1"] }],
      volumes: [{ volumeName: "demo-flink-ha", containerPath: "/flink-ha" }],
      uploads: [
        {
          file: "/opt/flink/conf/config.yaml",
          content: `${HEADER}${HA_SETTINGS}taskmanager.host: demo-flink-tm-1
taskmanager.bind-host: "0.0.0.0"
taskmanager.numberOfTaskSlots: 2
taskmanager.memory.process.size: "1536m"
env.java.opts.all: ${JAVA17_OPTIONS}
`,
        },
      ],
      ports: [],
      envs: [],
      labels: labels("flink-taskmanager"),
    });
  });

  void it("orders the graph: QuorumReady → ZNode → containers → FlinkHaVerified", () => {
    const znode = monitor.byName("demo-ha-znode");
    assert.deepEqual(znode.dependencies, [
      ensembleChild(ZNODE.replace("ZNode", "QuorumReady"), "zk-quorum-ready"),
    ]);
    const { __provider: provider, ...znodeInputs } = znode.inputs;
    assert.equal(typeof provider, "string");
    assert.deepEqual(znodeInputs, {
      connectString: "127.0.0.1:12181,127.0.0.1:12182,127.0.0.1:12183",
      path: "/flink/demo",
      deleteOnDestroy: false,
      timeoutSeconds: 60,
    });
    for (const name of ["demo-jm-1", "demo-jm-2", "demo-tm-1"]) {
      const container = monitor.byName(name);
      assert.deepEqual(
        container.dependencies,
        [
          child(CONTAINER, "demo-ha-storage-owner"),
          child(VOLUME, "demo-ha-storage"),
          child(ZNODE, "demo-ha-znode"),
          ensembleChild("docker:index/network:Network", "zk-zk-net"),
          // Rolling: the JobManagers after the gate that reads the leader, and, in the order it
          // gives (index order here: the mocks have no leader), JobManager 1 after JobManager 2
          // is back in the election, by dependsOn alone, so no gate's update replaces one.
          ...(name.includes("-jm-") ? [child(ORDER, "demo-jm-order")] : []),
          ...(name === "demo-jm-1" ? [child(REJOINED, "demo-jm-2-rejoined")] : []),
        ].sort(),
        name,
      );
      assert.deepEqual(
        Object.values(container.propertyDependencies)
          .flat()
          .filter((urn) => urn.includes("JobManagerRejoined")),
        [],
      );
      assert.deepEqual(container.propertyDependencies["volumes"], [
        child(VOLUME, "demo-ha-storage"),
      ]);
      // Through the label naming the step: no member starts before the volume is Flink's.
      assert.deepEqual(container.propertyDependencies["labels"], [
        child(CONTAINER, "demo-ha-storage-owner"),
      ]);
    }
    const gate = monitor.byName("demo-ha-verified");
    const jobManagers = [child(CONTAINER, "demo-jm-1"), child(CONTAINER, "demo-jm-2")];
    assert.deepEqual(gate.dependencies, jobManagers);
    assert.deepEqual(gate.propertyDependencies["triggers"], jobManagers);
    const { __provider: gateProvider, ...gateInputs } = gate.inputs;
    assert.equal(typeof gateProvider, "string");
    assert.deepEqual(gateInputs, {
      connectString: "127.0.0.1:12181,127.0.0.1:12182,127.0.0.1:12183",
      haPath: "/flink/demo",
      jobManagers: [
        { name: "demo-flink-jm-1", alias: "demo-flink-jm-1" },
        { name: "demo-flink-jm-2", alias: "demo-flink-jm-2" },
      ],
      timeoutSeconds: 180,
      intervalMs: 1000,
      attemptTimeoutMs: 5000,
      triggers: ["demo-jm-1-id", "demo-jm-2-id"],
    });
  });

  void it("waits, after replacing JobManager 2, until both JobManagers are in the election", () => {
    const gate = monitor.byName("demo-jm-2-rejoined");
    assert.deepEqual(gate.dependencies, [child(CONTAINER, "demo-jm-2")]);
    assert.deepEqual(gate.propertyDependencies["triggers"], [child(CONTAINER, "demo-jm-2")]);
    const { __provider: provider, ...inputs } = gate.inputs;
    assert.equal(typeof provider, "string");
    assert.deepEqual(inputs, {
      connectString: "127.0.0.1:12181,127.0.0.1:12182,127.0.0.1:12183",
      haPath: "/flink/demo",
      jobManagers: [
        { name: "demo-flink-jm-1", alias: "demo-flink-jm-1" },
        { name: "demo-flink-jm-2", alias: "demo-flink-jm-2" },
      ],
      jobManager: "demo-flink-jm-2",
      sessionTimeoutMs: 1500,
      timeoutSeconds: 180,
      intervalMs: 500,
      attemptTimeoutMs: 5000,
      triggers: ["demo-jm-2-id"],
    });
    assert.ok(cluster);
    assert.equal(cluster.rejoinGates.length, 2);
  });

  void it("outputs the HA path, storage, masters file, REST URLs and the leader", async () => {
    assert.ok(cluster);
    assert.equal(await valueOf(cluster.haPath), "/flink/demo");
    assert.equal(await valueOf(cluster.storageDir), "file:///flink-ha");
    assert.equal(await valueOf(cluster.masters), "demo-flink-jm-1:8081\ndemo-flink-jm-2:8081\n");
    assert.deepEqual(await valueOf(cluster.restUrls), [
      "http://127.0.0.1:8081",
      "http://127.0.0.1:8082",
    ]);
    assert.equal(await valueOf(cluster.leader), "demo-flink-jm-2");
  });
});

void describe("FlinkHaCluster rolling replacement", () => {
  const plainZooKeeper: ZooKeeperConnection = {
    connectString: "zk-a:2181",
    tickTime: 250,
    readinessConnectString: "127.0.0.1:2181",
    networkName: "zk-net",
  };
  const rejoinEdges = (monitor: RecordingMonitor): [string, string[]][] =>
    monitor
      .ofType(CONTAINER)
      .filter((c) => c.name.includes("-jm-"))
      .map((c): [string, string[]] => [
        c.name,
        c.dependencies.filter((urn) => urn.includes("JobManagerRejoined")),
      ])
      .sort((a, b) => a[0].localeCompare(b[0]));

  const threeJobManagers = (): FlinkHaCluster =>
    new FlinkHaCluster("demo", {
      namePrefix: "demo",
      flinkVersion: "2.1.1",
      zookeeper: plainZooKeeper,
      jobManagers: 3,
    });
  const gateEdges = (monitor: RecordingMonitor): [string, string[]][] =>
    monitor
      .ofType(REJOINED)
      .map((g): [string, string[]] => [g.name, g.dependencies])
      .sort((a, b) => a[0].localeCompare(b[0]));

  void it("without a known leader chains three JobManagers highest index first, a gate after each", async () => {
    const monitor = await recordProgram(threeJobManagers);
    assert.deepEqual(rejoinEdges(monitor), [
      ["demo-jm-1", [child(REJOINED, "demo-jm-2-rejoined")]],
      ["demo-jm-2", [child(REJOINED, "demo-jm-3-rejoined")]],
      ["demo-jm-3", []],
    ]);
    assert.deepEqual(gateEdges(monitor), [
      ["demo-jm-1-rejoined", [child(CONTAINER, "demo-jm-1")]],
      ["demo-jm-2-rejoined", [child(CONTAINER, "demo-jm-2")]],
      ["demo-jm-3-rejoined", [child(CONTAINER, "demo-jm-3")]],
    ]);
  });

  void it("chains the JobManagers in the order the order gate gives: the leader, JobManager 3, last", async () => {
    const monitor = await recordProgram(threeJobManagers, {
      stateFor: (args) =>
        args.type === ORDER
          ? { order: ["demo-flink-jm-2", "demo-flink-jm-1", "demo-flink-jm-3"] }
          : {},
    });
    assert.deepEqual(rejoinEdges(monitor), [
      ["demo-jm-1", [child(REJOINED, "demo-jm-2-rejoined")]],
      ["demo-jm-2", []],
      ["demo-jm-3", [child(REJOINED, "demo-jm-1-rejoined")]],
    ]);
    for (const jm of ["demo-jm-1", "demo-jm-2", "demo-jm-3"]) {
      assert.ok(monitor.byName(jm).dependencies.includes(child(ORDER, "demo-jm-order")), jm);
    }
  });

  void it("the order gate reads the leader of the cluster's election, keyed on each JobManager's digest", async () => {
    const monitor = await recordProgram(threeJobManagers);
    const gate = monitor.byName("demo-jm-order");
    const { __provider: provider, triggers, ...inputs } = gate.inputs;
    assert.equal(typeof provider, "string");
    assert.deepEqual(inputs, {
      connectString: "127.0.0.1:2181",
      haPath: "/flink/demo",
      jobManagers: [1, 2, 3].map((i) => ({
        name: `demo-flink-jm-${i}`,
        alias: `demo-flink-jm-${i}`,
      })),
      timeoutSeconds: 30,
      intervalMs: 500,
      attemptTimeoutMs: 5000,
    });
    assert.ok(Array.isArray(triggers) && triggers.length === 3);
    for (const digest of triggers) {
      assert.match(String(digest), /^[0-9a-f]{64}$/);
    }
    assert.equal(new Set(triggers).size, 3);
    // Never on a TaskManager's or a gate's: only the JobManagers wait for it.
    assert.deepEqual(
      monitor.registrations
        .filter((r) => r.dependencies.includes(child(ORDER, "demo-jm-order")))
        .map((r) => r.name)
        .sort(),
      ["demo-jm-1", "demo-jm-2", "demo-jm-3"],
    );
  });

  void it("every input that replaces a JobManager changes its digest, and only its own", async () => {
    const digests = async (args: Partial<FlinkHaClusterArgs>): Promise<string[]> => {
      const monitor = await recordProgram(
        () =>
          new FlinkHaCluster("demo", {
            namePrefix: "demo",
            flinkVersion: "2.1.1",
            zookeeper: plainZooKeeper,
            jobManagers: 3,
            ...args,
          }),
      );
      return monitor.byName("demo-jm-order").inputs["triggers"] as string[];
    };
    const base = await digests({});
    assert.deepEqual(await digests({}), base);
    const changes: [string, Partial<FlinkHaClusterArgs>][] = [
      ["image", { image: "registry.local/flink:2.1.1-patched" }],
      ["configuration", { extraSettings: { "parallelism.default": "2" } }],
      ["environment", { env: { TZ: "UTC" } }],
      ["labels", { labels: { team: "data" } }],
      ["storage", { storageDir: "s3://bucket/flink" }],
      ["published ports", { hostRestPortBase: 9081 }],
      ["network", { networkName: "other-net" }],
      ["memory", { jobManagerMemory: "2g" }],
      ["Java options", { javaOptions: "-Dzkha.test=1" }],
      ["session timeout", { sessionTimeoutMs: 2000 }],
      ["HA path", { clusterId: "/other" }],
    ];
    for (const [what, change] of changes) {
      const changed = await digests(change);
      base.forEach((digest, index) => {
        assert.notEqual(changed[index], digest, `${what}: JobManager ${index + 1}`);
      });
    }
    // More TaskManagers replace no JobManager.
    assert.deepEqual(await digests({ taskManagers: 3 }), base);
  });

  const taskManagerEdges = (monitor: RecordingMonitor): [string, string[]][] =>
    monitor.registrations
      .filter((r) => r.name.includes("-tm-"))
      .map((r): [string, string[]] => [
        r.name,
        r.dependencies.filter((urn) => urn.includes("-tm-")).map((urn) => urn.split("::")[3] ?? ""),
      ])
      .sort((a, b) => a[0].localeCompare(b[0]));

  void it("chains the TaskManagers in index order, each after the previous one registered again", async () => {
    const monitor = await recordProgram(
      () =>
        new FlinkHaCluster("demo", {
          namePrefix: "demo",
          flinkVersion: "2.1.1",
          zookeeper: plainZooKeeper,
          taskManagers: 3,
          readyTimeoutSeconds: 240,
        }),
    );
    assert.deepEqual(taskManagerEdges(monitor), [
      ["demo-tm-1", []],
      ["demo-tm-1-rejoined", ["demo-tm-1"]],
      ["demo-tm-2", ["demo-tm-1-rejoined"]],
      ["demo-tm-2-rejoined", ["demo-tm-2"]],
      ["demo-tm-3", ["demo-tm-2-rejoined"]],
      ["demo-tm-3-rejoined", ["demo-tm-3"]],
    ]);
    // And after the JobManagers, one of which the TaskManager registers with.
    assert.deepEqual(
      monitor.byName("demo-tm-2-rejoined").dependencies,
      [
        child(CONTAINER, "demo-jm-1"),
        child(CONTAINER, "demo-jm-2"),
        child(CONTAINER, "demo-tm-2"),
      ].sort(),
    );
    const { __provider: provider, ...inputs } = monitor.byName("demo-tm-2-rejoined").inputs;
    assert.equal(typeof provider, "string");
    assert.deepEqual(inputs, {
      restUrls: ["http://127.0.0.1:8081", "http://127.0.0.1:8082"],
      taskManager: "demo-flink-tm-2",
      processPrefix: "demo-flink-tm-2:",
      timeoutSeconds: 240,
      intervalMs: 500,
      attemptTimeoutMs: 5000,
      triggers: ["demo-tm-2-id"],
    });
  });

  void it("replaces every JobManager and TaskManager at once without rollingReplacement", async () => {
    const monitor = await recordProgram(
      () =>
        new FlinkHaCluster("demo", {
          namePrefix: "demo",
          flinkVersion: "2.1.1",
          zookeeper: plainZooKeeper,
          jobManagers: 3,
          taskManagers: 2,
          rollingReplacement: false,
        }),
    );
    assert.deepEqual(monitor.ofType(REJOINED), []);
    assert.deepEqual(monitor.ofType(ORDER), []);
    assert.deepEqual(monitor.ofType(TM_REJOINED), []);
    assert.deepEqual(taskManagerEdges(monitor), [
      ["demo-tm-1", []],
      ["demo-tm-2", []],
    ]);
    assert.deepEqual(rejoinEdges(monitor), [
      ["demo-jm-1", []],
      ["demo-jm-2", []],
      ["demo-jm-3", []],
    ]);
  });
});

void describe("FlinkHaCluster options", () => {
  void it("takes the ensemble as plain values: given network, no quorum gate, no volume for s3://", async () => {
    const monitor = await recordProgram(
      () =>
        new FlinkHaCluster("demo", {
          namePrefix: "demo",
          flinkVersion: "1.18.1",
          zookeeper: {
            connectString: "zk-a:2181,zk-b:2181,zk-c:2181",
            tickTime: 250,
            readinessConnectString: "127.0.0.1:2181",
            networkName: "zk-net",
          },
          networkName: "flink-net",
          storageDir: "s3://bucket/flink",
          jobManagers: 3,
          taskManagers: 2,
          hostRestPortBase: 18081,
          image: "registry.local/flink:1.18.1",
          env: { TZ: "UTC", A: "1" },
          labels: { team: "data", "pulumi-zk-ha.role": "spoofed" },
        }),
    );
    assert.deepEqual(
      monitor
        .ofType(CONTAINER)
        .map((r) => r.name)
        .sort(),
      ["demo-jm-1", "demo-jm-2", "demo-jm-3", "demo-tm-1", "demo-tm-2"],
    );
    assert.equal(monitor.ofType(VOLUME).length, 0);
    assert.deepEqual(monitor.byName("demo-ha-znode").dependencies, []);
    const jm3 = monitor.byName("demo-jm-3").inputs;
    assert.deepEqual(jm3["networksAdvanced"], [
      { name: "flink-net", aliases: ["demo-flink-jm-3"] },
    ]);
    assert.deepEqual(jm3["volumes"], []);
    assert.deepEqual(jm3["ports"], [
      { internal: 8081, external: 18083, ip: "127.0.0.1", protocol: "tcp" },
    ]);
    assert.deepEqual(jm3["envs"], ["JOB_MANAGER_RPC_ADDRESS=demo-flink-jm-3", "A=1", "TZ=UTC"]);
    assert.equal(jm3["image"], "registry.local/flink:1.18.1");
    const [config, masters] = jm3["uploads"] as ({ file: string; content: string } | undefined)[];
    assert.ok(config);
    assert.equal(config.file, "/opt/flink/conf/flink-conf.yaml");
    assert.match(config.content, /^high-availability\.storageDir: s3:\/\/bucket\/flink$/m);
    assert.match(
      config.content,
      /^high-availability\.zookeeper\.quorum: zk-a:2181,zk-b:2181,zk-c:2181$/m,
    );
    assert.deepEqual(masters, {
      file: "/opt/flink/conf/masters",
      content: "demo-flink-jm-1:8081\ndemo-flink-jm-2:8081\ndemo-flink-jm-3:8081\n",
    });
    assert.deepEqual(jm3["labels"], [
      { label: "pulumi-zk-ha.flink-cluster", value: "demo" },
      { label: "pulumi-zk-ha.flink-ha-path", value: "/flink/demo" },
      { label: "pulumi-zk-ha.role", value: "flink-jobmanager" },
      { label: "pulumi-zk-ha.zookeeper-quorum", value: "zk-a:2181,zk-b:2181,zk-c:2181" },
      { label: "team", value: "data" },
    ]);
  });

  void it("mounts the shared volume at the path of a file:// storageDir, owned as asked", async () => {
    const monitor = await recordProgram(
      withEnsemble({ storageDir: "file:///data/flink-ha", storageOwner: "flink:flink" }),
    );
    assert.deepEqual(monitor.byName("demo-tm-1").inputs["volumes"], [
      { volumeName: "demo-flink-ha", containerPath: "/data/flink-ha" },
    ]);
    const step = monitor.byName("demo-ha-storage-owner").inputs;
    assert.deepEqual(step["entrypoints"], ["chown", "-R", "flink:flink", "/data/flink-ha"]);
    assert.deepEqual(step["volumes"], [
      { volumeName: "demo-flink-ha", containerPath: "/data/flink-ha" },
    ]);
  });

  void it("fails the deployment with chown's message, and starts no member, when the step fails", async () => {
    const chown = "chown: invalid user: 'nobody-here:nobody-here'\n";
    const { rejections, monitor } = await failuresOf(
      withEnsemble({ storageOwner: "nobody-here:nobody-here" }),
      {
        stateFor: (args) =>
          args.name === "demo-ha-storage-owner" ? { exitCode: 1, containerLogs: chown } : {},
      },
    );
    // Whichever dependant serialises it first, the message is the step's own.
    assert.deepEqual(printedMessages(rejections), [
      `storage owner step demo-flink-ha-owner exited with 1: chown: invalid user: 'nobody-here:nobody-here'`,
    ]);
    assert.deepEqual(
      monitor
        .ofType(CONTAINER)
        .map((r) => r.name)
        .sort(),
      ["demo-ha-storage-owner", "zk-zk-1", "zk-zk-2", "zk-zk-3"],
    );
  });

  void it("refuses at preview a session timeout the ensemble would not grant", async () => {
    let thrown: unknown;
    const refused = await recordProgram(() => {
      try {
        withEnsemble({ sessionTimeoutMs: 60000 })();
      } catch (error) {
        thrown = error;
      }
    });
    assert.ok(pulumi.InputPropertiesError.isInstance(thrown), String(thrown));
    assert.deepEqual(
      thrown.errors.map((e) => [e.propertyPath, e.reason]),
      [
        [
          "sessionTimeoutMs",
          "60000 ms is outside what the ensemble grants with tickTime 250 ms: 500..40000 ms (2 ticks to its maxSessionTimeout), and ZooKeeper would silently change it; set sessionTimeoutMs from 500 to 40000, or leave it unset for the default, 6 ticks",
        ],
      ],
    );
    assert.deepEqual(
      refused.ofType(CONTAINER).filter((c) => c.name.startsWith("demo-")),
      [],
    );
    const warn = mock.method(console, "warn", () => undefined);
    try {
      await recordProgram(withEnsemble({ sessionTimeoutMs: 10000 }));
    } finally {
      warn.mock.restore();
    }
    assert.equal(warn.mock.callCount(), 0);
  });

  void it("keeps Flink's 60 s default within the ensemble's maximum, silently", async () => {
    const warn = mock.method(console, "warn", () => undefined);
    let monitor: RecordingMonitor;
    try {
      monitor = await recordProgram(withEnsemble({ failoverTuning: "flink-defaults" }));
    } finally {
      warn.mock.restore();
    }
    const content =
      (monitor.byName("demo-jm-1").inputs["uploads"] as { content: string }[])[0]?.content ?? "";
    assert.match(content, /^high-availability\.zookeeper\.client\.session-timeout: 40000$/m);
    assert.match(content, /^high-availability\.zookeeper\.client\.connection-timeout: 15000$/m);
    assert.match(content, /^heartbeat\.timeout: 50000$/m);
    assert.equal(warn.mock.callCount(), 0);
  });
});

void describe("FlinkHaCluster validation", () => {
  async function rejection(
    args: Partial<FlinkHaClusterArgs>,
    zookeeper?: FlinkHaClusterArgs["zookeeper"],
  ): Promise<{ error: pulumi.InputPropertiesError; custom: string[] }> {
    let thrown: unknown;
    const monitor = await recordProgram(() => {
      try {
        new FlinkHaCluster("demo", {
          namePrefix: "demo",
          flinkVersion: "2.1.1",
          zookeeper: zookeeper ?? {
            connectString: "zk:2181",
            tickTime: 250,
            readinessConnectString: "127.0.0.1:2181",
            networkName: "zk-net",
          },
          ...args,
        });
      } catch (error) {
        thrown = error;
      }
    });
    assert.ok(pulumi.InputPropertiesError.isInstance(thrown), String(thrown));
    return {
      error: thrown,
      custom: monitor.registrations.filter((r) => r.custom).map((r) => r.name),
    };
  }

  const table: [string, Partial<FlinkHaClusterArgs>, [string, RegExp][]][] = [
    ["one JobManager", { jobManagers: 1 }, [["jobManagers", /give no standby/]]],
    ["no TaskManager", { taskManagers: 0 }, [["taskManagers", /cannot run jobs/]]],
    ["old Flink", { flinkVersion: "1.14.6" }, [["flinkVersion", /1\.15 or later/]]],
    [
      "YAML injection through clusterId",
      { clusterId: "/a\nhigh-availability.type: none" },
      [["clusterId", /control character/]],
    ],
    ["a comment in pathRoot", { pathRoot: "/flink#x" }, [["pathRoot", /'#'/]]],
    [
      "YAML injection through storageDir",
      { storageDir: "s3://b/x\nrest.port: 1" },
      [["storageDir", /line break/]],
    ],
    [
      "a line break in storageDir",
      { storageDir: "s3://b/x\nhigh-availability.type: none" },
      [["storageDir", /line break/]],
    ],
    ["a storageDir without scheme", { storageDir: "/flink-ha" }, [["storageDir", /no scheme/]]],
    [
      "an owner chown cannot take",
      { storageOwner: "9999:9999 /etc" },
      [["storageOwner", /not an owner chown takes; write "uid:gid"/]],
    ],
    [
      "an owner without a storage volume",
      { storageDir: "s3://bucket/flink", storageOwner: "9999:9999" },
      [["storageOwner", /no volume to chown: remove storageOwner/]],
    ],
    [
      "javaOptions that config.yaml would have to quote",
      { javaOptions: "&anchor -Xmx1g" },
      [["javaOptions", /would need quoting in config\.yaml/]],
    ],
    [
      "injection through an extra setting",
      { extraSettings: { "state.backend.type": "hashmap\nhigh-availability.type: none" } },
      [['extraSettings["state.backend.type"]', /line break/]],
    ],
    [
      "a managed key in extraSettings",
      { extraSettings: { "high-availability.storageDir": "s3://x/y" } },
      [['extraSettings["high-availability.storageDir"]', /rendered by the component/]],
    ],
    [
      "a key removed in 2.0",
      { extraSettings: { "high-availability.job.delay": "10 s" } },
      [['extraSettings["high-availability.job.delay"]', /removed in Flink 2\.0/]],
    ],
    [
      "overlapping HA ports",
      { jobManagerPorts: "50000-50010,50005" },
      [["jobManagerPorts", /overlaps range 50000-50010/]],
    ],
    ["an HA port out of range", { jobManagerPorts: "70000" }, [["jobManagerPorts", /outside/]]],
    ["a bad memory size", { jobManagerMemory: "lots" }, [["jobManagerMemory", /memory size/]]],
    ["a bad REST port", { restPort: 0 }, [["restPort", /not a TCP port/]]],
    [
      "host REST ports past 65535",
      { hostRestPortBase: 65535 },
      [["hostRestPortBase", /exceeds port 65535/]],
    ],
    [
      "a bad tuning",
      { failoverTuning: "fast" as "tuned" },
      [["failoverTuning", /"fast" is not a tuning/]],
    ],
    ["a zero session timeout", { sessionTimeoutMs: 0 }, [["sessionTimeoutMs", /whole number/]]],
    [
      "an uppercase name prefix",
      { namePrefix: "Demo" },
      [["namePrefix", /"Demo" cannot start the network alias "Demo-flink-jm-2"/]],
    ],
  ];
  for (const [title, args, expected] of table) {
    void it(`rejects ${title}, naming the field, before creating anything`, async () => {
      const { error, custom } = await rejection(args);
      assert.deepEqual(
        error.errors.map((e) => e.propertyPath),
        expected.map(([property]) => property),
      );
      expected.forEach(([, reason], i) => {
        assert.match(error.errors[i]?.reason ?? "", reason);
      });
      assert.match(error.message, /^FlinkHaCluster "demo" has \d+ invalid input\(s\):/);
      assert.deepEqual(custom, []);
    });
  }

  void it("rejects a YAML injection through a plain ZooKeeper connect string", async () => {
    const { error } = await rejection(
      {},
      {
        connectString: "zk:2181\nhigh-availability.type: none",
        tickTime: 250,
        readinessConnectString: "127.0.0.1:2181",
        networkName: "zk-net",
      },
    );
    assert.deepEqual(
      error.errors.map((e) => e.propertyPath),
      ["zookeeper.connectString"],
    );
    // No line can reach a rendered file: only host:port endpoints pass.
    assert.equal(
      error.errors[0]?.reason,
      '"zk:2181\\nhigh-availability.type: none" is not a ZooKeeper connect string; write host:port[,host:port...] without a chroot',
    );
  });

  void it("needs a network shared with the ensemble", async () => {
    const { error } = await rejection(
      {},
      { connectString: "zk:2181", tickTime: 250, readinessConnectString: "127.0.0.1:2181" },
    );
    assert.deepEqual(error.errors, [
      {
        propertyPath: "networkName",
        reason:
          "the containers need a Docker network on which the ZooKeeper servers are reachable; pass networkName or zookeeper.networkName",
      },
    ]);
  });

  void it("lists every problem at once", async () => {
    const { error } = await rejection({ jobManagers: 1, clusterId: "relative", restPort: 70000 });
    assert.deepEqual(
      error.errors.map((e) => e.propertyPath),
      ["jobManagers", "clusterId", "restPort"],
    );
  });
});

void describe("one HA path per ensemble", () => {
  void it("rejects a second cluster with the same root and cluster-id on the same ensemble", async () => {
    let thrown: unknown;
    const monitor = await recordProgram(() => {
      const zk = new ZooKeeperEnsemble("zk", { namePrefix: "zk" });
      new FlinkHaCluster("first", {
        namePrefix: "first",
        flinkVersion: "2.1.1",
        zookeeper: zk,
        clusterId: "/shared",
      });
      try {
        new FlinkHaCluster("second", {
          namePrefix: "second",
          flinkVersion: "2.1.1",
          zookeeper: zk,
          clusterId: "/shared",
          hostRestPortBase: 9081,
        });
      } catch (error) {
        thrown = error;
      }
    });
    assert.ok(pulumi.InputPropertiesError.isInstance(thrown), String(thrown));
    assert.deepEqual(thrown.errors, [
      {
        propertyPath: "clusterId",
        reason:
          'HA path /flink/shared on the same ZooKeeper ensemble is also used by FlinkHaCluster "first" (clusterId); give each cluster its own clusterId or pathRoot, neither inside the other',
      },
    ]);
    assert.ok(!monitor.registrations.some((r) => r.name.startsWith("second-")));
  });

  void it("accepts the same ensemble with another cluster-id or another root", async () => {
    const monitor = await recordProgram(() => {
      const zk = new ZooKeeperEnsemble("zk", { namePrefix: "zk" });
      new FlinkHaCluster("a", { namePrefix: "a", flinkVersion: "2.1.1", zookeeper: zk });
      new FlinkHaCluster("b", {
        namePrefix: "b",
        flinkVersion: "2.1.1",
        zookeeper: zk,
        hostRestPortBase: 9081,
      });
      new FlinkHaCluster("c", {
        flinkVersion: "2.1.1",
        zookeeper: zk,
        namePrefix: "c",
        clusterId: "/a",
        pathRoot: "/other",
        hostRestPortBase: 10081,
      });
    });
    assert.deepEqual(
      monitor
        .ofType(ZNODE)
        .map((r) => String(r.inputs["path"]))
        .sort(),
      ["/flink/a", "/flink/b", "/other/a"],
    );
  });

  void it("matches plain connect strings whatever the order of their servers", async () => {
    const { error } = await (async () => {
      let thrown: unknown;
      await recordProgram(() => {
        const zk = {
          connectString: "a:2181,b:2181",
          tickTime: 250,
          readinessConnectString: "127.0.0.1:2181",
          networkName: "n",
        };
        new FlinkHaCluster("x", {
          namePrefix: "x",
          flinkVersion: "2.1.1",
          zookeeper: zk,
          clusterId: "/c",
        });
        try {
          new FlinkHaCluster("y", {
            namePrefix: "y",
            flinkVersion: "2.1.1",
            zookeeper: { ...zk, connectString: "B:2181,a:2181" },
            clusterId: "/c",
            hostRestPortBase: 9081,
          });
        } catch (e) {
          thrown = e;
        }
      });
      assert.ok(pulumi.InputPropertiesError.isInstance(thrown));
      return { error: thrown };
    })();
    assert.match(error.errors[0]?.reason ?? "", /\/flink\/c .* used by FlinkHaCluster "x"/);
  });

  void it("reports an error diagnostic when different Outputs resolve to the same ensemble", async () => {
    const logged = mock.method(console, "error", () => undefined);
    try {
      await recordProgram(() => {
        const zk = (): ZooKeeperConnection => ({
          connectString: pulumi.output("a:2181"),
          tickTime: 250,
          readinessConnectString: "127.0.0.1:2181",
          networkName: "n",
        });
        new FlinkHaCluster("x", {
          namePrefix: "x",
          flinkVersion: "2.1.1",
          zookeeper: zk(),
          clusterId: "/c",
        });
        new FlinkHaCluster("y", {
          namePrefix: "y",
          flinkVersion: "2.1.1",
          zookeeper: zk(),
          clusterId: "/c",
          hostRestPortBase: 9081,
        });
      });
    } finally {
      logged.mock.restore();
    }
    assert.deepEqual(
      logged.mock.calls.map((c) => c.arguments[0] as string),
      [
        'error: [runtime] FlinkHaCluster "y": clusterId: HA path /flink/c on the same ZooKeeper ensemble is also used by FlinkHaCluster "x" (clusterId); give each cluster its own clusterId or pathRoot, neither inside the other',
      ],
    );
  });
});
