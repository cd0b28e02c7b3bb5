import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { assertCopySucceeded, jdbcSubprotocol, OozieHaCluster } from "../../src/oozie/cluster";
import type { OozieHaClusterArgs } from "../../src/oozie/clusterArgs";
import { renderCuratorCopyScript } from "../../src/oozie/curatorCopy";
import { resolveOozieClusterSpec, type ResolvedOozieArgs } from "../../src/oozie/clusterSpec";
import { keytabProblem } from "../../src/oozie/validateCluster";
import { ZooKeeperEnsemble } from "../../src/zookeeper/ensemble";
import {
  isWireSecret,
  recordProgramWithSecrets,
  type SecretRecordingMonitor,
} from "../harness/oozieSecretMonitor";
import { failuresOf, printedMessages } from "../helpers/unhandledRejections";

const CLUSTER = "pulumi-zk-ha:oozie:OozieHaCluster";
const CONTAINER = "docker:index/container:Container";
const VOLUME = "docker:index/volume:Volume";
const ZNODE = "pulumi-nodejs:dynamic/pulumi-zk-ha:ZNode";
const RELEASE = "pulumi-nodejs:dynamic/pulumi-zk-ha:SafeModeRelease";
const DRAIN = "pulumi-nodejs:dynamic/pulumi-zk-ha:DrainGate";
const VERIFIED = "pulumi-nodejs:dynamic/pulumi-zk-ha:OozieHaVerified";
const GATE = "test:index:Gate";
const ROOT = `urn:pulumi:test::zkha::${CLUSTER}::demo`;
const child = (type: string, name: string): string =>
  `urn:pulumi:test::zkha::${CLUSTER}$${type}::${name}`;
const QUORUM_URN = `urn:pulumi:test::zkha::${GATE}::zk-ready`;

class Gate extends pulumi.CustomResource {
  constructor(name: string) {
    super(GATE, name, {});
  }
}

const ZK = "zk-1:2181,zk-2:2181,zk-3:2181";

function args(quorumReady?: pulumi.Resource): OozieHaClusterArgs & ResolvedOozieArgs {
  return {
    image: "example/oozie:5.2.1",
    zookeeper: {
      connectString: ZK,
      tickTime: 250,
      maxSessionTimeout: 40000,
      readinessConnectString: "127.0.0.1:12181",
      networkName: "zk-net",
      ...(quorumReady ? { quorumReady } : {}),
    },
    baseUrl: "http://oozie-vip:11000/oozie",
    database: {
      driver: "org.postgresql.Driver",
      url: "jdbc:postgresql://db:5432/oozie",
      username: "oozie",
      password: "s3cr&t",
    },
    legacyCuratorJarCopy: true,
    hostHttpPortBase: 21000,
    env: { OOZIE_HEAPSIZE: "1024" },
  };
}

function ownLabels(index: number, role: string): { label: string; value: string }[] {
  return [
    { label: "pulumi-zk-ha.oozie-cluster", value: "demo" },
    { label: "pulumi-zk-ha.role", value: role },
    { label: "pulumi-zk-ha.server-index", value: String(index) },
  ];
}

function withoutProvider(inputs: Record<string, unknown>): Record<string, unknown> {
  const { __provider: provider, ...rest } = inputs;
  assert.equal(typeof provider, "string");
  return rest;
}

