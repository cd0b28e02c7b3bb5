import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type { FlinkHaVerifiedInputs } from "../../src/gates/flinkHaVerifiedProvider";
import { quorumReadyProvider, type QuorumReadyInputs } from "../../src/gates/quorumReadyProvider";
import { znodeProvider } from "../../src/gates/znodeProvider";
import type { QuorumServer } from "../../src/readiness/quorumServer";
import { withSession } from "../../src/readiness/sessionCheck";
import { parseSrvrMode, sendFourLetterWord } from "../../src/zookeeper/fourLetterWord";
import { requireDocker } from "../harness/dockerApi";
import { ZOOKEEPER_TEST_IMAGE } from "../harness/ensembleFixture";
import { FLINK_TEST_IMAGE, withoutProvider } from "../harness/flinkFixture";
import { LeaderPoll, missingSettled, SequentialWriter } from "../harness/membershipLoad";
import { type Checkpoints, PlacedFlink } from "../harness/placedFlink";
import { PlacedReplay } from "../harness/placedReplay";
import { listObjectKeys } from "../harness/s3Listing";
import { addressOf, TestHosts } from "../harness/testHosts";
import { recordModule, type Registration } from "../helpers/recordingMonitor";

const EXAMPLE = path.join(__dirname, "..", "..", "examples", "multi-host", "index.js");
const ROOT = "/multi-host-writes";
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resources of the recorded example that carry a label (the ZooKeeper or the Flink part). */
const labelled =
  (label: string) =>
  (registration: Registration): boolean =>
    ((registration.inputs["labels"] ?? []) as { label: string }[]).some((l) => l.label === label);

