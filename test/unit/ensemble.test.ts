import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { recordProgram, type RecordingMonitor } from "../helpers/recordingMonitor";
import { ZooKeeperEnsemble, type ZooKeeperEnsembleArgs } from "../../src";
import { superDigestOf } from "../../src/zookeeper/zooCfg";

const ENSEMBLE = "pulumi-zk-ha:zookeeper:ZooKeeperEnsemble";
const CONTAINER = "docker:index/container:Container";
const VOLUME = "docker:index/volume:Volume";
const NETWORK = "docker:index/network:Network";
const GATE = "pulumi-nodejs:dynamic/pulumi-zk-ha:QuorumReady";
const REJOINED = "pulumi-nodejs:dynamic/pulumi-zk-ha:ServerRejoined";
const MEMBERSHIP = "pulumi-nodejs:dynamic/pulumi-zk-ha:MembershipGuard";
const APPLIED = "pulumi-nodejs:dynamic/pulumi-zk-ha:MembershipApplied";
const PASSWORD = "pulumi-nodejs:dynamic/pulumi-zk-ha:GeneratedPassword";
/** What the mocked GeneratedPassword returns: the digest in zoo.cfg is derived from it. */
const MOCK_PASSWORD = "mock-super-password";
const ROOT = `urn:pulumi:test::zkha::${ENSEMBLE}::demo`;
const child = (type: string, name: string): string =>
  `urn:pulumi:test::zkha::${ENSEMBLE}$${type}::${name}`;

function ownLabels(id: number): { label: string; value: string }[] {
  return [
    { label: "pulumi-zk-ha.ensemble", value: "demo" },
    { label: "pulumi-zk-ha.role", value: "zookeeper" },
    { label: "pulumi-zk-ha.server-id", value: String(id) },
  ];
}

const DEFAULT_ZOO_CFG = `# Rendered by pulumi-zk-ha. Edits are lost when the component next updates.
tickTime=250
initLimit=80
syncLimit=40
maxSessionTimeout=40000
dataDir=/data
dataLogDir=/datalog
clientPort=2181
4lw.commands.whitelist=srvr,ruok,mntr
admin.enableServer=true
admin.serverPort=8080
autopurge.snapRetainCount=3
autopurge.purgeInterval=24
quorumListenOnAllIPs=true
reconfigEnabled=true
standaloneEnabled=false
dynamicConfigFile=/conf/zoo.cfg.dynamic
DigestAuthenticationProvider.superDigest=${superDigestOf(MOCK_PASSWORD)}
`;

/** The servers as Pulumi reaches them on their published client ports. */
const PUBLISHED = [1, 2, 3].map((id) => ({
  name: `demo-zk-${id}`,
  host: "127.0.0.1",
  port: 12180 + id,
}));

const DEFAULT_MEMBERS = [1, 2, 3].map(
  (id) => `server.${id}=demo-zk-${id}:2888:3888:participant;0.0.0.0:2181`,
);