void describe("OozieHaCluster under mocks", () => {
  let monitor: SecretRecordingMonitor;
  let cluster: OozieHaCluster | undefined;

  before(async () => {
    monitor = await recordProgramWithSecrets(() => {
      cluster = new OozieHaCluster("demo", { namePrefix: "demo", ...args(new Gate("zk-ready")) });
    });
  });

  void it("creates the namespace gate, the drain gate, per server a lib volume, a copy step and a server, then HaVerified", () => {
    assert.deepEqual(
      monitor.registrations.map((r) => [r.type, r.name, r.parent]),
      [
        [CLUSTER, "demo", ""],
        [GATE, "zk-ready", ""],
        [VOLUME, "demo-oozie-1-lib", ROOT],
        [VOLUME, "demo-oozie-2-lib", ROOT],
        [ZNODE, "demo-namespace", ROOT],
        [DRAIN, "demo-drain", ROOT],
        [CONTAINER, "demo-oozie-1-curator-copy", ROOT],
        [CONTAINER, "demo-oozie-2-curator-copy", ROOT],
        [CONTAINER, "demo-oozie-1", ROOT],
        [CONTAINER, "demo-oozie-2", ROOT],
        [VERIFIED, "demo-ha-verified", ROOT],
      ],
    );
  });

  void it("creates /<namespace> only after QuorumReady", () => {
    const node = monitor.byName("demo-namespace");
    assert.deepEqual(node.dependencies, [QUORUM_URN]);
    assert.deepEqual(withoutProvider(monitor.inputsOf(node.name)), {
      connectString: "127.0.0.1:12181",
      path: "/oozie",
      deleteOnDestroy: false,
      timeoutSeconds: 60,
    });
  });

  void it("asks the published servers about jobs, re-checking whenever a server's inputs change", () => {
    const drain = monitor.byName("demo-drain");
    // After the ensemble's gate: a refused ensemble change never runs the drain check.
    assert.deepEqual(drain.dependencies, [monitor.byName("zk-ready").urn]);
    const inputs = withoutProvider(monitor.inputsOf(drain.name));
    const triggers = inputs["triggers"] as string[];
    assert.equal(triggers.length, 2);
    assert.ok(triggers.every((t) => /^[0-9a-f]{64}$/.test(t)));
    assert.notEqual(triggers[0], triggers[1]);
    assert.deepEqual(inputs, {
      urls: ["http://127.0.0.1:21000/oozie", "http://127.0.0.1:21001/oozie"],
      mode: "refuse",
      timeoutSeconds: 600,
      attemptTimeoutMs: 30000,
      triggers,
    });
    // The trigger carries a secret (the site file holds the password), so it stays secret.
    const wire = monitor.wireInput("demo-drain", "triggers") as unknown[];
    assert.equal(wire.length, 2);
    assert.ok(wire.every(isWireSecret), JSON.stringify(wire));
  });

  void it("runs the curator copy as its own one-shot container after the drain gate, waiting for its exit", () => {
    const spec = resolveOozieClusterSpec("demo", args());
    for (const index of [1, 2]) {
      const copy = monitor.byName(`demo-oozie-${index}-curator-copy`);
      assert.deepEqual(copy.dependencies, [
        child(VOLUME, `demo-oozie-${index}-lib`),
        child(DRAIN, "demo-drain"),
      ]);
      assert.deepEqual(monitor.inputsOf(copy.name), {
        name: `demo-oozie-${index}-curator-copy`,
        image: "example/oozie:5.2.1",
        entrypoints: ["bash", "-c", renderCuratorCopyScript(spec)],
        user: "0:0",
        restart: "no",
        mustRun: false,
        attach: true,
        logs: true,
        volumes: [{ volumeName: `demo-oozie-${index}-lib`, containerPath: "/zkha-staging/lib" }],
        labels: ownLabels(index, "oozie-curator-copy"),
      });
    }
  });

  void it("starts each server after the quorum, the namespace, the drain gate, its copy step and (rolling) the previous server", () => {
    assert.deepEqual(monitor.byName("demo-oozie-1").dependencies, [
      child(CONTAINER, "demo-oozie-1-curator-copy"),
      child(VOLUME, "demo-oozie-1-lib"),
      child(DRAIN, "demo-drain"),
      child(ZNODE, "demo-namespace"),
      QUORUM_URN,
    ]);
    assert.deepEqual(monitor.byName("demo-oozie-2").dependencies, [
      child(CONTAINER, "demo-oozie-1"),
      child(CONTAINER, "demo-oozie-2-curator-copy"),
      child(VOLUME, "demo-oozie-2-lib"),
      child(DRAIN, "demo-drain"),
      child(ZNODE, "demo-namespace"),
      QUORUM_URN,
    ]);
    // The copy container's id is in a label: a new copy step replaces the server too.
    assert.deepEqual(monitor.byName("demo-oozie-2").propertyDependencies["labels"], [
      child(CONTAINER, "demo-oozie-2-curator-copy"),
    ]);
  });

  void it("specifies each server container exactly", () => {
    const server = monitor.byName("demo-oozie-2");
    const uploads = monitor.inputsOf(server.name)["uploads"] as { file: string; content: string }[];
    const [site, ...others] = uploads;
    assert.deepEqual(others, []);
    assert.ok(site);
    assert.equal(site.file, "/opt/oozie/conf/oozie-site.xml");
    assert.match(site.content, /<value>demo-oozie-2<\/value>/);
    assert.deepEqual(monitor.inputsOf(server.name), {
      name: "demo-oozie-2",
      image: "example/oozie:5.2.1",
      hostname: "demo-oozie-2",
      command: ["/opt/oozie/bin/oozied.sh", "run"],
      restart: "unless-stopped",
      mustRun: true,
      networksAdvanced: [{ name: "zk-net", aliases: ["demo-oozie-2"] }],
      volumes: [{ volumeName: "demo-oozie-2-lib", containerPath: "/opt/oozie/lib" }],
      uploads,
      ports: [{ internal: 11000, external: 21001, ip: "127.0.0.1", protocol: "tcp" }],
      envs: ["OOZIE_HEAPSIZE=1024", "OOZIE_INSTANCE_ID=demo-oozie-2"],
      healthcheck: {
        tests: [
          "CMD",
          "curl",
          "-fsS",
          "-o",
          "/dev/null",
          "http://demo-oozie-2:11000/oozie/v1/admin/status",
        ],
        interval: "5s",
        timeout: "4s",
        retries: 6,
        startPeriod: "2m0s",
      },
      wait: true,
      waitTimeout: 300,
      labels: [
        { label: "pulumi-zk-ha.lib-prepared-by", value: "demo-oozie-2-curator-copy-id" },
        { label: "pulumi-zk-ha.oozie-cluster", value: "demo" },
        { label: "pulumi-zk-ha.oozie-database", value: "postgresql" },
        { label: "pulumi-zk-ha.role", value: "oozie" },
        { label: "pulumi-zk-ha.server-index", value: "2" },
        { label: "pulumi-zk-ha.zookeeper-quorum", value: ZK },
      ],
    });
    assert.deepEqual(server.replaceOnChanges, ["healthcheck"]);
  });

  void it("keeps the database password secret: the uploaded oozie-site.xml is a secret on the wire and as an output", async () => {
    for (const name of ["demo-oozie-1", "demo-oozie-2"]) {
      const wire = monitor.wireInput(name, "uploads") as { content: unknown }[];
      assert.ok(isWireSecret(wire[0]?.content), `${name}: ${JSON.stringify(wire[0])}`);
    }
    assert.ok(cluster);
    for (const xml of cluster.siteXmls) {
      assert.equal(await pulumi.isSecret(xml), true);
    }
    assert.match(
      (monitor.inputsOf("demo-oozie-1")["uploads"] as { content: string }[])[0]?.content ?? "",
      /<value>s3cr&amp;t<\/value>/,
    );
  });

  void it("verifies HA after every server, re-running when a server is replaced", () => {
    const gate = monitor.byName("demo-ha-verified");
    const servers = [child(CONTAINER, "demo-oozie-1"), child(CONTAINER, "demo-oozie-2")];
    assert.deepEqual(gate.dependencies, servers);
    assert.deepEqual(gate.propertyDependencies["triggers"], servers);
    assert.deepEqual(withoutProvider(monitor.inputsOf(gate.name)), {
      connectString: "127.0.0.1:12181",
      namespace: "oozie",
      instanceIds: ["demo-oozie-1", "demo-oozie-2"],
      timeoutSeconds: 300,
      attemptTimeoutMs: 5000,
      triggers: ["demo-oozie-1-id", "demo-oozie-2-id"],
    });
  });

  void it("outputs the servers and the base URL", async () => {
    assert.ok(cluster);
    assert.equal(await valueOf(cluster.baseUrl), "http://oozie-vip:11000/oozie");
    assert.deepEqual(await valueOf(cluster.servers), [
      {
        index: 1,
        alias: "demo-oozie-1",
        containerName: "demo-oozie-1",
        url: "http://demo-oozie-1:11000/oozie",
        hostHttpPort: 21000,
      },
      {
        index: 2,
        alias: "demo-oozie-2",
        containerName: "demo-oozie-2",
        url: "http://demo-oozie-2:11000/oozie",
        hostHttpPort: 21001,
      },
    ]);
  });
});

