import assert from "node:assert/strict";
import * as net from "node:net";
import { after, before, describe, it } from "node:test";
import {
  serverRejoinedProvider,
  type ServerRejoinedInputs,
  type ServerRejoinedOutputs,
} from "../../src/gates/serverRejoinedProvider";
import { UNKNOWN } from "../../src/gates/unknowns";
import { forbidConnections, settledImmediately } from "../helpers/purity";

const INPUTS: ServerRejoinedInputs = {
  server: { name: "zk-1", host: "127.0.0.1", port: 1 },
  peers: [],
  timeoutSeconds: 180,
  intervalMs: 500,
  attemptTimeoutMs: 3000,
  triggers: ["container-a"],
};

/** A loopback stand-in for one ZooKeeper server: answers each `srvr` with the next answer. */
async function fakeServer(
  answers: string[],
): Promise<{ port: number; asked: () => number; close: () => Promise<void> }> {
  let asked = 0;
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    socket.once("data", () => {
      const answer = answers[Math.min(asked, answers.length - 1)] ?? "";
      asked++;
      socket.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    asked: () => asked,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}

// What ZooKeeper answers while it is up but outside a quorum, and once it serves.
const srvr = (mode?: string): string =>
  mode === undefined
    ? "This ZooKeeper instance is not currently serving requests\n"
    : `Zookeeper version: 3.8.4\nLatency min/avg/max: 0/0.0/0\nMode: ${mode}\nNode count: 5\n`;

void describe("serverRejoinedProvider", () => {
  const { check, diff, create, update } = serverRejoinedProvider;

  void it("check accepts valid and unknown inputs and names bad fields, without the network", async (t) => {
    assert.ok(check);
    const connections = forbidConnections(t);
    assert.deepEqual((await settledImmediately(check({}, INPUTS))).failures, []);
    const preview = { ...INPUTS, server: UNKNOWN, triggers: UNKNOWN };
    assert.deepEqual((await check({}, preview)).failures, []);
    const bad = { ...INPUTS, server: { name: "", host: "", port: 0 }, timeoutSeconds: 0 };
    assert.deepEqual(
      ((await check({}, bad)).failures ?? []).map((f) => f.property),
      ["server.name", "server.host", "server.port", "timeoutSeconds"],
    );
    assert.equal(connections.count(), 0);
  });

  void it("diff reports a change only when an input changed, such as a replaced container", async (t) => {
    assert.ok(diff);
    forbidConnections(t);
    const olds: ServerRejoinedOutputs = { ...INPUTS, mode: "follower" };
    assert.equal((await settledImmediately(diff("zk-1", olds, INPUTS))).changes, false);
    assert.equal(
      (await diff("zk-1", olds, { ...INPUTS, triggers: ["container-b"] })).changes,
      true,
    );
    assert.equal(
      (await diff("zk-1", olds, { ...INPUTS, triggers: UNKNOWN as never })).changes,
      true,
    );
  });

  void it("create passes at once without peers to ask", async (t) => {
    assert.ok(create);
    const connections = forbidConnections(t);
    assert.deepEqual(await settledImmediately(create(INPUTS)), {
      id: "zk-1",
      outs: { ...INPUTS, mode: "" },
    });
    assert.equal(connections.count(), 0);
  });

  void describe("create, with the other servers to ask", () => {
    let forming: Awaited<ReturnType<typeof fakeServer>>;
    let serving: Awaited<ReturnType<typeof fakeServer>>;
    let joining: Awaited<ReturnType<typeof fakeServer>>;

    before(async () => {
      forming = await fakeServer([srvr()]);
      serving = await fakeServer([srvr("leader")]);
      // Up but not following yet, then a (non-voting) follower of the running ensemble.
      joining = await fakeServer([srvr(), srvr("follower")]);
    });

    after(async () => {
      await forming.close();
      await serving.close();
      await joining.close();
    });

    const peer = (port: number) => ({ name: `peer-${port}`, host: "127.0.0.1", port });

    void it("passes at once while no other server runs yet: the ensemble is being created", async () => {
      assert.ok(create);
      // A port nothing listens on any more: a server whose container does not exist yet.
      const closed = await fakeServer([srvr()]);
      const port = closed.port;
      await closed.close();
      const news = { ...INPUTS, peers: [peer(port)] };
      const started = Date.now();
      assert.deepEqual(await create(news), { id: "zk-1", outs: { ...news, mode: "" } });
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    });

    void it("waits until the new server serves when another one does: it joins a running ensemble", async () => {
      assert.ok(create);
      const news = {
        ...INPUTS,
        server: { ...INPUTS.server, port: joining.port },
        peers: [peer(forming.port), peer(serving.port)],
        intervalMs: 50,
      };
      assert.deepEqual(await create(news), { id: "zk-1", outs: { ...news, mode: "follower" } });
      assert.equal(joining.asked(), 2);
    });
  });

  void it("update passes at once when the server was renamed: a new prefix is a new ensemble", async (t) => {
    assert.ok(update);
    const connections = forbidConnections(t);
    const news = { ...INPUTS, server: { ...INPUTS.server, name: "other-zk-1" } };
    const result = await settledImmediately(update("zk-1", { ...INPUTS, mode: "" }, news));
    assert.deepEqual(result, { outs: { ...news, mode: "" } });
    assert.equal(connections.count(), 0);
  });

  void describe("update, after the server's container was replaced", () => {
    let joining: Awaited<ReturnType<typeof fakeServer>>;
    let outside: Awaited<ReturnType<typeof fakeServer>>;

    before(async () => {
      // Up but not in the quorum twice (no Mode line), then following.
      joining = await fakeServer([srvr(), srvr(), srvr("follower")]);
      outside = await fakeServer([srvr()]);
    });

    after(async () => {
      await joining.close();
      await outside.close();
    });

    void it("waits until the server serves again and reports its mode", async () => {
      assert.ok(update);
      const news = { ...INPUTS, server: { ...INPUTS.server, port: joining.port }, intervalMs: 50 };
      const result = await update("zk-1", { ...INPUTS, mode: "" }, news);
      assert.deepEqual(result, { outs: { ...news, mode: "follower" } });
      assert.equal(joining.asked(), 3);
    });

    void it("fails after the timeout, naming the server and what it last answered", async () => {
      assert.ok(update);
      const news = {
        ...INPUTS,
        server: { ...INPUTS.server, port: outside.port },
        timeoutSeconds: 1,
        intervalMs: 200,
      };
      await assert.rejects(update("zk-1", { ...INPUTS, mode: "" }, news), {
        message: new RegExp(
          `^ZooKeeper server zk-1 \\(127\\.0\\.0\\.1:${outside.port}\\) serving in the quorum was not ready after 1 s \\(\\d+ attempts\\): This ZooKeeper instance is not currently serving requests$`,
        ),
      });
    });
  });
});
