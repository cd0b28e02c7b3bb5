import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import {
  taskManagerRejoinedProvider,
  type TaskManagerRejoinedInputs,
  type TaskManagerRejoinedOutputs,
} from "../../src/gates/taskManagerRejoinedProvider";
import { UNKNOWN } from "../../src/gates/unknowns";
import { registeredProcess } from "../../src/readiness/taskManagerRegisteredCheck";
import { forbidConnections, settledImmediately } from "../helpers/purity";

const listing = (...ids: string[]): string =>
  JSON.stringify({ taskmanagers: ids.map((id) => ({ id, slotsNumber: 2 })) });

void describe("registeredProcess", () => {
  void it("passes on a process of the TaskManager that was not registered before", () => {
    const body = listing("a-tm-1:41000-aaaaaa", "a-tm-2:41000-bbbbbb");
    assert.deepEqual(registeredProcess(body, "a-tm-1:", []), {
      ready: true,
      value: "a-tm-1:41000-aaaaaa",
    });
    const both = listing("a-tm-1:41000-aaaaaa", "a-tm-1:42000-cccccc");
    assert.deepEqual(registeredProcess(both, "a-tm-1:", ["a-tm-1:41000-aaaaaa"]), {
      ready: true,
      value: "a-tm-1:42000-cccccc",
    });
  });

  void it("waits while only the replaced process, or none, is registered", () => {
    assert.deepEqual(
      registeredProcess(listing("a-tm-1:41000-aaaaaa"), "a-tm-1:", ["a-tm-1:41000-aaaaaa"]),
      { ready: false, reason: "only the replaced process a-tm-1:41000-aaaaaa is registered" },
    );
    // a-tm-10 is another TaskManager: the prefix ends at the colon.
    assert.deepEqual(registeredProcess(listing("a-tm-10:41000-dddddd"), "a-tm-1:", []), {
      ready: false,
      reason: "no TaskManager a-tm-1:… among the 1 registered",
    });
    assert.deepEqual(registeredProcess("<html>", "a-tm-1:", []), {
      ready: false,
      reason: "not a list of TaskManagers: <html>",
    });
  });

  void it("tells placed TaskManagers on one host apart by their fixed RPC port", () => {
    const body = listing("10.0.0.2:6200-aaaaaa", "10.0.0.2:6201-bbbbbb");
    assert.deepEqual(registeredProcess(body, "10.0.0.2:6201-", []), {
      ready: true,
      value: "10.0.0.2:6201-bbbbbb",
    });
  });
});

void describe("taskManagerRejoinedProvider", () => {
  const { check, diff, create, update } = taskManagerRejoinedProvider;
  // A REST endpoint on the loopback address standing in for a JobManager's, whose listing the
  // test sets; the first URL refuses, as a JobManager being replaced does.
  let registered: string[] = [];
  const server = http.createServer((request, response) => {
    response.writeHead(request.url === "/taskmanagers" ? 200 : 404);
    response.end(listing(...registered));
  });
  let inputs: TaskManagerRejoinedInputs;

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    inputs = {
      restUrls: ["http://127.0.0.1:1", `http://127.0.0.1:${port}`],
      taskManager: "a-flink-tm-1",
      processPrefix: "a-flink-tm-1:",
      timeoutSeconds: 2,
      intervalMs: 100,
      attemptTimeoutMs: 500,
      triggers: ["container-a"],
    };
  });

  after(() => {
    server.close();
  });

  void it("check accepts valid and unknown inputs and names bad fields, without the network", async (t) => {
    assert.ok(check);
    const connections = forbidConnections(t);
    assert.deepEqual((await settledImmediately(check({}, inputs))).failures, []);
    const preview = { ...inputs, restUrls: [UNKNOWN], processPrefix: UNKNOWN, triggers: UNKNOWN };
    assert.deepEqual((await check({}, preview)).failures, []);
    const bad = { ...inputs, restUrls: ["127.0.0.1:8081"], processPrefix: "", intervalMs: 0 };
    assert.deepEqual(
      ((await check({}, bad)).failures ?? []).map((f) => f.property),
      ["restUrls", "processPrefix", "intervalMs"],
    );
    assert.equal(connections.count(), 0);
  });

  void it("diff reports a change only when an input changed, such as a replaced container", async (t) => {
    assert.ok(diff);
    forbidConnections(t);
    const olds: TaskManagerRejoinedOutputs = { ...inputs, process: "a-flink-tm-1:41000-aaaaaa" };
    assert.equal((await settledImmediately(diff("a-flink-tm-1", olds, inputs))).changes, false);
    const replaced = { ...inputs, triggers: ["container-b"] };
    assert.equal((await diff("a-flink-tm-1", olds, replaced)).changes, true);
  });

  void it("create waits for the TaskManager's process and keeps its id", async () => {
    registered = ["a-flink-tm-2:41000-bbbbbb"];
    setTimeout(() => {
      registered = ["a-flink-tm-2:41000-bbbbbb", "a-flink-tm-1:41000-aaaaaa"];
    }, 300);
    const created = await create(inputs);
    assert.deepEqual(created, {
      id: "a-flink-tm-1",
      outs: { ...inputs, process: "a-flink-tm-1:41000-aaaaaa" },
    });
  });

  void it("update passes on the new process, not on the replaced one's entry", async () => {
    assert.ok(update);
    const olds: TaskManagerRejoinedOutputs = { ...inputs, process: "a-flink-tm-1:41000-aaaaaa" };
    const news = { ...inputs, triggers: ["container-b"] };
    registered = ["a-flink-tm-1:41000-aaaaaa"];
    setTimeout(() => {
      registered = ["a-flink-tm-1:41000-aaaaaa", "a-flink-tm-1:43000-cccccc"];
    }, 300);
    assert.deepEqual((await update("a-flink-tm-1", olds, news)).outs, {
      ...news,
      process: "a-flink-tm-1:43000-cccccc",
    });
  });

  void it("update fails after timeoutSeconds while only the replaced process is registered, saying so", async () => {
    assert.ok(update);
    const olds: TaskManagerRejoinedOutputs = { ...inputs, process: "a-flink-tm-1:41000-aaaaaa" };
    registered = ["a-flink-tm-1:41000-aaaaaa"];
    await assert.rejects(
      update("a-flink-tm-1", olds, { ...inputs, triggers: ["container-b"] }),
      /a new TaskManager process a-flink-tm-1:… registered with the ResourceManager .*only the replaced process a-flink-tm-1:41000-aaaaaa is registered/,
    );
  });
});