void describe("ZooKeeperEnsemble under mocks", () => {
  let monitor: RecordingMonitor;
  let ensemble: ZooKeeperEnsemble | undefined;

  before(async () => {
    monitor = await recordProgram(
      () => {
        ensemble = new ZooKeeperEnsemble("demo", { namePrefix: "demo", hostClientPortBase: 12181 });
      },
      { stateFor: (args) => (args.type === PASSWORD ? { value: MOCK_PASSWORD } : {}) },
    );
  });

  void it("creates exactly one network, two volumes and one container per server, and the gate", () => {
    assert.deepEqual(
      monitor.registrations.map((r) => [r.type, r.name, r.parent]),
      [
        [ENSEMBLE, "demo", ""],
        [NETWORK, "demo-zk-net", ROOT],
        [PASSWORD, "demo-zk-super-password", ROOT],
        [MEMBERSHIP, "demo-membership", ROOT],
        [VOLUME, "demo-zk-1-data", ROOT],
        [VOLUME, "demo-zk-1-datalog", ROOT],
        [VOLUME, "demo-zk-2-data", ROOT],
        [VOLUME, "demo-zk-2-datalog", ROOT],
        [VOLUME, "demo-zk-3-data", ROOT],
        [VOLUME, "demo-zk-3-datalog", ROOT],
        // Rolling: each server registers once the previous one's rejoin gate has passed.
        [CONTAINER, "demo-zk-1", ROOT],
        [REJOINED, "demo-zk-1-rejoined", ROOT],
        [CONTAINER, "demo-zk-2", ROOT],
        [REJOINED, "demo-zk-2-rejoined", ROOT],
        [CONTAINER, "demo-zk-3", ROOT],
        [APPLIED, "demo-members-applied", ROOT],
        [GATE, "demo-quorum-ready", ROOT],
      ],
    );
  });

  void it("gives each server a named, retained volume for data and for the transaction log", () => {
    for (const registration of monitor.ofType(VOLUME)) {
      const id = Number(/zk-(\d+)-/.exec(registration.name)?.[1]);
      assert.deepEqual(registration.inputs, { name: registration.name, labels: ownLabels(id) });
      assert.equal(registration.retainOnDelete, true, registration.name);
    }
  });

  void it("specifies each container exactly: files, volumes, alias, published port, healthcheck", () => {
    const container = monitor.byName("demo-zk-2");
    assert.deepEqual(container.inputs, {
      name: "demo-zk-2",
      image: "zookeeper:3.9",
      hostname: "demo-zk-2",
      restart: "unless-stopped",
      mustRun: true,
      networksAdvanced: [{ name: "demo-zk", aliases: ["demo-zk-2"] }],
      volumes: [
        { volumeName: "demo-zk-2-data", containerPath: "/data" },
        { volumeName: "demo-zk-2-datalog", containerPath: "/datalog" },
      ],
      uploads: [
        { file: "/conf/zoo.cfg", content: DEFAULT_ZOO_CFG },
        { file: "/conf/zoo.cfg.dynamic", content: `${DEFAULT_MEMBERS.join("\n")}\n` },
        { file: "/data/myid", content: "2\n" },
      ],
      ports: [{ internal: 2181, external: 12182, ip: "127.0.0.1", protocol: "tcp" }],
      envs: [],
      healthcheck: {
        tests: [
          "CMD",
          "bash",
          "-c",
          "exec 3<>/dev/tcp/127.0.0.1/2181 && printf srvr >&3 && grep -Eq '^Mode: (leader|follower)$' <&3",
        ],
        interval: "5s",
        timeout: "4s",
        retries: 6,
        startPeriod: "1m0s",
      },
      labels: ownLabels(2),
    });
    assert.deepEqual(container.replaceOnChanges, ["healthcheck"]);
    // A fixed name: a create-first replacement would conflict with the old container.
    assert.equal(container.deleteBeforeReplace, true);
    assert.equal(container.retainOnDelete, false);
  });

  void it("sends the engine the edges that order creation: network and volumes before each container", () => {
    for (const id of [1, 2, 3]) {
      const container = monitor.byName(`demo-zk-${id}`);
      assert.deepEqual(container.dependencies, [
        child(NETWORK, "demo-zk-net"),
        child(VOLUME, `demo-zk-${id}-data`),
        child(VOLUME, `demo-zk-${id}-datalog`),
        // zoo.cfg holds the digest of the super password.
        child(PASSWORD, "demo-zk-super-password"),
        // A refused change of members holds every server back.
        child(MEMBERSHIP, "demo-membership"),
        // The previous server's rejoin gate, by dependsOn alone: no input of this container
        // refers to it, so its update never makes the engine replace this server.
        ...(id > 1 ? [child(REJOINED, `demo-zk-${id - 1}-rejoined`)] : []),
      ]);
      assert.deepEqual(
        Object.values(container.propertyDependencies)
          .flat()
          .filter((urn) => urn.includes("ServerRejoined")),
        [],
      );
      assert.deepEqual(container.propertyDependencies["volumes"], [
        child(VOLUME, `demo-zk-${id}-data`),
        child(VOLUME, `demo-zk-${id}-datalog`),
      ]);
    }
  });

  void it("guards member changes with the servers' published ports and the generated super password", () => {
    const guard = monitor.byName("demo-membership");
    const { __provider: provider, ...inputs } = guard.inputs;
    assert.equal(typeof provider, "string");
    assert.deepEqual(inputs, {
      ensemble: "demo",
      members: DEFAULT_MEMBERS,
      servers: PUBLISHED,
      placed: false,
      rolling: true,
      superPassword: MOCK_PASSWORD,
      timeoutSeconds: 180,
    });
    assert.deepEqual(guard.dependencies, [child(PASSWORD, "demo-zk-super-password")]);
  });

  void it("applies the members after every server and its rejoin gate, before the quorum gate", () => {
    const applied = monitor.byName("demo-members-applied");
    const containers = [1, 2, 3].map((id) => child(CONTAINER, `demo-zk-${id}`));
    assert.deepEqual(applied.dependencies, [
      ...containers,
      child(PASSWORD, "demo-zk-super-password"),
      child(REJOINED, "demo-zk-1-rejoined"),
      child(REJOINED, "demo-zk-2-rejoined"),
    ]);
    const { __provider: provider, ...inputs } = applied.inputs;
    assert.equal(typeof provider, "string");
    assert.deepEqual(inputs, {
      ensemble: "demo",
      members: DEFAULT_MEMBERS,
      servers: PUBLISHED,
      superPassword: MOCK_PASSWORD,
      timeoutSeconds: 180,
      triggers: ["demo-zk-1-id", "demo-zk-2-id", "demo-zk-3-id"],
    });
  });

  void it("gates on every container and re-runs the gate when a container is replaced", () => {
    const gate = monitor.byName("demo-quorum-ready");
    const containers = [1, 2, 3].map((id) => child(CONTAINER, `demo-zk-${id}`));
    assert.deepEqual(gate.dependencies, [...containers, child(APPLIED, "demo-members-applied")]);
    assert.deepEqual(gate.propertyDependencies["triggers"], containers);
    const { __provider: provider, ...inputs } = gate.inputs;
    assert.equal(typeof provider, "string");
    assert.deepEqual(inputs, {
      servers: [
        { name: "demo-zk-1", host: "127.0.0.1", port: 12181 },
        { name: "demo-zk-2", host: "127.0.0.1", port: 12182 },
        { name: "demo-zk-3", host: "127.0.0.1", port: 12183 },
      ],
      timeoutSeconds: 180,
      intervalMs: 500,
      attemptTimeoutMs: 3000,
      triggers: ["demo-zk-1-id", "demo-zk-2-id", "demo-zk-3-id"],
    });
  });

  void it("waits, after each replaced server but the last, until it serves again", () => {
    for (const id of [1, 2]) {
      const gate = monitor.byName(`demo-zk-${id}-rejoined`);
      assert.deepEqual(gate.dependencies, [child(CONTAINER, `demo-zk-${id}`)]);
      assert.deepEqual(gate.propertyDependencies["triggers"], [child(CONTAINER, `demo-zk-${id}`)]);
      const { __provider: provider, ...inputs } = gate.inputs;
      assert.equal(typeof provider, "string");
      assert.deepEqual(inputs, {
        server: { name: `demo-zk-${id}`, host: "127.0.0.1", port: 12180 + id },
        peers: [1, 2, 3]
          .filter((other) => other !== id)
          .map((other) => ({ name: `demo-zk-${other}`, host: "127.0.0.1", port: 12180 + other })),
        timeoutSeconds: 180,
        intervalMs: 500,
        attemptTimeoutMs: 3000,
        triggers: [`demo-zk-${id}-id`],
      });
    }
    assert.equal(monitor.ofType(REJOINED).length, 2);
    assert.ok(ensemble);
    assert.equal(ensemble.rejoinGates.length, 2);
  });

  void it("replaces all servers at once without rollingReplacement, and with a single server", async () => {
    for (const args of [{ rollingReplacement: false }, { size: 1 }]) {
      const recorded = await recordProgram(
        () => new ZooKeeperEnsemble("demo", { namePrefix: "demo", ...args }),
      );
      assert.deepEqual(recorded.ofType(REJOINED), [], JSON.stringify(args));
      for (const container of recorded.ofType(CONTAINER)) {
        assert.ok(
          container.dependencies.every((urn) => !urn.includes("ServerRejoined")),
          container.name,
        );
      }
    }
  });

  void it("outputs the network and host connect strings and the server list", async () => {
    assert.ok(ensemble);
    const [connect, host, readiness, servers, network] = await Promise.all([
      valueOf(ensemble.connectString),
      valueOf(ensemble.hostConnectString),
      valueOf(ensemble.readinessConnectString),
      valueOf(ensemble.servers),
      valueOf(ensemble.networkName),
    ]);
    assert.equal(connect, "demo-zk-1:2181,demo-zk-2:2181,demo-zk-3:2181");
    assert.equal(host, "127.0.0.1:12181,127.0.0.1:12182,127.0.0.1:12183");
    assert.equal(readiness, host);
    assert.equal(network, "demo-zk");
    // Plain values clients derive their session timeouts from.
    assert.equal(ensemble.tickTime, 250);
    assert.equal(ensemble.maxSessionTimeout, 40000);
    assert.deepEqual(servers, [
      {
        id: 1,
        alias: "demo-zk-1",
        containerName: "demo-zk-1",
        clientPort: 2181,
        hostClientPort: 12181,
      },
      {
        id: 2,
        alias: "demo-zk-2",
        containerName: "demo-zk-2",
        clientPort: 2181,
        hostClientPort: 12182,
      },
      {
        id: 3,
        alias: "demo-zk-3",
        containerName: "demo-zk-3",
        clientPort: 2181,
        hostClientPort: 12183,
      },
    ]);
  });
});

