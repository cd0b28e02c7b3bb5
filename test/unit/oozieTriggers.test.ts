import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { OozieHaCluster } from "../../src/oozie/cluster";
import type { OozieHaClusterArgs } from "../../src/oozie/clusterArgs";
import { knownOozieArgs, resolveOozieClusterSpec } from "../../src/oozie/clusterSpec";
import {
  replacementTrigger,
  serverContainerArgs,
  type ServerContainerValues,
} from "../../src/oozie/serverContainer";
import { recordProgramWithSecrets } from "../harness/oozieSecretMonitor";

const KEYTAB = Buffer.from("keytab-bytes").toString("base64");

function base(): OozieHaClusterArgs {
  return {
    image: "example/oozie:5.2.1",
    zookeeper: {
      connectString: "zk-1:2181,zk-2:2181,zk-3:2181",
      tickTime: 250,
      maxSessionTimeout: 40000,
      readinessConnectString: "127.0.0.1:12181",
      networkName: "zk-net",
    },
    baseUrl: "http://oozie-vip:11000/oozie",
    database: {
      driver: "org.postgresql.Driver",
      url: "jdbc:postgresql://db:5432/oozie",
      username: "oozie",
      password: "secret-1",
    },
    legacyCuratorJarCopy: true,
    hostHttpPortBase: 21000,
    env: { OOZIE_HEAPSIZE: "1024" },
    secure: true,
    kerberos: { principal: "oozie/_HOST@EXAMPLE.COM", keytabBase64: KEYTAB },
    verifyRegistration: false,
  };
}

/** Per server: the drain gate's trigger, and the inputs of its containers (server, copy). */
async function record(
  args: OozieHaClusterArgs,
): Promise<{ triggers: unknown[]; containers: string[] }> {
  const monitor = await recordProgramWithSecrets(() => {
    new OozieHaCluster("demo", args);
  });
  const triggers = monitor.inputsOf("demo-drain")["triggers"] as unknown[];
  const containers = [1, 2].map((index) =>
    JSON.stringify([
      monitor.inputsOf(`demo-oozie-${index}`),
      monitor.registrations.some((r) => r.name === `demo-oozie-${index}-curator-copy`)
        ? monitor.inputsOf(`demo-oozie-${index}-curator-copy`)
        : null,
    ]),
  );
  return { triggers, containers };
}

// Every input of OozieHaCluster that changes what a server's containers are created from: the
// change replaces the server, so the drain check must run again before it.
const REPLACING: [string, Partial<OozieHaClusterArgs>][] = [
  ["image", { image: "example/oozie:5.2.2" }],
  ["home", { home: "/srv/oozie" }],
  ["confDir", { confDir: "/etc/oozie" }],
  ["libDir", { libDir: "/opt/oozie/lib2" }],
  ["embeddedLibDir", { embeddedLibDir: "/opt/oozie/webapp-lib" }],
  ["curatorVersion", { curatorVersion: "2.5.0" }],
  ["legacyCuratorJarCopy", { legacyCuratorJarCopy: false }],
  ["command", { command: ["/opt/oozie/bin/start.sh"] }],
  ["httpPort", { httpPort: 11001 }],
  ["hostHttpPortBase", { hostHttpPortBase: 22000 }],
  ["publishAddress", { publishAddress: "127.0.0.2" }],
  ["namespace", { namespace: "oozie-b" }],
  ["baseUrl", { baseUrl: "http://other-vip:11000/oozie" }],
  ["servicesExt", { servicesExt: ["org.apache.oozie.service.EventHandlerService"] }],
  [
    "extraSiteProperties",
    { extraSiteProperties: { "oozie.service.PurgeService.older.than": "7" } },
  ],
  ["zookeeperSessionTimeoutSeconds", { zookeeperSessionTimeoutSeconds: 8 }],
  ["env", { env: { OOZIE_HEAPSIZE: "2048" } }],
  ["labels", { labels: { team: "data" } }],
  [
    "database.url",
    {
      database: {
        driver: "com.mysql.cj.jdbc.Driver",
        url: "jdbc:mysql://db:3306/oozie",
        username: "oozie",
        password: "secret-1",
      },
    },
  ],
  ["serverReadyTimeoutSeconds", { serverReadyTimeoutSeconds: 400 }],
  [
    "database.password",
    {
      database: {
        ...(base().database ?? { driver: "", url: "", username: "" }),
        password: "secret-2",
      },
    },
  ],
  [
    "kerberos.keytabBase64",
    {
      kerberos: {
        principal: "oozie/_HOST@EXAMPLE.COM",
        keytabBase64: Buffer.from("other").toString("base64"),
      },
    },
  ],
  [
    "kerberos.principal",
    { kerberos: { principal: "oozie/_HOST@OTHER.COM", keytabBase64: KEYTAB } },
  ],
  [
    "zookeeper.connectString",
    {
      zookeeper: {
        connectString: "zk-1:2181,zk-2:2181",
        tickTime: 250,
        maxSessionTimeout: 40000,
        readinessConnectString: "127.0.0.1:12181",
        networkName: "zk-net",
      },
    },
  ],
  [
    "zookeeper.networkName",
    {
      zookeeper: {
        connectString: "zk-1:2181,zk-2:2181,zk-3:2181",
        tickTime: 250,
        maxSessionTimeout: 40000,
        readinessConnectString: "127.0.0.1:12181",
        networkName: "other-net",
      },
    },
  ],
];

