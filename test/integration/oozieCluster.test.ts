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
import { httpRequest } from "../../src/readiness/oozieJobs";
import { requireDocker } from "../harness/dockerApi";
import { DockerReplay } from "../harness/dockerReplay";
import { startEnsemble, sweep, type RunningEnsemble } from "../harness/ensembleFixture";
import { OOZIE_TEST_IMAGE, snapshotVolume, sweepOozie } from "../harness/oozieFixture";
import {
  recordProgramWithSecrets,
  type SecretRecordingMonitor,
} from "../harness/oozieSecretMonitor";
import { DynamicProviderHost } from "../harness/providerHost";

const PREFIX = "it-oozie";
const PORT_BASE = 24581;
const HTTP_PORT_BASE = 24591;
const JAR = "curator-x-discovery-4.2.0.jar";
const SOURCE = `/opt/oozie/embedded-oozie-server/webapp/WEB-INF/lib/${JAR}`;
const TARGET = `/opt/oozie/lib/${JAR}`;
const DRAIN_URN = "urn:pulumi:test::zkha::pulumi-nodejs:dynamic/pulumi-zk-ha:DrainGate::drain";

function clusterArgs(ensemble: RunningEnsemble): OozieHaClusterArgs {
  return {
    image: OOZIE_TEST_IMAGE,
    zookeeper: {
      connectString: [1, 2, 3].map((id) => `${PREFIX}-zk-${id}:2181`).join(","),
      readinessConnectString: ensemble.hostConnectString,
      networkName: `${PREFIX}-zk`,
    },
    baseUrl: "http://it-oozie-vip:11000/oozie",
    // The harness does not open the database; HA still requires one to be declared.
    database: {
      driver: "org.postgresql.Driver",
      url: "jdbc:postgresql://it-oozie-db:5432/oozie",
      username: "oozie",
      password: "not-used-by-the-harness",
    },
    legacyCuratorJarCopy: true,
    hostHttpPortBase: HTTP_PORT_BASE,
    serverReadyTimeoutSeconds: 120,
    haVerifyTimeoutSeconds: 60,
  };
}

// A real ZooKeeper ensemble and the component's containers, created from the exact inputs the
// component registers, with the test image's stock Oozie 5 layout and the real curator jars.
void describe("OozieHaCluster on the Docker engine", { timeout: 900_000 }, () => {
  let ensemble: RunningEnsemble;
  let monitor: SecretRecordingMonitor;
  const replay = new DockerReplay();

  before(async () => {
    await requireDocker([OOZIE_TEST_IMAGE]);
    await sweepOozie(PREFIX);
    ensemble = await startEnsemble(PREFIX, PORT_BASE);
    await quorumReadyProvider.create({ ...ensemble.gateInputs, timeoutSeconds: 120 });
    monitor = await recordProgramWithSecrets(() => {
      new OozieHaCluster(PREFIX, clusterArgs(ensemble));
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

  void it("copies the curator jar into the lib volume before each server starts, and the servers register", async () => {
    // In registration order, from the inputs with secrets unwrapped (as the provider sees them).
    for (const registration of monitor.registrations) {
      if (registration.type.startsWith("docker:")) {
        await replay.apply(registration.type, monitor.inputsOf(registration.name));
      }
    }
    for (const index of [1, 2]) {
      const copy = replay.attached.get(`${PREFIX}-oozie-${index}-curator-copy`);
      assert.deepEqual(copy, {
        exitCode: 0,
        logs: `curator copy: copied ${SOURCE} to ${TARGET}\n`,
      });
      const logs = await replay.logs(`${PREFIX}-oozie-${index}`);
      const lines = logs.split("\n");
      assert.equal(lines[0], `oozied.sh: lib has ${JAR} at start`, logs);
      assert.ok(
        lines.includes(
          `registered ${PREFIX}-oozie-${index} (http://${PREFIX}-oozie-${index}:11000/oozie) under /oozie/services/servers`,
        ),
        logs,
      );
    }
  });

  void it("HaVerified sees every server under /oozie/services/servers", async () => {
    const { id, outs } = (await oozieHaVerifiedProvider.create(
      monitor.inputsOf(`${PREFIX}-ha-verified`),
    )) as { id: string; outs: OozieHaVerifiedOutputs };
    assert.equal(id, "/oozie/services/servers");
    assert.deepEqual(outs.registered, [`${PREFIX}-oozie-1`, `${PREFIX}-oozie-2`]);
    // Each server reads the others back from ZooKeeper, as Oozie's HA REST call does.
    const answer = await httpRequest(
      "GET",
      `http://127.0.0.1:${HTTP_PORT_BASE}/oozie/v2/admin/available-oozie-servers`,
      5000,
    );
    assert.deepEqual(JSON.parse(answer.body), {
      [`${PREFIX}-oozie-1`]: `http://${PREFIX}-oozie-1:11000/oozie`,
      [`${PREFIX}-oozie-2`]: `http://${PREFIX}-oozie-2:11000/oozie`,
    });
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
    assert.match(before, new RegExp(`^\\./${JAR.replaceAll(".", "\\.")} \\d+ 644 oozie `, "m"));
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
        ...clusterArgs(ensemble),
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
      logs: `curator copy: cannot copy /opt/oozie/libtools/${JAR} to ${TARGET}: the source jar /opt/oozie/libtools/${JAR} does not exist in the image\n`,
    });
  });

  void it("without the copy, the server cannot start: its class path is the lib dir", async () => {
    const plain = await recordProgramWithSecrets(() => {
      new OozieHaCluster(PREFIX, {
        ...clusterArgs(ensemble),
        legacyCuratorJarCopy: false,
        hostHttpPortBase: undefined,
        serverReadyTimeoutSeconds: 20,
        serverCount: 1,
        allowSingleServer: true,
        database: undefined,
      });
    });
    const name = `${PREFIX}-oozie-1`;
    await replay.removeContainer(name);
    await assert.rejects(
      replay.createContainer(plain.inputsOf(name)),
      new RegExp(`container ${name} failed to be healthy in 20 seconds`),
    );
    const logs = await replay.logs(name);
    assert.match(
      logs,
      new RegExp(`^oozied\\.sh: lib lacks ${JAR.replaceAll(".", "\\.")} at start$`, "m"),
    );
    assert.match(logs, /NoClassDefFoundError: org\/apache\/curator\/x\/discovery\//);
  });
});
