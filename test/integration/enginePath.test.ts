import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ZNode } from "../../src";
import { UNKNOWN } from "../../src/gates/unknowns";
import { withSession } from "../../src/readiness/sessionCheck";
import { readZnode } from "../../src/readiness/znodeOperations";
import { recordProgram } from "../helpers/recordingMonitor";
import { startEnsemble, type RunningEnsemble } from "../harness/ensembleFixture";
import { DynamicProviderHost } from "../harness/providerHost";

const PREFIX = "it-engine";
const PORT_BASE = 24281;
const GATE_URN = "urn:pulumi:test::zkha::pulumi-nodejs:dynamic/pulumi-zk-ha:QuorumReady::gate";
const NODE_URN = "urn:pulumi:test::zkha::pulumi-nodejs:dynamic/pulumi-zk-ha:ZNode::node";

// The providers as the engine runs them: serialized by the SDK when the resource is registered,
// then loaded and called by the SDK's dynamic-provider host over gRPC.
void describe("dynamic providers through the SDK's provider host", { timeout: 600_000 }, () => {
  let ensemble: RunningEnsemble;
  let host: DynamicProviderHost;

  before(async () => {
    ensemble = await startEnsemble(PREFIX, PORT_BASE);
    host = await DynamicProviderHost.start();
  });

  after(async () => {
    host.stop();
    await ensemble.replay.cleanup();
  });

  void it("QuorumReady check and diff are pure in preview, with unknown inputs", async () => {
    const inputs: Record<string, unknown> = { ...ensemble.gateInputs };
    const preview = { ...inputs, servers: UNKNOWN, triggers: UNKNOWN };
    assert.deepEqual((await host.check(GATE_URN, {}, preview)).failures, []);
    const bad = { ...inputs, servers: [{ name: "a", host: "", port: 70000 }] };
    assert.deepEqual(
      (await host.check(GATE_URN, {}, bad)).failures.map((f) => f.property),
      ["servers[0].host", "servers[0].port"],
    );
    const olds = { ...inputs, leader: "x", serving: ["x"] };
    assert.deepEqual(await host.diff(GATE_URN, "id", olds, inputs), {
      changes: "none",
      replaces: [],
    });
    assert.deepEqual(await host.diff(GATE_URN, "id", olds, { ...inputs, triggers: UNKNOWN }), {
      changes: "some",
      replaces: [],
    });
  });

  void it("QuorumReady create waits for the real quorum", async () => {
    const { id, outs } = await host.create(GATE_URN, {
      ...ensemble.gateInputs,
      timeoutSeconds: 120,
    });
    assert.equal(id, ensemble.containerNames.join(","));
    assert.ok(ensemble.containerNames.includes(String(outs["leader"])));
    const serving = outs["serving"] as string[];
    assert.ok(
      serving.length >= 2 && serving.every((name) => ensemble.containerNames.includes(name)),
      serving.join(","),
    );
    assert.equal(serving[0], outs["leader"]);
  });

  void it("ZNode creates its path, keeps it on delete by default, and removes it only when asked", async () => {
    const monitor = await recordProgram(() => {
      new ZNode("kept", { connectString: ensemble.hostConnectString, path: "/engine/kept" });
      new ZNode("dropped", {
        connectString: ensemble.hostConnectString,
        path: "/engine/dropped",
        deleteOnDestroy: true,
      });
    });
    const read = (path: string): Promise<string | undefined> =>
      withSession(ensemble.hostConnectString, 10_000, (client) => readZnode(client, path));
    for (const name of ["kept", "dropped"]) {
      const inputs = monitor.byName(name).inputs;
      assert.deepEqual((await host.check(NODE_URN, {}, inputs)).failures, []);
      const created = await host.create(NODE_URN, inputs);
      assert.equal(created.id, inputs["path"]);
      assert.equal(await read(String(inputs["path"])), "");
      await host.delete(NODE_URN, created.id, created.outs);
    }
    assert.equal(await read("/engine/kept"), "");
    assert.equal(await read("/engine/dropped"), undefined);
  });
});
