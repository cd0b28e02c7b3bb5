import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { quorumReadyProvider, type QuorumReadyOutputs } from "../../src/gates/quorumReadyProvider";
import { znodeProvider, type ZNodeOutputs } from "../../src/gates/znodeProvider";
import { withSession } from "../../src/readiness/sessionCheck";
import { readZnode } from "../../src/readiness/znodeOperations";
import { startEnsemble, type RunningEnsemble } from "../harness/ensembleFixture";
import { DynamicProviderHost } from "../harness/providerHost";

const PREFIX = "it-zk";
const PORT_BASE = 24181;

// Real ZooKeeper servers in containers built from Debian's package, created from the exact
// container inputs the component registers.
void describe("ZooKeeperEnsemble on the Docker engine", { timeout: 600_000 }, () => {
  let ensemble: RunningEnsemble;
  const stopped: string[] = [];

  before(async () => {
    ensemble = await startEnsemble(PREFIX, PORT_BASE);
  });

  after(async () => {
    await ensemble.replay.cleanup();
  });

  const gate = (overrides: Partial<QuorumReadyOutputs> = {}): Promise<QuorumReadyOutputs> =>
    quorumReadyProvider
      .create({ ...ensemble.gateInputs, ...overrides })
      .then((r) => r.outs as QuorumReadyOutputs);

  void it("forms a quorum that QuorumReady sees, and every healthcheck turns healthy", async () => {
    const outs = await gate({ timeoutSeconds: 120 });
    assert.ok(ensemble.containerNames.includes(outs.leader), outs.leader);
    // The gate passes on a majority; the third server may still be joining.
    assert.ok(outs.serving.length >= 2, outs.serving.join(","));
    assert.ok(outs.serving.every((name) => ensemble.containerNames.includes(name)));
    assert.equal(outs.serving[0], outs.leader);
    for (const name of ensemble.containerNames) {
      assert.equal(await waitForHealth(ensemble, name, 90_000), "healthy", name);
    }
    const all = await gate({ timeoutSeconds: 30 });
    assert.deepEqual([...all.serving].sort(), [...ensemble.containerNames].sort());
  });

  void it("still passes with one server (the leader) stopped", async () => {
    const before = await gate({ timeoutSeconds: 60 });
    await ensemble.replay.stop(before.leader);
    stopped.push(before.leader);
    const outs = await gate({ timeoutSeconds: 60 });
    assert.equal(outs.serving.length, 2);
    assert.ok(!outs.serving.includes(before.leader));
    assert.notEqual(outs.leader, before.leader);
  });

  void it("fails within its timeout with two stopped, naming the missing servers", async () => {
    const second = ensemble.containerNames.find((n) => !stopped.includes(n));
    assert.ok(second);
    await ensemble.replay.stop(second);
    stopped.push(second);
    const timeoutSeconds = 8;
    const started = Date.now();
    await assert.rejects(gate({ timeoutSeconds }), (error: Error) => {
      for (const name of stopped) {
        assert.match(
          error.message,
          new RegExp(`${name} \\(127\\.0\\.0\\.1:\\d+: connect ECONNREFUSED`),
        );
      }
      assert.match(error.message, /was not ready after 8 s/);
      assert.match(error.message, /1 of 3 serving, 2 needed|no leader/);
      return true;
    });
    const elapsed = Date.now() - started;
    // One last attempt may start just before the deadline; each attempt is bounded by 3 s.
    assert.ok(elapsed < (timeoutSeconds + 2 * 3 + 1) * 1000, `took ${elapsed} ms`);
    for (const name of stopped.splice(0)) {
      await ensemble.replay.start(name);
    }
  });

  void it("keeps znodes when every container is replaced", async () => {
    await gate({ timeoutSeconds: 120 });
    const node = {
      connectString: ensemble.hostConnectString,
      path: "/it/persist",
      data: "kept",
      deleteOnDestroy: false,
      timeoutSeconds: 60,
    };
    const created = await znodeProvider.create(node);
    assert.equal(created.id, "/it/persist");
    assert.equal((created.outs as ZNodeOutputs).existed, false);

    // Replacement as the provider does it: delete first, then create from the same inputs.
    for (const registration of ensemble.monitor.ofType("docker:index/container:Container")) {
      await ensemble.replay.removeContainer(String(registration.inputs["name"]));
    }
    for (const registration of ensemble.monitor.ofType("docker:index/container:Container")) {
      await ensemble.replay.createContainer(registration.inputs);
    }
    await gate({ timeoutSeconds: 120 });
    const data = await withSession(ensemble.hostConnectString, 10_000, (client) =>
      readZnode(client, "/it/persist"),
    );
    assert.equal(data, "kept");
    const again = await znodeProvider.create({ ...node, data: undefined });
    assert.equal((again.outs as ZNodeOutputs).existed, true);
  });

  // Replacement as the engine runs it with rollingReplacement: delete and create one server,
  // then its ServerRejoined gate's update (through the SDK's provider host) before the next.
  const replaceServer = async (id: number, overrides: Record<string, unknown> = {}) => {
    const inputs = ensemble.monitor.byName(`${PREFIX}-zk-${id}`).inputs;
    await ensemble.replay.removeContainer(String(inputs["name"]));
    await ensemble.replay.createContainer({ ...inputs, ...overrides });
  };
  const rejoinGate = async (
    host: DynamicProviderHost,
    id: number,
    overrides: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> => {
    const registered = ensemble.monitor.byName(`${PREFIX}-zk-${id}-rejoined`);
    const olds = { ...registered.inputs, mode: "" };
    const news = { ...registered.inputs, triggers: [`replaced-${id}`], ...overrides };
    return (await host.update(registered.urn, `${PREFIX}-zk-${id}`, olds, news)).outs;
  };
  const readPersisted = (): Promise<string | undefined> =>
    withSession(ensemble.hostConnectString, 15_000, (client) => readZnode(client, "/it/persist"));

  void it("replaces one server at a time, the others serving throughout, each rejoining before the next", async () => {
    const host = await DynamicProviderHost.start();
    try {
      for (const id of [1, 2, 3]) {
        await replaceServer(id);
        // The other two are a majority: the data is readable while this server restarts.
        assert.equal(await readPersisted(), "kept", `while server ${id} was replaced`);
        if (id < 3) {
          const outs = await rejoinGate(host, id);
          assert.match(String(outs["mode"]), /^(leader|follower)$/);
        }
      }
      const outs = await gate({ timeoutSeconds: 120 });
      assert.ok(outs.serving.length >= 2, outs.serving.join(","));
    } finally {
      host.stop();
    }
  });

  void it("stops a rolling replacement at a server that cannot rejoin, naming it, the others serving", async () => {
    const host = await DynamicProviderHost.start();
    try {
      // A replacement that starts but never runs ZooKeeper, like a broken new image.
      await replaceServer(1, { entrypoints: ["sleep", "600"] });
      const started = Date.now();
      await assert.rejects(rejoinGate(host, 1, { timeoutSeconds: 5, intervalMs: 500 }), {
        message: new RegExp(
          `^ZooKeeper server ${PREFIX}-zk-1 \\(127\\.0\\.0\\.1:${PORT_BASE}\\) serving in the quorum was not ready after 5 s \\(\\d+ attempts\\): `,
        ),
      });
      assert.ok(Date.now() - started < 5000 + 2 * 3000 + 1000, `took ${Date.now() - started} ms`);
      const outs = await gate({ timeoutSeconds: 60 });
      assert.deepEqual([...outs.serving].sort(), [`${PREFIX}-zk-2`, `${PREFIX}-zk-3`]);
      assert.equal(await readPersisted(), "kept");
      // Fixing the server (the next `pulumi up`) lets the gate pass.
      await replaceServer(1);
      assert.match(String((await rejoinGate(host, 1))["mode"]), /^(leader|follower)$/);
    } finally {
      host.stop();
    }
  });
});

async function waitForHealth(
  ensemble: RunningEnsemble,
  name: string,
  timeoutMs: number,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let status = "none";
  while (Date.now() < deadline) {
    status = (await ensemble.replay.inspectState(name)).Health?.Status ?? "none";
    if (status === "healthy" || status === "unhealthy") {
      return status;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return status;
}