void describe("OozieHaCluster options", () => {
  void it("without the copy: no volumes, no copy steps, the image's own lib dir", async () => {
    const monitor = await recordProgramWithSecrets(() => {
      new OozieHaCluster("demo", {
        namePrefix: "demo",
        ...args(),
        legacyCuratorJarCopy: undefined,
        oozieVersion: "5.2.1",
        rollingReplacement: false,
        hostHttpPortBase: undefined,
        drainMode: "safemode",
      });
    });
    assert.deepEqual(
      monitor.registrations.map((r) => [r.type, r.name]),
      [
        [CLUSTER, "demo"],
        [ZNODE, "demo-namespace"],
        [DRAIN, "demo-drain"],
        [CONTAINER, "demo-oozie-1"],
        [CONTAINER, "demo-oozie-2"],
        [VERIFIED, "demo-ha-verified"],
        [RELEASE, "demo-safemode-release"],
      ],
    );
    // The release comes after every server and the registration check (and reads the gate's
    // outputs, so it runs again after each drained replacement).
    assert.deepEqual(monitor.byName("demo-safemode-release").dependencies, [
      child(CONTAINER, "demo-oozie-1"),
      child(CONTAINER, "demo-oozie-2"),
      child(VERIFIED, "demo-ha-verified"),
    ]);
    const release = withoutProvider(monitor.inputsOf("demo-safemode-release"));
    assert.deepEqual(release["urls"], [
      "http://demo-oozie-1:11000/oozie",
      "http://demo-oozie-2:11000/oozie",
    ]);
    assert.equal(release["attemptTimeoutMs"], 30000);
    const second = monitor.byName("demo-oozie-2");
    // Not rolling: the second server does not wait for the first.
    assert.deepEqual(second.dependencies, [
      child(DRAIN, "demo-drain"),
      child(ZNODE, "demo-namespace"),
    ]);
    assert.deepEqual(monitor.inputsOf(second.name)["volumes"], []);
    assert.deepEqual(monitor.inputsOf(second.name)["ports"], []);
    const drain = withoutProvider(monitor.inputsOf("demo-drain"));
    assert.deepEqual(drain["urls"], [
      "http://demo-oozie-1:11000/oozie",
      "http://demo-oozie-2:11000/oozie",
    ]);
    assert.equal(drain["mode"], "safemode");
  });

  void it("derives the copy from an older declared version and uses vendor paths", async () => {
    const home =
      "/opt/huawei/Bigdata/FusionInsight_Porter_8.1.0/install/FusionInsight-Oozie-5.1.0/oozie-5.1.0";
    const monitor = await recordProgramWithSecrets(() => {
      new OozieHaCluster("demo", {
        namePrefix: "demo",
        ...args(),
        legacyCuratorJarCopy: undefined,
        oozieVersion: "5.1.0",
        home,
      });
    });
    const copy = monitor.byName("demo-oozie-1-curator-copy");
    const script = (monitor.inputsOf(copy.name)["entrypoints"] as string[])[2] ?? "";
    assert.match(
      script,
      new RegExp(`^webapp='${home}/embedded-oozie-server/webapp/WEB-INF/lib'$`, "m"),
    );
    assert.match(script, new RegExp(`^lib='${home}/lib'$`, "m"));
    assert.deepEqual(monitor.inputsOf("demo-oozie-1")["volumes"], [
      { volumeName: "demo-oozie-1-lib", containerPath: `${home}/lib` },
    ]);
  });

  void it("secure mode uploads the JAAS file and the keytab, both marked secret where they hold secrets", async () => {
    const monitor = await recordProgramWithSecrets(() => {
      new OozieHaCluster("demo", {
        namePrefix: "demo",
        ...args(),
        legacyCuratorJarCopy: false,
        secure: true,
        kerberos: {
          principal: "oozie/_HOST@EXAMPLE.COM",
          keytabBase64: Buffer.from("keytab-bytes").toString("base64"),
        },
      });
    });
    const uploads = monitor.inputsOf("demo-oozie-1")["uploads"] as Record<string, string>[];
    assert.deepEqual(
      uploads.map((u) => u["file"]),
      [
        "/opt/oozie/conf/oozie-site.xml",
        "/opt/oozie/conf/zk-jaas.conf",
        "/opt/oozie/conf/oozie.keytab",
      ],
    );
    assert.equal(uploads[2]?.["contentBase64"], Buffer.from("keytab-bytes").toString("base64"));
    assert.match(uploads[1]?.["content"] ?? "", /keyTab="\/opt\/oozie\/conf\/oozie\.keytab"/);
    const wire = monitor.wireInput("demo-oozie-1", "uploads") as Record<string, unknown>[];
    assert.ok(isWireSecret(wire[2]?.["contentBase64"]));
    // Oozie's SASL ACLs keep an unauthenticated gate out: no HaVerified unless asked for.
    assert.deepEqual(monitor.ofType(VERIFIED), []);
  });

  void it("refuses a keytab that resolves empty when it resolves, in validation's words, and starts no server", async () => {
    const secure = (keytabBase64: pulumi.Input<string>): (() => void) => {
      return () => {
        new OozieHaCluster("demo", {
          namePrefix: "demo",
          ...args(),
          legacyCuratorJarCopy: false,
          secure: true,
          kerberos: { principal: "oozie/_HOST@EXAMPLE.COM", keytabBase64 },
        });
      };
    };
    for (const keytab of [pulumi.secret(""), pulumi.output(" "), Promise.resolve("====")]) {
      const { rejections: errors, monitor } = await failuresOf(secure(keytab));
      assert.ok(errors.length > 0, "no error");
      for (const error of errors) {
        // One error on the component, without a stack, as validation throws at preview.
        assert.ok(pulumi.ResourceError.isInstance(error), String(error));
        assert.equal(error.hideStack, true);
        assert.equal(error.resource?.constructor.name, "OozieHaCluster");
        assert.ok(pulumi.InputPropertiesError.isInstance(error));
        assert.deepEqual(error.errors, [
          {
            propertyPath: "kerberos.keytabBase64",
            reason: keytabProblem("")?.reason,
          },
        ]);
        assert.match(
          error.message,
          /OozieHaCluster "demo" has 1 invalid input\(s\):\n {2}- kerberos\.keytabBase64: the keytab is empty; give the keytab file's bytes base64-encoded/,
        );
      }
      assert.deepEqual(
        monitor
          .ofType(CONTAINER)
          .map((r) => r.name)
          .filter((n) => n.startsWith("demo-oozie-")),
        [],
      );
    }
    // A keytab that resolves to bytes passes, and reaches the upload still secret.
    const monitor = await recordProgramWithSecrets(secure(pulumi.output("AAEC")));
    const wire = monitor.wireInput("demo-oozie-1", "uploads") as Record<string, unknown>[];
    assert.ok(isWireSecret(wire[2]?.["contentBase64"]));
    const uploads = monitor.inputsOf("demo-oozie-1")["uploads"] as Record<string, string>[];
    assert.equal(uploads[2]?.["contentBase64"], "AAEC");
  });

  void it("takes a ZooKeeperEnsemble as it is, gating on its QuorumReady", async () => {
    const monitor = await recordProgramWithSecrets(() => {
      const zk = new ZooKeeperEnsemble("zk", { namePrefix: "zk", hostClientPortBase: 12181 });
      new OozieHaCluster("demo", {
        namePrefix: "demo",
        ...args(),
        zookeeper: zk,
        legacyCuratorJarCopy: false,
      });
    });
    const quorum =
      "urn:pulumi:test::zkha::pulumi-zk-ha:zookeeper:ZooKeeperEnsemble$pulumi-nodejs:dynamic/pulumi-zk-ha:QuorumReady::zk-quorum-ready";
    assert.deepEqual(monitor.byName("demo-namespace").dependencies, [quorum]);
    assert.ok(monitor.byName("demo-oozie-1").dependencies.includes(quorum));
    assert.equal(
      withoutProvider(monitor.inputsOf("demo-namespace"))["connectString"],
      "127.0.0.1:12181,127.0.0.1:12182,127.0.0.1:12183",
    );
    const server = monitor.byName("demo-oozie-1");
    assert.deepEqual(monitor.inputsOf(server.name)["networksAdvanced"], [
      { name: "zk-zk", aliases: ["demo-oozie-1"] },
    ]);
    assert.match(
      (monitor.inputsOf(server.name)["uploads"] as { content: string }[])[0]?.content ?? "",
      /<value>zk-zk-1:2181,zk-zk-2:2181,zk-zk-3:2181<\/value>/,
    );
  });

  void it("fails once it resolves on a connect string Output with a chroot, and starts no server", async () => {
    const { rejections: errors, monitor } = await failuresOf(
      () =>
        new OozieHaCluster("demo", {
          ...args(),
          zookeeper: {
            connectString: pulumi.output("zk-1:2181/o"),
            tickTime: 250,
            readinessConnectString: "127.0.0.1:12181",
            networkName: "zk-net",
          },
        }),
    );
    assert.deepEqual(
      monitor
        .ofType(CONTAINER)
        .map((r) => r.name)
        .filter((n) => /^demo-oozie-\d$/.test(n)),
      [],
    );
    const refusals = errors.filter((e) => pulumi.InputPropertiesError.isInstance(e));
    assert.ok(refusals.length > 0, String(errors[0]));
    for (const refusal of refusals) {
      assert.deepEqual(refusal.errors, [
        {
          propertyPath: "zookeeper.connectString",
          reason:
            '"zk-1:2181/o" is not a ZooKeeper connect string; write host:port[,host:port...] without a chroot',
        },
      ]);
    }
  });

  // Before a test that records again: the failed program's registrations never settle.
  void it("fails the deployment with the step's own message, and starts no server, when a copy fails", async () => {
    const logs =
      "curator copy: no curator-x-discovery-[0-9]*.jar in /w to copy to /o/lib: the image does not ship one there; set embeddedLibDir to where it is\n";
    const { rejections, monitor } = await failuresOf(() => new OozieHaCluster("demo", args()), {
      stateFor: (step) =>
        step.name === "demo-oozie-1-curator-copy" ? { exitCode: 1, containerLogs: logs } : {},
    });
    // Not `error serializing property "labels": ...`: the server's labels only carry the check.
    assert.deepEqual(printedMessages(rejections), [
      `curator copy for zkha-test-demo-oozie-1 exited with 1: ${logs.trim()}`,
    ]);
    assert.deepEqual(
      monitor
        .ofType(CONTAINER)
        .map((r) => r.name)
        .filter((n) => n === "demo-oozie-1"),
      [],
    );
  });

  void it("rejects bad input before creating anything, naming every field", async () => {
    let thrown: unknown;
    const monitor = await recordProgramWithSecrets(() => {
      try {
        new OozieHaCluster("demo", {
          namePrefix: "demo",
          ...args(),
          database: {
            driver: "org.apache.derby.jdbc.EmbeddedDriver",
            url: "jdbc:derby:/db",
            username: "sa",
            password: "",
          },
          secure: true,
          serverCount: 3,
        });
      } catch (error) {
        thrown = error;
      }
    });
    assert.ok(pulumi.InputPropertiesError.isInstance(thrown), String(thrown));
    assert.deepEqual(
      thrown.errors.map((e) => e.propertyPath),
      ["database.url", "kerberos"],
    );
    assert.match(thrown.message, /OozieHaCluster "demo" has 2 invalid input\(s\)/);
    assert.deepEqual(
      monitor.registrations.filter((r) => r.custom).map((r) => r.name),
      [],
    );
  });
});

void describe("curator copy outcome", () => {
  void it("passes while unknown or zero, and fails with the step's own message otherwise", () => {
    assertCopySucceeded("demo-oozie-1", undefined, undefined);
    assertCopySucceeded("demo-oozie-1", 0, "curator copy: copied a to b\n");
    assert.throws(
      () => {
        assertCopySucceeded(
          "demo-oozie-1",
          1,
          "curator copy: cannot copy /w/lib/c.jar to /o/lib/c.jar: the source jar /w/lib/c.jar does not exist in the image\n",
        );
      },
      {
        message:
          "curator copy for demo-oozie-1 exited with 1: curator copy: cannot copy /w/lib/c.jar to /o/lib/c.jar: the source jar /w/lib/c.jar does not exist in the image",
      },
    );
  });

  void it("names the JDBC subprotocol for the database label", () => {
    assert.equal(jdbcSubprotocol("jdbc:postgresql://db/oozie"), "postgresql");
    assert.equal(jdbcSubprotocol("jdbc:MySQL://db/oozie"), "mysql");
    assert.equal(jdbcSubprotocol("jdbc:derby:/db"), "derby");
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
