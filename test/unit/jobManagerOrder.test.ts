import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { replacedBefore, replacementOrder } from "../../src/flink/replacementOrder";
import {
  jobManagerOrderProvider,
  type JobManagerOrderInputs,
  type JobManagerOrderOutputs,
} from "../../src/gates/jobManagerOrderProvider";
import { UNKNOWN } from "../../src/gates/unknowns";
import { forbidConnections, settledImmediately } from "../helpers/purity";

const NAMES = ["a-jm-1", "a-jm-2", "a-jm-3"];

// Nothing listens on port 1 of the loopback address: every attempt is refused at once.
const INPUTS: JobManagerOrderInputs = {
  connectString: "127.0.0.1:1",
  haPath: "/flink/a",
  jobManagers: NAMES.map((name) => ({ name, alias: name })),
  timeoutSeconds: 1,
  intervalMs: 200,
  attemptTimeoutMs: 300,
  triggers: ["digest-1", "digest-2", "digest-3"],
};

void describe("replacementOrder", () => {
  void it("puts the leader last, the standbys before it highest index first", () => {
    assert.deepEqual(replacementOrder(NAMES, "a-jm-3"), ["a-jm-2", "a-jm-1", "a-jm-3"]);
    assert.deepEqual(replacementOrder(NAMES, "a-jm-2"), ["a-jm-3", "a-jm-1", "a-jm-2"]);
    assert.deepEqual(replacementOrder(NAMES, "a-jm-1"), ["a-jm-3", "a-jm-2", "a-jm-1"]);
  });

  void it("without a leader, or with one it does not know, goes highest index first", () => {
    assert.deepEqual(replacementOrder(NAMES), ["a-jm-3", "a-jm-2", "a-jm-1"]);
    assert.deepEqual(replacementOrder(NAMES, "b-jm-1"), ["a-jm-3", "a-jm-2", "a-jm-1"]);
    assert.deepEqual(replacementOrder(["a-jm-1"], "a-jm-1"), ["a-jm-1"]);
  });

  void it("names the JobManager replaced just before each one", () => {
    const order = ["a-jm-2", "a-jm-1", "a-jm-3"];
    assert.equal(replacedBefore(order, "a-jm-2"), undefined);
    assert.equal(replacedBefore(order, "a-jm-1"), "a-jm-2");
    assert.equal(replacedBefore(order, "a-jm-3"), "a-jm-1");
    assert.equal(replacedBefore(order, "a-jm-9"), undefined);
  });
});

void describe("jobManagerOrderProvider", () => {
  const { check, diff, create, update } = jobManagerOrderProvider;

  void it("check accepts valid and unknown inputs and names bad fields, without the network", async (t) => {
    assert.ok(check);
    const connections = forbidConnections(t);
    assert.deepEqual((await settledImmediately(check({}, INPUTS))).failures, []);
    const preview = { ...INPUTS, connectString: UNKNOWN, triggers: UNKNOWN };
    assert.deepEqual((await check({}, preview)).failures, []);
    const bad = { ...INPUTS, haPath: "flink", jobManagers: [], timeoutSeconds: 0 };
    assert.deepEqual(
      ((await check({}, bad)).failures ?? []).map((f) => f.property),
      ["haPath", "jobManagers", "timeoutSeconds"],
    );
    assert.equal(connections.count(), 0);
  });

  void it("diff reports a change when a JobManager's digest changed, and not otherwise", async (t) => {
    assert.ok(diff);
    forbidConnections(t);
    const olds: JobManagerOrderOutputs = { ...INPUTS, order: NAMES, leader: "a-jm-1" };
    assert.equal((await settledImmediately(diff("/flink/a", olds, INPUTS))).changes, false);
    const changed = { ...INPUTS, triggers: ["digest-1", "digest-2b", "digest-3"] };
    assert.equal((await diff("/flink/a", olds, changed)).changes, true);
    const preview = { ...INPUTS, triggers: [UNKNOWN, "digest-2", "digest-3"] };
    assert.equal((await diff("/flink/a", olds, preview)).changes, true);
  });

  void it("create and update fall back to index order when no leader can be read, without failing", async () => {
    assert.ok(update);
    const created = await create(INPUTS);
    assert.deepEqual(created, {
      id: "/flink/a",
      outs: { ...INPUTS, order: ["a-jm-3", "a-jm-2", "a-jm-1"], leader: "" },
    });
    const startedAt = Date.now();
    const updated = await update("/flink/a", created.outs, INPUTS);
    assert.deepEqual(updated.outs, created.outs);
    // It looked for a leader for timeoutSeconds (less the last pause), no longer.
    const waited = Date.now() - startedAt;
    assert.ok(waited >= 700 && waited < 3000, `${waited} ms`);
  });
});
