import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { drainGateProvider, type DrainGateOutputs } from "../../src/gates/drainGateProvider";
import {
  oozieHaVerifiedProvider,
  type OozieHaVerifiedOutputs,
} from "../../src/gates/oozieHaVerifiedProvider";
import { quorumReadyProvider } from "../../src/gates/quorumReadyProvider";
import { znodeProvider } from "../../src/gates/znodeProvider";
import { OozieHaCluster } from "../../src/oozie/cluster";
import type { OozieHaClusterArgs } from "../../src/oozie/clusterArgs";
import { requireDocker } from "../harness/dockerApi";
import { DockerReplay } from "../harness/dockerReplay";
import { startEnsemble, sweep, type RunningEnsemble } from "../harness/ensembleFixture";
import {
  assertEachListsServers,
  execIn,
  OOZIE_CURATOR_VERSION,
  OOZIE_OLDER_IMAGE,
  POSTGRES_TEST_IMAGE,
  snapshotVolume,
  startDatabase,
  sweepOozie,
  type RunningDatabase,
} from "../harness/oozieFixture";
import {
  recordProgramWithSecrets,
  type SecretRecordingMonitor,
} from "../harness/oozieSecretMonitor";
import { DynamicProviderHost } from "../harness/providerHost";

const PREFIX = "it-oozie";
const PORT_BASE = 24581;
const HTTP_PORT_BASE = 24591;
const JAR = `curator-x-discovery-${OOZIE_CURATOR_VERSION}.jar`;
const SOURCE = `/opt/oozie/embedded-oozie-server/webapp/WEB-INF/lib/${JAR}`;
const TARGET = `/opt/oozie/lib/${JAR}`;
const DRAIN_URN = "urn:pulumi:test::zkha::pulumi-nodejs:dynamic/pulumi-zk-ha:DrainGate::drain";

function clusterArgs(ensemble: RunningEnsemble, db: RunningDatabase): OozieHaClusterArgs {
  return {
    image: OOZIE_OLDER_IMAGE,
    zookeeper: {
      connectString: [1, 2, 3].map((id) => `${PREFIX}-zk-${id}:2181`).join(","),
      tickTime: 250,
      maxSessionTimeout: 40000,
      readinessConnectString: ensemble.hostConnectString,
      networkName: `${PREFIX}-zk`,
    },
    baseUrl: "http://it-oozie-vip:11000/oozie",
    database: {
      driver: "org.postgresql.Driver",
      url: db.url,
      username: db.username,
      password: db.password,
    },
    // No curatorVersion: the copy takes the one jar the image's webapp holds.
    legacyCuratorJarCopy: true,
    hostHttpPortBase: HTTP_PORT_BASE,
    // The first server creates the schema on its way up: 21-84 s to NORMAL on 2 shared cores.
    serverReadyTimeoutSeconds: 240,
    readyTimeoutSeconds: 60,
  };
}

