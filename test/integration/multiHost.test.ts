import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { quorumReadyProvider, type QuorumReadyInputs } from "../../src/gates/quorumReadyProvider";
import type { QuorumServer } from "../../src/readiness/quorumServer";
import { withSession } from "../../src/readiness/sessionCheck";
import { parseSrvrMode, sendFourLetterWord } from "../../src/zookeeper/fourLetterWord";
import { ZOOKEEPER_TEST_IMAGE } from "../harness/ensembleFixture";
import { LeaderPoll, missingSettled, SequentialWriter } from "../harness/membershipLoad";
import { carriesLabel, PlacedReplay } from "../harness/placedReplay";
import { addressOf, TestHosts } from "../harness/testHosts";
import { recordModule, type Registration } from "../helpers/recordingMonitor";

const EXAMPLE = path.join(__dirname, "..", "..", "examples", "multi-host", "index.js");
const ROOT = "/multi-host-writes";
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The mode `srvr` reports (leader, follower), or why there is none. */
async function modeOf(server: QuorumServer): Promise<string> {
  const answer = await sendFourLetterWord(server.host, server.port, "srvr", 2000).catch(
    (error: unknown) => `error: ${String(error)}`,
  );
  return parseSrvrMode(answer) ?? (answer.trim().split("\n")[0] || "no answer");
}

async function waitForMode(
  server: QuorumServer,
  accept: (mode: string) => boolean,
  timeoutMs: number,
): Promise<{ mode: string; afterMs: number }> {
  const started = Date.now();
  let mode = await modeOf(server);
  while (!accept(mode) && Date.now() - started < timeoutMs) {
    await sleep(250);
    mode = await modeOf(server);
  }
  assert.ok(accept(mode), `${server.name}: ${mode} after ${timeoutMs} ms`);
  return { mode, afterMs: Date.now() - started };
}

const serving = (mode: string): boolean => mode === "leader" || mode === "follower";

