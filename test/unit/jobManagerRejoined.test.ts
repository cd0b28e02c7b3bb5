import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  jobManagerRejoinedProvider,
  type JobManagerRejoinedInputs,
  type JobManagerRejoinedOutputs,
} from "../../src/gates/jobManagerRejoinedProvider";
import { UNKNOWN } from "../../src/gates/unknowns";
import { forbidConnections, settledImmediately } from "../helpers/purity";

const INPUTS: JobManagerRejoinedInputs = {
  connectString: "127.0.0.1:1",
  haPath: "/flink/a",
  jobManagers: [
    { name: "a-jm-1", alias: "a-jm-1" },
    { name: "a-jm-2", alias: "a-jm-2" },
  ],
  jobManager: "a-jm-2",
  sessionTimeoutMs: 1000,
  timeoutSeconds: 180,
  intervalMs: 500,
  attemptTimeoutMs: 5000,
  triggers: ["container-a"],
};

void describe("jobManagerRejoinedProvider", () => {
  const { check, diff, create, update } = jobManagerRejoinedProvider;

  void it("check accepts valid and unknown inputs and names bad fields, without the network", async (t) => {
    assert.ok(check);
    const connections = forbidConnections(t);
    assert.deepEqual((await settledImmediately(check({}, INPUTS))).failures, []);
    const preview = { ...INPUTS, connectString: UNKNOWN, triggers: UNKNOWN };
    assert.deepEqual((await check({}, preview)).failures, []);
    const bad = { ...INPUTS, haPath: "flink", jobManagers: [], sessionTimeoutMs: 0 };
    assert.deepEqual(
      ((await check({}, bad)).failures ?? []).map((f) => f.property),
      ["haPath", "jobManagers", "sessionTimeoutMs"],
    );
    assert.equal(connections.count(), 0);
  });

  void it("diff reports a change only when an input changed, such as a replaced container", async (t) => {
    assert.ok(diff);
    forbidConnections(t);
    const olds: JobManagerRejoinedOutputs = { ...INPUTS, leader: "a-jm-1" };
    assert.equal((await settledImmediately(diff("a-jm-2", olds, INPUTS))).changes, false);
    assert.equal(
      (await diff("a-jm-2", olds, { ...INPUTS, triggers: ["container-b"] })).changes,
      true,
    );
    assert.equal((await diff("a-jm-2", olds, { ...INPUTS, sessionTimeoutMs: 2000 })).changes, true);
  });

  void it("create passes at once: a new cluster is waited for by its FlinkHaVerified gate", async (t) => {
    assert.ok(create);
    const connections = forbidConnections(t);
    assert.deepEqual(await settledImmediately(create(INPUTS)), {
      id: "a-jm-2",
      outs: { ...INPUTS, leader: "" },
    });
    assert.equal(connections.count(), 0);
  });

  void it("update passes at once on a new HA path: that is a new cluster", async (t) => {
    assert.ok(update);
    const connections = forbidConnections(t);
    const news = { ...INPUTS, haPath: "/flink/b" };
    const result = await settledImmediately(update("a-jm-2", { ...INPUTS, leader: "" }, news));
    assert.deepEqual(result, { outs: { ...news, leader: "" } });
    assert.equal(connections.count(), 0);
  });

  void it("update after a replacement waits out the session before asking, then fails naming the latch", async () => {
    assert.ok(update);
    // Nothing listens on port 1: every attempt fails, and the wait is bounded by the timeout.
    const news = { ...INPUTS, sessionTimeoutMs: 300, timeoutSeconds: 2, attemptTimeoutMs: 500 };
    const started = Date.now();
    await assert.rejects(update("a-jm-2", { ...INPUTS, leader: "" }, news), {
      message:
        /^2 JobManagers in leader election under \/flink\/a\/leader\/latch on 127\.0\.0\.1:1 was not ready after /,
    });
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 1500 && elapsed < 4000, `waited ${elapsed} ms`);
  });
});
