import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DrainGate } from "../../src/gates/drainGate";
import { UNKNOWN } from "../../src/gates/unknowns";
import { FakeOozieServer } from "../harness/oozieFakeServer";
import { recordProgramWithSecrets } from "../harness/oozieSecretMonitor";
import { DynamicProviderHost } from "../harness/providerHost";

const URN = "urn:pulumi:test::zkha::pulumi-nodejs:dynamic/pulumi-zk-ha:DrainGate::drain";
const FILTER = "filter=status%3DRUNNING;status%3DPREP;status%3DSUSPENDED&len=1000";

// The DrainGate provider as the engine runs it: serialized when the resource is registered,
// loaded by the SDK's dynamic-provider host, called over gRPC, and talking HTTP to a server on
// 127.0.0.1 that speaks Oozie's jobs API.
void describe("DrainGate through the SDK's provider host", { timeout: 120_000 }, () => {
  const oozie = new FakeOozieServer();
  let host: DynamicProviderHost;
  let inputs: Record<string, unknown>;

  before(async () => {
    const url = await oozie.start();
    const monitor = await recordProgramWithSecrets(() => {
      new DrainGate("drain", { urls: [url], triggers: ["config-1"], timeoutSeconds: 5 });
    });
    inputs = monitor.inputsOf("drain");
    host = await DynamicProviderHost.start();
  });

  after(async () => {
    host.stop();
    await oozie.stop();
  });

  void it("check accepts the registered inputs and unknown previews without touching the server", async () => {
    assert.deepEqual((await host.check(URN, {}, inputs)).failures, []);
    assert.deepEqual(
      (await host.check(URN, {}, { ...inputs, urls: UNKNOWN, triggers: UNKNOWN })).failures,
      [],
    );
    assert.deepEqual(
      (await host.check(URN, {}, { ...inputs, mode: "wait" })).failures.map((f) => f.property),
      ["mode"],
    );
    assert.deepEqual(oozie.requests, []);
  });

  void it("blocks while jobs run, naming their ids", async () => {
    oozie.jobs = [
      { id: "0000042-200101000000000-oozie-oozi-W", type: "wf", status: "RUNNING" },
      { id: "0000007-200101000000000-oozie-oozi-C", type: "coordinator", status: "RUNNING" },
    ];
    await assert.rejects(
      host.create(URN, inputs),
      /2 Oozie job\(s\) are still active, so no server is replaced: 0000042-200101000000000-oozie-oozi-W \(wf RUNNING\), 0000007-200101000000000-oozie-oozi-C \(coordinator RUNNING\)/,
    );
    assert.deepEqual(oozie.requests.slice(0, 3), [
      `GET /oozie/v1/jobs?jobtype=wf&${FILTER}`,
      `GET /oozie/v1/jobs?jobtype=coordinator&${FILTER}`,
      `GET /oozie/v1/jobs?jobtype=bundle&${FILTER}`,
    ]);
  });

  void it("passes once none runs", async () => {
    oozie.jobs = [{ id: "0000042-200101000000000-oozie-oozi-W", type: "wf", status: "SUCCEEDED" }];
    const { id, outs } = await host.create(URN, inputs);
    assert.equal(id, (inputs["urls"] as string[]).join(","));
    assert.deepEqual(outs["answered"], inputs["urls"]);
    assert.deepEqual(outs["activeJobs"], []);
  });

  void it("diff re-runs the gate only when something changed", async () => {
    const olds = { ...inputs, answered: [], activeJobs: [] };
    assert.deepEqual(await host.diff(URN, "id", olds, inputs), { changes: "none", replaces: [] });
    assert.deepEqual(await host.diff(URN, "id", olds, { ...inputs, triggers: ["config-2"] }), {
      changes: "some",
      replaces: [],
    });
  });
});
