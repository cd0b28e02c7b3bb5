import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as docker from "@pulumi/docker";
import { PostgresDatabase } from "../../src";
import { requireDocker } from "../harness/dockerApi";
import { DockerReplay } from "../harness/dockerReplay";
import { sweepLabelled } from "../harness/ensembleFixture";
import { deploymentOrder } from "../harness/graphReplay";
import { execIn, POSTGRES_TEST_IMAGE } from "../harness/oozieFixture";
import { DynamicProviderHost } from "../harness/providerHost";
import { recordProgram, type Registration } from "../helpers/recordingMonitor";

const PREFIX = "it-pg";
const LABEL = `pulumi-zk-ha.it-suite=${PREFIX}`;
const SERVER = `${PREFIX}-db`;
const PASSWORD_TYPE = "pulumi-nodejs:dynamic/pulumi-zk-ha:GeneratedPassword";

/** Runs SQL in the server's container over TCP (as a client on the network would) with `password`. */
function sql(password: string, query: string): Promise<{ exitCode: number; output: string }> {
  return execIn(SERVER, [
    "env",
    `PGPASSWORD=${password}`,
    "psql",
    // No pager and no ~/.psqlrc: the exec has a terminal, which psql would page to.
    "-X",
    "-P",
    "pager=off",
    "-h",
    "127.0.0.1",
    "-U",
    "oozie",
    "-d",
    "oozie",
    "-tAc",
    query,
  ]);
}

// The component's recorded inputs deployed on the real engine: Docker resources from their
// exact inputs, the generated password through the SDK's own dynamic-provider host.
void describe("PostgresDatabase on the Docker engine", { timeout: 600_000 }, () => {
  let registrations: Registration[];
  const replay = new DockerReplay();
  let host: DynamicProviderHost | undefined;
  let password = "";

  before(async () => {
    await requireDocker([POSTGRES_TEST_IMAGE]);
    await sweepLabelled(LABEL);
    const program = (): void => {
      const labels = { "pulumi-zk-ha.it-suite": PREFIX };
      const network = new docker.Network("net", {
        name: `${PREFIX}-net`,
        labels: [{ label: "pulumi-zk-ha.it-suite", value: PREFIX }],
      });
      new PostgresDatabase("db", {
        networkName: network.name,
        namePrefix: PREFIX,
        image: POSTGRES_TEST_IMAGE,
        retainDataOnDelete: false,
        labels,
      });
    };
    // As the engine does: the password resource is created first (by its real provider, in the
    // SDK's provider host), and its output flows into the server's inputs.
    host = await DynamicProviderHost.start();
    const generator = (await recordProgram(program)).byName("db-password");
    const checked = await host.check(generator.urn, {}, generator.inputs);
    password = String((await host.create(generator.urn, checked.inputs)).outs["value"]);
    const monitor = await recordProgram(program, {
      stateFor: (args) => (args.type === PASSWORD_TYPE ? { value: password } : {}),
    });
    registrations = monitor.registrations;
    for (const r of deploymentOrder(registrations)) {
      if (r.type.startsWith("docker:")) {
        await replay.apply(r.type, r.inputs);
      }
    }
  });

  after(async () => {
    await replay.cleanup();
    host?.stop();
    await sweepLabelled(LABEL);
  });

  void it("generates a password and logs in with it over TCP once the healthcheck passes", async () => {
    assert.match(password, /^[A-Za-z0-9_-]{32}$/);
    assert.equal((await replay.inspectState(SERVER)).Health?.Status, "healthy");
    assert.deepEqual(await sql(password, "select current_user"), {
      exitCode: 0,
      output: "oozie\n",
    });
  });

  void it("refuses any other password (scram over TCP, no trust)", async () => {
    const refused = await sql(`${password}x`, "select 1");
    assert.notEqual(refused.exitCode, 0);
    assert.match(refused.output, /password authentication failed for user "oozie"/);
  });

  void it("keeps its data when the container is replaced", async () => {
    assert.equal(
      (await sql(password, "create table kept (n int); insert into kept values (42)")).exitCode,
      0,
    );
    const server = registrations.find((r) => r.name === "db-server");
    assert.ok(server);
    await replay.removeContainer(SERVER);
    // The same inputs again, as a replacement creates them: the volume is reused.
    await replay.apply(server.type, server.inputs);
    assert.deepEqual(await sql(password, "select n from kept"), { exitCode: 0, output: "42\n" });
  });

  // As after `pulumi destroy` and `up` again: the kept volume was initialised with the old
  // password, and a new one was generated. The image ignores POSTGRES_PASSWORD on such data.
  void it("takes the stack's new password on kept data before it reports healthy", async () => {
    const server = registrations.find((r) => r.name === "db-server");
    assert.ok(server);
    const renewed = `${password}-renewed`;
    const envs = (server.inputs["envs"] as string[]).map((e) =>
      e.startsWith("POSTGRES_PASSWORD=") ? `POSTGRES_PASSWORD=${renewed}` : e,
    );
    await replay.removeContainer(SERVER);
    await replay.apply(server.type, { ...server.inputs, envs });
    assert.equal((await replay.inspectState(SERVER)).Health?.Status, "healthy");
    assert.deepEqual(await sql(renewed, "select n from kept"), { exitCode: 0, output: "42\n" });
    const old = await sql(password, "select 1");
    assert.notEqual(old.exitCode, 0);
    assert.match(old.output, /password authentication failed for user "oozie"/);
  });
});