void describe("ZooKeeperEnsemble options", () => {
  void it("joins a given network, publishes nothing, and gates through container addresses", async () => {
    let ensemble: ZooKeeperEnsemble | undefined;
    const monitor = await recordProgram(
      () => {
        ensemble = new ZooKeeperEnsemble("demo", {
          namePrefix: "demo",
          serverIds: [2, 5, 9],
          networkName: "shared",
          env: { JVMFLAGS: "-Xmx256m", A: "1" },
          labels: { team: "data", "pulumi-zk-ha.role": "spoofed" },
          retainDataOnDelete: false,
        });
      },
      {
        stateFor: (args) =>
          args.type === CONTAINER
            ? {
                networkDatas: [
                  { networkName: "shared", ipAddress: `10.9.0.${args.name.slice(-1)}` },
                ],
              }
            : {},
      },
    );
    assert.equal(monitor.ofType(NETWORK).length, 0);
    assert.deepEqual(
      monitor.ofType(CONTAINER).map((r) => r.name),
      ["demo-zk-2", "demo-zk-5", "demo-zk-9"],
    );
    const container = monitor.byName("demo-zk-5");
    assert.deepEqual(container.inputs["networksAdvanced"], [
      { name: "shared", aliases: ["demo-zk-5"] },
    ]);
    assert.deepEqual(container.inputs["ports"], []);
    assert.deepEqual(container.inputs["envs"], ["A=1", "JVMFLAGS=-Xmx256m"]);
    assert.deepEqual(container.inputs["labels"], [
      { label: "pulumi-zk-ha.ensemble", value: "demo" },
      { label: "pulumi-zk-ha.role", value: "zookeeper" },
      { label: "pulumi-zk-ha.server-id", value: "5" },
      { label: "team", value: "data" },
    ]);
    assert.equal(monitor.byName("demo-zk-5-data").retainOnDelete, false);
    assert.match(
      (container.inputs["uploads"] as { content: string }[])[1]?.content ?? "",
      /^server\.9=demo-zk-9:2888:3888:participant;0\.0\.0\.0:2181$/m,
    );
    // Only container addresses reach these servers, and they are known after the servers
    // change: the guard cannot remove servers or move ports, and says so (membershipGuard).
    assert.deepEqual(monitor.byName("demo-membership").inputs["servers"], []);
    assert.deepEqual(monitor.byName("demo-quorum-ready").inputs["servers"], [
      { name: "demo-zk-2", host: "10.9.0.2", port: 2181 },
      { name: "demo-zk-5", host: "10.9.0.5", port: 2181 },
      { name: "demo-zk-9", host: "10.9.0.9", port: 2181 },
    ]);
    assert.ok(ensemble);
    assert.equal(await valueOf(ensemble.hostConnectString), undefined);
    assert.equal(
      await valueOf(ensemble.readinessConnectString),
      "10.9.0.2:2181,10.9.0.5:2181,10.9.0.9:2181",
    );
  });

  void it("rejects bad input before creating anything, naming every field", async () => {
    let thrown: unknown;
    const monitor = await recordProgram(() => {
      try {
        new ZooKeeperEnsemble("demo", {
          namePrefix: "demo",
          size: 4,
          clientPort: 2888,
          dataDir: "/data\nserver.9=evil:1:2",
        });
      } catch (error) {
        thrown = error;
      }
    });
    assert.ok(pulumi.InputPropertiesError.isInstance(thrown), String(thrown));
    assert.deepEqual(
      thrown.errors.map((e) => e.propertyPath),
      ["size", "peerPort", "dataDir"],
    );
    assert.match(thrown.message, /ZooKeeperEnsemble "demo" has 3 invalid input\(s\)/);
    assert.deepEqual(
      monitor.registrations.filter((r) => r.custom).map((r) => r.name),
      [],
    );
  });
});

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) =>
    output.apply((value) => {
      resolve(value);
      return value;
    }),
  );
}