// Inputs that change no container: the check must not run again for them.
const NOT_REPLACING: [string, Partial<OozieHaClusterArgs>][] = [
  ["drainTimeoutSeconds", { drainTimeoutSeconds: 60 }],
  ["drainAttemptTimeoutSeconds", { drainAttemptTimeoutSeconds: 10 }],
  ["readyTimeoutSeconds", { readyTimeoutSeconds: 30 }],
  ["rollingReplacement", { rollingReplacement: false }],
];

void describe("the drain gate's triggers are derived from the containers", () => {
  let reference: { triggers: unknown[]; containers: string[] } = { triggers: [], containers: [] };
  before(async () => {
    reference = await record(base());
  });

  for (const [input, change] of REPLACING) {
    void it(`a change of ${input} replaces the servers and changes every trigger`, async () => {
      const before = reference;
      const after = await record({ ...base(), ...change });
      // It is a replacing change: every server's containers are created from other inputs...
      assert.ok(after.containers.every((c, i) => c !== before.containers[i]));
      // ...so the drain check runs again before them.
      assert.equal(after.triggers.length, 2);
      after.triggers.forEach((trigger, i) => {
        assert.notEqual(trigger, before.triggers[i], `server ${i + 1}`);
      });
    });
  }

  for (const [input, change] of NOT_REPLACING) {
    void it(`a change of ${input} keeps the containers and the triggers`, async () => {
      const before = reference;
      const after = await record({ ...base(), ...change });
      assert.deepEqual(after.containers, before.containers);
      assert.deepEqual(after.triggers, before.triggers);
    });
  }

  void it("hashes every field of the container's values, and the Docker host", () => {
    const spec = resolveOozieClusterSpec("demo", knownOozieArgs(base()));
    const server = spec.servers[0];
    assert.ok(server);
    const values: ServerContainerValues<string> = {
      image: "i",
      siteXml: "<configuration/>",
      envs: ["A=1"],
      keytab: KEYTAB,
      networkName: "n",
      zookeeperConnectString: "zk:2181",
      databaseKind: "postgresql",
      allowNonLoopbackPublish: false,
      userLabels: { a: "b" },
    };
    const reference = replacementTrigger(spec, server, values, "urn:host-1");
    const variants: ServerContainerValues<string>[] = [
      { ...values, image: "j" },
      { ...values, siteXml: "<configuration></configuration>" },
      { ...values, envs: ["A=2"] },
      { ...values, keytab: Buffer.from("x").toString("base64") },
      { ...values, networkName: "m" },
      { ...values, zookeeperConnectString: "zk:2182" },
      { ...values, databaseKind: "mysql" },
      { ...values, allowNonLoopbackPublish: true },
      { ...values, userLabels: { a: "c" } },
    ];
    for (const variant of variants) {
      assert.notEqual(
        JSON.stringify(serverContainerArgs(spec, server, variant)),
        JSON.stringify(serverContainerArgs(spec, server, values)),
      );
      assert.notEqual(replacementTrigger(spec, server, variant, "urn:host-1"), reference);
    }
    assert.notEqual(replacementTrigger(spec, server, values, "urn:host-2"), reference);
    assert.equal(replacementTrigger(spec, server, { ...values }, "urn:host-1"), reference);
  });
});