// A real ZooKeeper ensemble, a real PostgreSQL and real Apache Oozie 5.2.1 servers: the
// component's containers, created from the exact inputs it registers, on the "older" image
// (lib/ without curator-x-discovery), which serves only after the component's copy step.
void describe("OozieHaCluster on the Docker engine", { timeout: 900_000 }, () => {
  let ensemble: RunningEnsemble;
  let db: RunningDatabase;
  let monitor: SecretRecordingMonitor;
  const replay = new DockerReplay();

  before(async () => {
    await requireDocker([OOZIE_OLDER_IMAGE, POSTGRES_TEST_IMAGE]);
    await sweepOozie(PREFIX);
    ensemble = await startEnsemble(PREFIX, PORT_BASE);
    db = await startDatabase(PREFIX, `${PREFIX}-zk`);
    await quorumReadyProvider.create({ ...ensemble.gateInputs, timeoutSeconds: 120 });
    monitor = await recordProgramWithSecrets(() => {
      new OozieHaCluster(PREFIX, { ...clusterArgs(ensemble, db), namePrefix: PREFIX });
    });
  });

  after(async () => {
    // Everything this suite made, even when setup stopped half way.
    await replay.cleanup();
    await sweepOozie(PREFIX);
    await sweep(PREFIX);
  });

  void it("the namespace gate creates /oozie and the drain gate passes with no server running yet", async () => {
    const node = await znodeProvider.create(monitor.inputsOf(`${PREFIX}-namespace`));
    assert.equal(node.id, "/oozie");
    const drain = await drainGateProvider.create(monitor.inputsOf(`${PREFIX}-drain`));
    assert.deepEqual((drain.outs as DrainGateOutputs).answered, []);
  });

  void it("copies the curator jar into the lib volume before each server starts, and the servers register", async (t) => {
    // In registration order, from the inputs with secrets unwrapped (as the provider sees them).
    for (const registration of monitor.registrations) {
      if (registration.type.startsWith("docker:")) {
        const started = Date.now();
        await replay.apply(registration.type, monitor.inputsOf(registration.name));
        t.diagnostic(`${registration.name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
    }
    for (const index of [1, 2]) {
      const alias = `${PREFIX}-oozie-${index}`;
      const copy = replay.attached.get(`${alias}-curator-copy`);
      assert.deepEqual(copy, {
        exitCode: 0,
        logs: `curator copy: copied ${SOURCE} to ${TARGET}\n`,
      });
      const logs = await replay.logs(alias);
      const lines = logs.split("\n");
      assert.equal(lines[0], `oozied.sh: lib has ${JAR} at start`, logs);
      assert.ok(lines.includes(`oozied.sh: starting Oozie server, instance id ${alias}`), logs);
      assert.doesNotMatch(logs, /NoClassDefFoundError/);
      // Healthy means Oozie's services are up, ZKLocksService among them: registered by now.
      const { outs } = (await oozieHaVerifiedProvider.create({
        ...monitor.inputsOf(`${PREFIX}-ha-verified`),
        instanceIds: [alias],
        timeoutSeconds: 5,
      })) as { outs: OozieHaVerifiedOutputs };
      assert.ok(outs.registered.includes(alias), JSON.stringify(outs.registered));
    }
  });

  void it("HaVerified sees every server under /oozie/services/servers", async () => {
    const { id, outs } = (await oozieHaVerifiedProvider.create(
      monitor.inputsOf(`${PREFIX}-ha-verified`),
    )) as { id: string; outs: OozieHaVerifiedOutputs };
    assert.equal(id, "/oozie/services/servers");
    assert.deepEqual(outs.registered, [`${PREFIX}-oozie-1`, `${PREFIX}-oozie-2`]);
    // Each server reads the others back from ZooKeeper, as Oozie's HA REST call does.
    await assertEachListsServers(PREFIX, [HTTP_PORT_BASE, HTTP_PORT_BASE + 1]);
  });

  void it("HaVerified fails within its timeout naming a server that did not register", async () => {
    const inputs = monitor.inputsOf(`${PREFIX}-ha-verified`);
    await assert.rejects(
      oozieHaVerifiedProvider.create({
        ...inputs,
        instanceIds: [`${PREFIX}-oozie-1`, `${PREFIX}-oozie-9`],
        timeoutSeconds: 3,
      }),
      new RegExp(
        `was not ready after 3 s .*not registered: ${PREFIX}-oozie-9 \\(registered: ${PREFIX}-oozie-1, ${PREFIX}-oozie-2\\)`,
      ),
    );
  });

  void it("the drain gate, through the SDK's provider host, asks the running servers and passes", async () => {
    const host = await DynamicProviderHost.start();
    try {
      const inputs = monitor.inputsOf(`${PREFIX}-drain`);
      assert.deepEqual((await host.check(DRAIN_URN, {}, inputs)).failures, []);
      const { outs } = await host.create(DRAIN_URN, inputs);
      assert.deepEqual(outs["answered"], [
        `http://127.0.0.1:${HTTP_PORT_BASE}/oozie`,
        `http://127.0.0.1:${HTTP_PORT_BASE + 1}/oozie`,
      ]);
    } finally {
      host.stop();
    }
  });

  void it("a second run of the copy step changes nothing", async () => {
    const volume = `${PREFIX}-oozie-1-lib`;
    const before = await snapshotVolume(replay, volume, `${PREFIX}-probe`);
    assert.match(before, new RegExp(`^\\./${JAR.replaceAll(".", "\\.")} \\d+ 644 root `, "m"));
    const copyName = `${PREFIX}-oozie-1-curator-copy`;
    await replay.removeContainer(copyName);
    await replay.createContainer(monitor.inputsOf(copyName));
    assert.deepEqual(replay.attached.get(copyName), {
      exitCode: 0,
      logs: `curator copy: ${TARGET} already present\n`,
    });
    assert.equal(await snapshotVolume(replay, volume, `${PREFIX}-probe`), before);
  });

  void it("fails loudly, naming both paths, when the source jar is missing", async () => {
    const broken = await recordProgramWithSecrets(() => {
      new OozieHaCluster(`${PREFIX}-broken`, {
        ...clusterArgs(ensemble, db),
        namePrefix: PREFIX,
        embeddedLibDir: "/opt/oozie/libtools",
        serverCount: 1,
        allowSingleServer: true,
      });
    });
    const name = `${PREFIX}-oozie-1-curator-copy`;
    await replay.removeContainer(name);
    const inputs = broken.inputsOf(`${PREFIX}-broken-oozie-1-curator-copy`);
    assert.equal(inputs["name"], name);
    await replay.createContainer(inputs);
    assert.deepEqual(replay.attached.get(name), {
      exitCode: 1,
      logs: "curator copy: no curator-x-discovery-[0-9]*.jar in /opt/oozie/libtools to copy to /opt/oozie/lib: the image does not ship one there; set embeddedLibDir to where it is\n",
    });
  });

  void it("without the copy, the server hangs: NoClassDefFoundError, JVM alive, no port, and HaVerified names it", async () => {
    const plain = await recordProgramWithSecrets(() => {
      new OozieHaCluster(PREFIX, {
        ...clusterArgs(ensemble, db),
        namePrefix: PREFIX,
        legacyCuratorJarCopy: false,
        hostHttpPortBase: undefined,
        // A namespace of its own: the killed server 1 above stays registered under /oozie
        // until its ZooKeeper session expires.
        namespace: "oozie-older",
        serverReadyTimeoutSeconds: 30,
        readyTimeoutSeconds: 10,
        serverCount: 1,
        allowSingleServer: true,
      });
    });
    const name = `${PREFIX}-oozie-1`;
    await replay.removeContainer(name);
    await assert.rejects(
      replay.createContainer(plain.inputsOf(name)),
      new RegExp(`container ${name} failed to be healthy in 30 seconds`),
    );
    let logs = await replay.logs(name);
    for (let t = 0; t < 120 && !/NoClassDefFoundError/.test(logs); t++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      logs = await replay.logs(name);
    }
    assert.equal(logs.split("\n")[0], "oozied.sh: lib lacks curator-x-discovery at start", logs);
    assert.match(logs, /NoClassDefFoundError: org\/apache\/curator\/x\/discovery\//);
    // It does not exit: the container runs, its PID 1 is the Oozie JVM, and nothing listens on
    // the HTTP port (11000 = 0x2AF8, state 0A = LISTEN).
    assert.equal((await replay.inspectState(name)).Running, true);
    const cmdline = await execIn(name, ["cat", "/proc/1/cmdline"]);
    assert.match(cmdline.output, /org\.apache\.oozie\.server\.EmbeddedOozieServer/);
    const listening = await execIn(name, [
      "awk",
      '$2 ~ /:2AF8$/ && $4 == "0A"',
      "/proc/net/tcp",
      "/proc/net/tcp6",
    ]);
    assert.deepEqual(listening, { exitCode: 0, output: "" });
    const inputs = plain.inputsOf(`${PREFIX}-ha-verified`);
    assert.deepEqual(inputs["instanceIds"], [name]);
    const started = Date.now();
    await assert.rejects(
      oozieHaVerifiedProvider.create(inputs),
      new RegExp(`was not ready after 10 s .*not registered: ${name} \\(registered: none\\)`),
    );
    const elapsed = (Date.now() - started) / 1000;
    assert.ok(elapsed < 20, `HaVerified gave up after ${elapsed} s`);
  });
});