// The multi-host example, the program users run, recorded with the test hosts' ssh user and
// image, its ZooKeeper servers replayed each on its own host's engine over ssh://. A client
// writes numbered znodes throughout a partition, a host loss and a rolling replacement.
void describe("the multi-host example over three Docker hosts", { timeout: 1_200_000 }, () => {
  const hosts = new TestHosts();
  let replay: PlacedReplay;
  let servers: QuorumServer[];
  let gateInputs: QuorumReadyInputs;
  let registrations: Registration[];
  /** The writer and the leader poll, from the first test on. */
  let load: { writer: SequentialWriter; poll: LeaderPoll; running: Promise<unknown> } | undefined;
  const figures: string[] = [];

  function loaded(): NonNullable<typeof load> {
    assert.ok(load, "the writer did not start");
    return load;
  }

  /** The number (1-based) of the host a server's container runs on. */
  const hostOf = (server: QuorumServer): number =>
    [1, 2, 3].find((n) => addressOf(n) === server.host) ?? 0;

  async function leader(): Promise<QuorumServer> {
    for (let attempt = 0; attempt < 120; attempt++) {
      for (const server of servers) {
        if ((await modeOf(server)) === "leader") {
          return server;
        }
      }
      await sleep(250);
    }
    throw new Error("no leader within 30 s");
  }

  /** Acknowledged writes meanwhile and the longest gap between two: what a client saw. */
  function window(from: number, to: number): { acknowledged: number; longestGapMs: number } {
    const { writer } = loaded();
    return {
      acknowledged: writer.acknowledged.filter((a) => a.at >= from && a.at <= to).length,
      longestGapMs: writer.longestGapMs(from, to),
    };
  }

  /** Waits (at most 60 s) for 20 writes acknowledged after `since`: the clients' view of recovery. */
  async function writesResumed(since: number): Promise<void> {
    const { writer } = loaded();
    const deadline = Date.now() + 60_000;
    const after = (): number => writer.acknowledged.filter((a) => a.at > since).length;
    while (after() < 20 && Date.now() < deadline) {
      await sleep(250);
    }
    assert.ok(after() >= 20, `${after()} writes acknowledged in the 60 s after the fault`);
  }

  before(async () => {
    await hosts.up([ZOOKEEPER_TEST_IMAGE]);
    pulumi.runtime.setAllConfig(
      {
        "multi-host:sshUser": "root",
        "multi-host:zookeeperImage": ZOOKEEPER_TEST_IMAGE,
        "multi-host:oozieImage": "not-replayed/oozie",
        "multi-host:oozieDbPassword": "not-replayed",
      },
      ["multi-host:oozieDbPassword"],
    );
    const monitor = await recordModule(EXAMPLE, { project: "multi-host" });
    registrations = monitor.registrations;
    gateInputs = monitor.byName("ha-zookeeper-quorum-ready").inputs as unknown as QuorumReadyInputs;
    servers = gateInputs.servers.map((s) => ({ ...s }));
    replay = new PlacedReplay((host) => hosts.engineFor(host));
    await replay.applyAll(registrations, carriesLabel("pulumi-zk-ha.ensemble"));
  });

  after(async () => {
    try {
      if (load) {
        load.writer.stop();
        load.poll.stop();
        // Bounded: a writer without a live server would wait for one forever.
        await Promise.race([load.running, sleep(30_000)]);
        load.writer.close();
      }
      if (figures.length > 0) {
        console.log(`# ${figures.join("\n# ")}`);
      }
    } finally {
      await hosts.down();
    }
  });

  void it("puts each server on its own host and forms one quorum across the network", async () => {
    assert.deepEqual(
      servers.map((s) => `${s.name} ${s.host}:${s.port}`),
      [
        "multi-host-test-ha-zk-1 10.20.0.11:2181",
        "multi-host-test-ha-zk-2 10.20.0.12:2181",
        "multi-host-test-ha-zk-3 10.20.0.13:2181",
      ],
    );
    for (const [index, server] of servers.entries()) {
      const state = await replay.of(server.name).inspectState(server.name);
      assert.equal(state.Running, true, server.name);
      assert.equal(replay.of(server.name).engine.label, `ssh://root@${addressOf(index + 1)}`);
    }
    const outs = (await quorumReadyProvider.create({ ...gateInputs, timeoutSeconds: 120 }))
      .outs as { leader: string; serving: string[] };
    assert.ok(
      servers.some((s) => s.name === outs.leader),
      outs.leader,
    );
    for (const server of servers) {
      await waitForMode(server, serving, 60_000);
    }
    // A write unanswered for 6 s gives up on its server, as the Java client's read timeout
    // (two thirds of the 10 s session) does.
    const writer = new SequentialWriter(
      servers.map((s) => `${s.host}:${s.port}`).join(","),
      ROOT,
      200_000,
      6000,
    );
    const poll = new LeaderPoll(servers, 250);
    load = { writer, poll, running: Promise.allSettled([writer.run(), poll.run()]) };
    await sleep(2000);
    assert.ok(writer.acknowledged.length > 0, "the writer has written nothing in 2 s");
  });

  void it("partition: the cut host's server stops serving, the others keep a quorum, and it rejoins on heal", async () => {
    const cut = await leader();
    const n = hostOf(cut);
    const started = Date.now();
    await hosts.partition(n);
    let healed = 0;
    try {
      // The cut server, still reachable from here, must not serve: it has no majority.
      const stepped = await waitForMode(cut, (mode) => !serving(mode), 30_000);
      await assert.rejects(
        withSession(`${cut.host}:${cut.port}`, 3000, () => Promise.resolve()),
        /no session/,
      );
      const newLeader = await leader();
      assert.notEqual(newLeader.name, cut.name);
      await writesResumed(started);
      const during = window(started, Date.now());
      for (const server of servers.filter((s) => s !== cut)) {
        assert.ok(serving(await modeOf(server)), server.name);
      }
      healed = Date.now();
      await hosts.heal(n);
      const back = await waitForMode(cut, serving, 60_000);
      figures.push(
        `partition of host ${n} (${cut.name}, the leader): it stopped serving after ${ms(stepped.afterMs)}, ` +
          `${newLeader.name} led; writes paused at most ${ms(during.longestGapMs)}; ` +
          `back as ${back.mode} ${ms(back.afterMs)} after the heal`,
      );
    } finally {
      if (healed === 0) {
        await hosts.heal(n);
      }
    }
  });

  void it("host loss: the lost host's server is gone, the others keep a quorum, and it rejoins when the host boots", async () => {
    const lost = await leader();
    const n = hostOf(lost);
    const started = Date.now();
    await hosts.crash(n);
    let booted = 0;
    try {
      const newLeader = await leader();
      assert.notEqual(newLeader.name, lost.name);
      await writesResumed(started);
      const during = window(started, Date.now());
      booted = Date.now();
      // No deployment: the engine starts the container again (restart: unless-stopped).
      await hosts.boot(n);
      const back = await waitForMode(lost, serving, 90_000);
      figures.push(
        `loss of host ${n} (${lost.name}, the leader): ${newLeader.name} led; writes paused at most ` +
          `${ms(during.longestGapMs)}; back as ${back.mode} ${ms(Date.now() - booted)} after the host booted`,
      );
    } finally {
      if (booted === 0) {
        await hosts.boot(n);
      }
    }
  });

  void it("rolling replacement: each server replaced on its host and back before the next", async () => {
    for (const server of servers) {
      const inputs = registrations.find(
        (r) => r.type === "docker:index/container:Container" && r.inputs["name"] === server.name,
      )?.inputs;
      assert.ok(inputs, server.name);
      const started = Date.now();
      const onHost = replay.of(server.name);
      await onHost.removeContainer(server.name);
      await onHost.createContainer(inputs);
      const back = await waitForMode(server, serving, 90_000);
      const during = window(started, Date.now());
      figures.push(
        `replacement of ${server.name}: back as ${back.mode} after ${ms(Date.now() - started)}; ` +
          `writes paused at most ${ms(during.longestGapMs)}`,
      );
    }
  });

  void it("lost no acknowledged write, kept their order, and never had two leaders of one epoch", async () => {
    const { writer, poll, running } = loaded();
    writer.stop();
    poll.stop();
    await running;
    const missing = await Promise.all(
      servers.map(
        async (s) => [s.name, await missingSettled(s, ROOT, writer.acknowledged)] as const,
      ),
    );
    figures.push(
      `${writer.acknowledged.length} writes acknowledged, ${writer.failed} not (${writer.reconnects} given up on a silent server); missing per server ` +
        `(first read, settled): ${JSON.stringify(Object.fromEntries(missing))}; ` +
        `two leaders of one epoch in ${poll.sameEpochLeaderSamples.length} of ${poll.rounds} polls`,
    );
    for (const [name, counts] of missing) {
      assert.equal(counts.last, 0, `${name} lacks acknowledged writes`);
    }
    assert.deepEqual(writer.outOfOrder(), []);
    assert.deepEqual(poll.sameEpochLeaderSamples, []);
    assert.ok(writer.acknowledged.length > 100, `only ${writer.acknowledged.length} writes`);
  });
});

function ms(value: number): string {
  return `${(value / 1000).toFixed(1)} s`;
}