/** The keys of the store test/hosts/hosts.sh started: `S3_ENDPOINT`, `S3_ACCESS_KEY`, ... */
function storeSettings(): Record<string, string> {
  return Object.fromEntries(
    readFileSync("/run/zkha-hosts/store/s3.env", "utf8")
      .trim()
      .split("\n")
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

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

// The multi-host example, the program users run, recorded with the test hosts' ssh user, the
// test images and the store's S3 keys; its ZooKeeper servers and Flink cluster replayed each on
// its own host's engine over ssh://. A client writes numbered znodes and a Flink job checkpoints
// into the shared store throughout a partition, a host loss and a rolling replacement.
void describe("the multi-host example over three Docker hosts", { timeout: 1_800_000 }, () => {
  const hosts = new TestHosts();
  let replay: PlacedReplay;
  let servers: QuorumServer[];
  let gateInputs: QuorumReadyInputs;
  let registrations: Registration[];
  let flink: PlacedFlink;
  let jobId = "";
  /** The job's latest completed checkpoint seen before each fault, and what it restored from. */
  const checkpointHistory: { phase: string; latestCompleted: number; restored: number }[] = [];
  /** The writer and the leader poll, from the first test on. */
  let load: { writer: SequentialWriter; poll: LeaderPoll; running: Promise<unknown> } | undefined;
  const figures: string[] = [];

  function loaded(): NonNullable<typeof load> {
    assert.ok(load, "the writer did not start");
    return load;
  }

  /** The number (1-based) of the host a container runs on. */
  const hostOfContainer = (name: string): number => {
    const label = replay.of(name).engine.label;
    return [1, 2, 3].find((n) => label.endsWith(`@${addressOf(n)}`)) ?? 0;
  };

  async function zookeeperLeader(): Promise<QuorumServer> {
    for (let attempt = 0; attempt < 240; attempt++) {
      for (const server of servers) {
        if ((await modeOf(server)) === "leader") {
          return server;
        }
      }
      await sleep(250);
    }
    throw new Error("no ZooKeeper leader within 60 s");
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

  /**
   * What a fault of the Flink leader's host must leave: the JobManager on another host leads,
   * the job runs there restored from the latest checkpoint the store had (the counter does not
   * go back) and checkpoints again. Resolves the new leader and the seconds it took.
   */
  async function flinkTakesOver(
    phase: string,
    oldLeader: string,
    before: Checkpoints,
    started: number,
  ): Promise<{ leader: string; seconds: string }> {
    let leader = await flink.leader(180_000);
    for (let i = 0; i < 360 && leader === oldLeader; i++) {
      await sleep(500);
      leader = await flink.leader(180_000);
    }
    assert.notEqual(leader, oldLeader, "the leader's host is gone, yet it still leads");
    await flink.runningOn(leader, jobId, 180_000);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const after = await flink.checkpointAfter(leader, jobId, before.latestCompleted, 120_000);
    assert.ok(
      after.restored >= before.latestCompleted,
      `restored from checkpoint ${after.restored}, but ${before.latestCompleted} had completed`,
    );
    checkpointHistory.push({
      phase,
      latestCompleted: before.latestCompleted,
      restored: after.restored,
    });
    return { leader, seconds };
  }

  before(async () => {
    await hosts.up([ZOOKEEPER_TEST_IMAGE, FLINK_TEST_IMAGE]);
    for (const n of [1, 2, 3]) {
      await requireDocker([ZOOKEEPER_TEST_IMAGE, FLINK_TEST_IMAGE], hosts.engine(n));
    }
    const store = storeSettings();
    pulumi.runtime.setAllConfig(
      {
        "multi-host:sshUser": "root",
        "multi-host:zookeeperImage": ZOOKEEPER_TEST_IMAGE,
        "multi-host:flinkImage": FLINK_TEST_IMAGE,
        "multi-host:s3Endpoint": store["S3_ENDPOINT"] ?? "",
        "multi-host:s3AccessKey": store["S3_ACCESS_KEY"] ?? "",
        "multi-host:s3SecretKey": store["S3_SECRET_KEY"] ?? "",
        "multi-host:oozieImage": "not-replayed/oozie",
        "multi-host:oozieDbPassword": "not-replayed",
      },
      ["multi-host:oozieDbPassword", "multi-host:s3SecretKey"],
    );
    const monitor = await recordModule(EXAMPLE, { project: "multi-host" });
    registrations = monitor.registrations;
    gateInputs = monitor.byName("ha-zookeeper-quorum-ready").inputs as unknown as QuorumReadyInputs;
    servers = gateInputs.servers.map((s) => ({ ...s }));
    replay = new PlacedReplay((host) => hosts.engineFor(host));
    // The graph's order: the ensemble, its quorum, the Flink HA path, then Flink.
    await replay.applyAll(registrations, labelled("pulumi-zk-ha.ensemble"));
    await quorumReadyProvider.create({ ...gateInputs, timeoutSeconds: 120 });
    await znodeProvider.create(withoutProvider(monitor.byName("ha-flink-ha-znode").inputs));
    await replay.applyAll(registrations, labelled("pulumi-zk-ha.flink-cluster"));
    flink = new PlacedFlink(
      registrations,
      replay,
      withoutProvider(
        monitor.byName("ha-flink-ha-verified").inputs,
      ) as unknown as FlinkHaVerifiedInputs,
    );
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
      servers.map((s) => `${s.name} ${s.host}:${s.port} on host ${hostOfContainer(s.name)}`),
      [
        "multi-host-test-ha-zk-1 10.20.0.11:2181 on host 1",
        "multi-host-test-ha-zk-2 10.20.0.12:2181 on host 2",
        "multi-host-test-ha-zk-3 10.20.0.13:2181 on host 3",
      ],
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

  void it("runs Flink with JobManagers on hosts 1 and 2, TaskManagers on 2 and 3, and its HA state in the shared store", async () => {
    assert.deepEqual(
      [
        ...flink.jobManagers.map((j) => j.name),
        "multi-host-test-ha-flink-tm-1",
        "multi-host-test-ha-flink-tm-2",
      ].map((name) => `${name} on host ${hostOfContainer(name)}`),
      [
        "multi-host-test-ha-flink-jm-1 on host 1",
        "multi-host-test-ha-flink-jm-2 on host 2",
        "multi-host-test-ha-flink-tm-1 on host 2",
        "multi-host-test-ha-flink-tm-2 on host 3",
      ],
    );
    jobId = await flink.submitJob();
    const leader = await flink.leader();
    await flink.checkpointAfter(leader, jobId, 0, 120_000);
    assert.equal(await flink.allInElection(120_000), leader);
    // The job (its execution plan, as Flink 2 names it) and its checkpoint metadata are objects
    // in the store, not files on one host.
    const store = storeSettings();
    const stored = await listObjectKeys(
      {
        endpoint: store["S3_ENDPOINT"] ?? "",
        accessKey: store["S3_ACCESS_KEY"] ?? "",
        secretKey: store["S3_SECRET_KEY"] ?? "",
      },
      "flink-ha",
      "recovery/",
    );
    assert.ok(
      stored.some(
        (file) =>
          file.startsWith("recovery/") && /submittedExecutionPlan|submittedJobGraph/.test(file),
      ),
      stored.join(", "),
    );
    assert.ok(
      stored.some((file) => /completedCheckpoint/i.test(file)),
      stored.join(", "),
    );
  });

  void it("partition: the cut host's ZooKeeper server stops serving, a JobManager elsewhere takes the job over, and all rejoin on heal", async () => {
    assert.ok(jobId, "no job to watch: the Flink test did not start one");
    const flinkLeader = await flink.leader();
    const n = hostOfContainer(flinkLeader);
    const cut = servers[n - 1];
    assert.ok(cut);
    const before = await flink.checkpoints(flinkLeader, jobId);
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
      const zkLeader = await zookeeperLeader();
      assert.notEqual(zkLeader.name, cut.name);
      await writesResumed(started);
      const during = window(started, Date.now());
      const takeover = await flinkTakesOver("partition", flinkLeader, before, started);
      healed = Date.now();
      await hosts.heal(n);
      const back = await waitForMode(cut, serving, 60_000);
      await flink.allInElection(180_000);
      figures.push(
        `partition of host ${n}: ${cut.name} stopped serving after ${ms(stepped.afterMs)}, writes paused at most ` +
          `${ms(during.longestGapMs)}; Flink: ${takeover.leader} led and ran the job again ${takeover.seconds} s ` +
          `after the cut, restored from checkpoint ${checkpointHistory.at(-1)?.restored ?? 0} ` +
          `(${before.latestCompleted} completed before); all back ${ms(Date.now() - healed)} after the heal (${cut.name} as ${back.mode})`,
      );
    } finally {
      if (healed === 0) {
        await hosts.heal(n);
      }
    }
  });

  void it("host loss: the Flink leader's host goes down, the others keep ZooKeeper and the job, and all rejoin when it boots", async () => {
    assert.ok(jobId, "no job to watch: the Flink test did not start one");
    const flinkLeader = await flink.leader();
    const n = hostOfContainer(flinkLeader);
    const lost = servers[n - 1];
    assert.ok(lost);
    const before = await flink.checkpoints(flinkLeader, jobId);
    const started = Date.now();
    await hosts.crash(n);
    let booted = 0;
    try {
      const zkLeader = await zookeeperLeader();
      assert.notEqual(zkLeader.name, lost.name);
      await writesResumed(started);
      const during = window(started, Date.now());
      const takeover = await flinkTakesOver("host loss", flinkLeader, before, started);
      booted = Date.now();
      // No deployment: the engine starts the containers again (restart: unless-stopped).
      await hosts.boot(n);
      const back = await waitForMode(lost, serving, 90_000);
      await flink.allInElection(180_000);
      figures.push(
        `loss of host ${n}: writes paused at most ${ms(during.longestGapMs)}; Flink: ${takeover.leader} led and ` +
          `ran the job again ${takeover.seconds} s after the loss, restored from checkpoint ` +
          `${checkpointHistory.at(-1)?.restored ?? 0} (${before.latestCompleted} completed before); ` +
          `all back ${ms(Date.now() - booted)} after the host booted (${lost.name} as ${back.mode})`,
      );
    } finally {
      if (booted === 0) {
        await hosts.boot(n);
      }
    }
  });

  void it("rolling replacement: each ZooKeeper server replaced on its host and back before the next, the job running on", async () => {
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
    await flink.runningOn(await flink.leader(), jobId, 120_000);
  });

  void it("lost no acknowledged write, kept their order, never had two leaders of one epoch, and the job's checkpoints never went back", async () => {
    const { writer, poll, running } = loaded();
    writer.stop();
    poll.stop();
    await running;
    const missing = await Promise.all(
      servers.map(
        async (s) => [s.name, await missingSettled(s, ROOT, writer.acknowledged)] as const,
      ),
    );
    const leader = await flink.leader();
    const final = await flink.checkpoints(leader, jobId);
    figures.push(
      `${writer.acknowledged.length} writes acknowledged, ${writer.failed} not (${writer.reconnects} given up on a silent server); ` +
        `missing per server (first read, settled): ${JSON.stringify(Object.fromEntries(missing))}; ` +
        `two leaders of one epoch in ${poll.sameEpochLeaderSamples.length} of ${poll.rounds} polls; ` +
        `Flink checkpoints ${JSON.stringify(checkpointHistory)}, latest ${final.latestCompleted}`,
    );
    for (const [name, counts] of missing) {
      assert.equal(counts.last, 0, `${name} lacks acknowledged writes`);
    }
    assert.deepEqual(writer.outOfOrder(), []);
    assert.deepEqual(poll.sameEpochLeaderSamples, []);
    assert.ok(writer.acknowledged.length > 100, `only ${writer.acknowledged.length} writes`);
    assert.equal(checkpointHistory.length, 2);
    for (const step of checkpointHistory) {
      assert.ok(step.restored >= step.latestCompleted, JSON.stringify(step));
    }
    assert.ok(final.latestCompleted > (checkpointHistory.at(-1)?.restored ?? 0));
  });
});

function ms(value: number): string {
  return `${(value / 1000).toFixed(1)} s`;
}
