import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { recordModule, type Registration } from "../helpers/recordingMonitor";
import { requireDocker } from "../harness/dockerApi";
import { DockerReplay } from "../harness/dockerReplay";
import {
  sweep as sweepEnsemble,
  sweepLabelled,
  ZOOKEEPER_TEST_IMAGE,
} from "../harness/ensembleFixture";
import { FLINK_TEST_IMAGE, listContainerFiles, sweepFlink } from "../harness/flinkFixture";
import { restGet } from "../harness/flinkRest";
import { replayGraph, type CreatedGate } from "../harness/graphReplay";
import {
  assertEachListsServers,
  generatePassword,
  OOZIE_CURATOR_VERSION,
  OOZIE_OLDER_IMAGE,
  POSTGRES_TEST_IMAGE,
  sweepOozie,
} from "../harness/oozieFixture";
import { DynamicProviderHost } from "../harness/providerHost";

const PROGRAM = path.join(__dirname, "..", "..", "src", "program", "main.js");
const PROJECT = "pulumi-zk-ha";
const PREFIX = "it-platform";
const GENERATED_PASSWORD = "pulumi-nodejs:dynamic/pulumi-zk-ha:GeneratedPassword";
const ZK_PORT_BASE = 24911;
const FLINK_REST_PORT_BASE = 24921;
const OOZIE_HTTP_PORT_BASE = 24931;

// The root program as `npm start` runs it, with stack config pointing at the local test images
// and free ports: recorded under mocks, then deployed for real in dependency order, Docker
// resources on the engine and gates through the SDK's own dynamic-provider host. Oozie is the
// real 5.2.1 "older" image (lib/ without curator-x-discovery) on the PostgreSQL the program runs
// itself (the test image), as the default stack does.
void describe("the root program deployed on the Docker engine", { timeout: 1_200_000 }, () => {
  let registrations: Registration[];
  let gates: Map<string, CreatedGate>;
  const replay = new DockerReplay();
  let host: DynamicProviderHost | undefined;

  const sweepAll = async (): Promise<void> => {
    await sweepOozie(PREFIX);
    await sweepLabelled(`pulumi-zk-ha.database=${PREFIX}`);
    await sweepFlink(PREFIX);
    await sweepEnsemble(PREFIX);
  };

  before(async () => {
    await requireDocker([
      ZOOKEEPER_TEST_IMAGE,
      FLINK_TEST_IMAGE,
      OOZIE_OLDER_IMAGE,
      POSTGRES_TEST_IMAGE,
    ]);
    await sweepAll();
    const password = generatePassword();
    const config: Record<string, string> = {
      namePrefix: PREFIX,
      zookeeperImage: ZOOKEEPER_TEST_IMAGE,
      zookeeperHostPortBase: String(ZK_PORT_BASE),
      flinkImage: FLINK_TEST_IMAGE,
      flinkRestPortBase: String(FLINK_REST_PORT_BASE),
      oozieImage: OOZIE_OLDER_IMAGE,
      oozieHttpPortBase: String(OOZIE_HTTP_PORT_BASE),
      // The image has the layout of an older installation: the jar is only in the webapp.
      oozieLegacyCuratorJarCopy: "true",
      oozieCuratorVersion: OOZIE_CURATOR_VERSION,
      oozieBaseUrl: `http://${PREFIX}-vip:11000/oozie`,
      // No oozieDbUrl: the stack runs its own PostgreSQL, as the default stack does.
      postgresImage: POSTGRES_TEST_IMAGE,
    };
    pulumi.runtime.setAllConfig(
      Object.fromEntries(
        Object.entries(config).map(([key, value]) => [`${PROJECT}:${key}`, value]),
      ),
      [],
    );
    // The replay deploys the recorded inputs, so the generated password is fixed at recording:
    // the database server's environment and the Oozie servers' oozie-site.xml get the same one.
    registrations = (
      await recordModule(PROGRAM, {
        project: PROJECT,
        stateFor: (args) => (args.type === GENERATED_PASSWORD ? { value: password } : {}),
      })
    ).registrations;
    host = await DynamicProviderHost.start();
    gates = await replayGraph(registrations, replay, host);
  });

  after(async () => {
    host?.stop();
    await replay.cleanup();
    await sweepAll();
  });

  const outsOf = (name: string): Record<string, unknown> => {
    const gate = gates.get(name);
    assert.ok(gate, `gate ${name} was not created`);
    return gate.outs;
  };

  void it("forms the quorum: one leader among the three servers", () => {
    const servers = [1, 2, 3].map((id) => `${PREFIX}-zk-${id}`);
    assert.ok(servers.includes(String(outsOf("ha-zookeeper-quorum-ready")["leader"])));
  });

  void it("gives Flink's storage to uid 9999 and elects a JobManager that answers on loopback", async () => {
    assert.deepEqual(replay.attached.get(`${PREFIX}-flink-ha-owner`), { exitCode: 0, logs: "" });
    const leader = String(outsOf("ha-flink-ha-verified")["leader"]);
    const jobManagers = [`${PREFIX}-flink-jm-1`, `${PREFIX}-flink-jm-2`];
    assert.ok(jobManagers.includes(leader), leader);
    const index = jobManagers.indexOf(leader);
    const answer = await restGet(`http://127.0.0.1:${FLINK_REST_PORT_BASE + index}`, "/overview");
    assert.equal(answer.status, 200, answer.body);
    // At start Flink creates its job result store in the volume the step gave it, as uid 9999.
    const stored = await listContainerFiles(leader, "/flink-ha");
    assert.ok(
      stored.some((e) => e.name === `flink-ha/job-result-store/${PREFIX}/`),
      JSON.stringify(stored),
    );
    assert.deepEqual([...new Set(stored.map((e) => e.uid))], [9999]);
  });

  void it("copies the curator jar and registers both Oozie servers under the namespace", async () => {
    const jar = `curator-x-discovery-${OOZIE_CURATOR_VERSION}.jar`;
    for (const index of [1, 2]) {
      assert.deepEqual(replay.attached.get(`${PREFIX}-oozie-${index}-curator-copy`), {
        exitCode: 0,
        logs: `curator copy: copied /opt/oozie/embedded-oozie-server/webapp/WEB-INF/lib/${jar} to /opt/oozie/lib/${jar}\n`,
      });
    }
    assert.equal(gates.get("ha-oozie-ha-verified")?.id, "/oozie/services/servers");
    assert.deepEqual(outsOf("ha-oozie-ha-verified")["registered"], [
      `${PREFIX}-oozie-1`,
      `${PREFIX}-oozie-2`,
    ]);
    assert.deepEqual(outsOf("ha-oozie-drain")["answered"], []);
    // Each real server lists both from ZooKeeper, on its published loopback port.
    await assertEachListsServers(PREFIX, [OOZIE_HTTP_PORT_BASE, OOZIE_HTTP_PORT_BASE + 1]);
  });
});