void describe("ZooKeeperEnsemble placement over several Docker hosts", () => {
  const hosts = ["10.1.0.11", "10.1.0.12", "zk-c.example"];

  async function placed(extra: Partial<ZooKeeperEnsembleArgs> = {}): Promise<RecordingMonitor> {
    return recordProgram(() => {
      const providers = ["a", "b", "c"].map(
        (h) => new docker.Provider(`host-${h}`, { host: `ssh://ops@host-${h}` }),
      );
      new ZooKeeperEnsemble("demo", {
        namePrefix: "demo",
        allowNonLoopbackPublish: true,
        placement: Object.fromEntries(
          providers.map((provider, i) => [i + 1, { provider, address: hosts[i] ?? "" }]),
        ),
        ...extra,
      });
    });
  }

  void it("puts each server, its volumes and a network on its own host", async () => {
    const monitor = await placed();
    const providerOf = (name: string): string =>
      monitor.byName(name).provider.split("::").pop() ?? "";
    for (const [index, host] of ["a", "b", "c"].entries()) {
      const id = index + 1;
      for (const name of [
        `demo-zk-net-${id}`,
        `demo-zk-${id}`,
        `demo-zk-${id}-data`,
        `demo-zk-${id}-datalog`,
      ]) {
        assert.equal(providerOf(name), `host-${host}-id`, name);
      }
    }
    assert.equal(monitor.ofType(NETWORK).length, 3);
    assert.deepEqual(monitor.byName("demo-zk-3").inputs["networksAdvanced"], [
      { name: "demo-zk", aliases: ["demo-zk-3"] },
    ]);
  });

  void it("dials servers by host address and publishes client, peer and election ports there", async () => {
    const monitor = await placed();
    const uploads = monitor.byName("demo-zk-1").inputs["uploads"] as { content: string }[];
    assert.deepEqual(
      (uploads[1]?.content ?? "").split("\n").filter((l) => l.startsWith("server.")),
      [
        "server.1=10.1.0.11:2888:3888:participant;0.0.0.0:2181",
        "server.2=10.1.0.12:2888:3888:participant;0.0.0.0:2181",
        "server.3=zk-c.example:2888:3888:participant;0.0.0.0:2181",
      ],
    );
    assert.deepEqual(monitor.byName("demo-zk-1").inputs["ports"], [
      { internal: 2181, external: 2181, ip: "10.1.0.11", protocol: "tcp" },
      { internal: 2888, external: 2888, ip: "10.1.0.11", protocol: "tcp" },
      { internal: 3888, external: 3888, ip: "10.1.0.11", protocol: "tcp" },
    ]);
    // A hostname cannot be bound; Docker binds every interface instead.
    assert.deepEqual(
      (monitor.byName("demo-zk-3").inputs["ports"] as { ip: string }[]).map((p) => p.ip),
      ["0.0.0.0", "0.0.0.0", "0.0.0.0"],
    );
    assert.deepEqual(monitor.byName("demo-quorum-ready").inputs["servers"], [
      { name: "demo-zk-1", host: "10.1.0.11", port: 2181 },
      { name: "demo-zk-2", host: "10.1.0.12", port: 2181 },
      { name: "demo-zk-3", host: "zk-c.example", port: 2181 },
    ]);
    assert.ok(
      (monitor.byName("demo-zk-1").inputs["labels"] as { label: string; value: string }[]).some(
        (l) => l.label === "pulumi-zk-ha.allow-non-loopback-publish" && l.value === "true",
      ),
    );
  });

  void it("refuses placement without the publish opt-in, for missing servers and shared addresses", async () => {
    let thrown: unknown;
    await recordProgram(() => {
      const provider = new docker.Provider("only", { host: "ssh://ops@only" });
      try {
        new ZooKeeperEnsemble("demo", {
          namePrefix: "demo",
          placement: {
            1: { provider, address: "10.0.0.1" },
            2: { provider, address: "10.0.0.1" },
            9: { provider, address: "10.0.0.9" },
          },
          hostClientPortBase: 2181,
          publishAddress: "127.0.0.2",
        });
      } catch (error) {
        thrown = error;
      }
    });
    assert.ok(pulumi.InputPropertiesError.isInstance(thrown), String(thrown));
    assert.deepEqual(
      thrown.errors.map((e) => e.propertyPath),
      [
        "placement[3]",
        "placement[2].address",
        "placement[9]",
        "allowNonLoopbackPublish",
        "hostClientPortBase",
        "publishAddress",
      ],
    );
    // Refused like Flink's, not silently ignored.
    assert.equal(
      thrown.errors[5]?.reason,
      "placed servers publish their ports on their placement's bindAddress; leave it unset with placement",
    );
  });
});
