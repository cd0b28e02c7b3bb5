import assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type { FlinkHaVerifiedInputs } from "../../src/gates/flinkHaVerifiedProvider";
import { quorumReadyProvider, type QuorumReadyInputs } from "../../src/gates/quorumReadyProvider";
import { znodeProvider } from "../../src/gates/znodeProvider";
import type { QuorumServer } from "../../src/readiness/quorumServer";
import { withSession } from "../../src/readiness/sessionCheck";
import { requireDocker } from "../harness/dockerApi";
import { ZOOKEEPER_TEST_IMAGE } from "../harness/ensembleFixture";
import { FLINK_TEST_IMAGE, withoutProvider } from "../harness/flinkFixture";
import { LeaderPoll, missingSettled, SequentialWriter } from "../harness/membershipLoad";
import { OOZIE_IMAGE, POSTGRES_TEST_IMAGE } from "../harness/oozieFixture";
import { type Checkpoints, PlacedFlink } from "../harness/placedFlink";
import {
  type OozieServing,
  placedOozieServers,
  type PlacedOozieServer,
  waitUntilServing,
} from "../harness/placedOozie";
import { carriesLabel, PlacedReplay } from "../harness/placedReplay";
import { listObjectKeys } from "../harness/s3Listing";
import { addressOf, TestHosts } from "../harness/testHosts";
import { leaderOf, serving, waitForMode } from "../harness/zookeeperModes";
import { recordModule, type Registration } from "../helpers/recordingMonitor";

const EXAMPLE = path.join(__dirname, "..", "..", "examples", "multi-host", "index.js");
const ROOT = "/multi-host-writes";
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (value: number): string => `${(value / 1000).toFixed(1)} s`;
/**
 * How long the ensemble may go without a leader after losing one. These engines run without
 * iptables, so a published port is served by docker-proxy, which accepts a connection before the
 * container listens: a follower that dials a just-elected leader that early reads EOF and starts
 * a new election, and the leader waits initLimit (20 s) for followers before it gives up.
 * Observed: 1.7 to 82 s.
 */
const RACED_ELECTION_MS = 150_000;

/** The job's checkpoints around one fault: the latest before it and what it ran from after. */
interface CheckpointStep {
  readonly fault: string;
  readonly latestBefore: number;
  readonly restored: number;
  readonly restoredDuringFault: boolean;
}

// The multi-host example, the program users run, recorded with the test hosts' ssh user, the
// test images, the store's S3 keys and the database beside the hosts, and replayed each part on
// its own host's engine over ssh://: ZooKeeper servers on three hosts, JobManagers on hosts 1
// and 2, TaskManagers on 2 and 3, Oozie servers on 2 and 3. A client writes numbered znodes and
// a Flink job checkpoints into the shared store throughout a partition, a host loss and a
// rolling replacement of the ZooKeeper servers.
void describe("the multi-host example over three Docker hosts", { timeout: 1_800_000 }, () => {
  const hosts = new TestHosts();
  let replay: PlacedReplay;
  let registrations: Registration[];
  let servers: QuorumServer[];
  let flink: PlacedFlink;
  let oozie: PlacedOozieServer[];
  let jobId = "";
  const checkpointSteps: CheckpointStep[] = [];
  /** The writer and the leader poll, from the first test on. */
  let load: { writer: SequentialWriter; poll: LeaderPoll; running: Promise<unknown> } | undefined;
  const figures: string[] = [];

  function loaded(): NonNullable<typeof load> {
    assert.ok(load, "the writer did not start");
    return load;
  }

  /** The number (1-based) of the host a container runs on. */
  const hostOf = (containerName: string): number => {
    const label = replay.of(containerName).engine.label;
    return [1, 2, 3].find((n) => label === `ssh://root@${addressOf(n)}`) ?? 0;
  };

  /**
   * The longest time between two acknowledged writes meanwhile (what a client saw) and the
   * longest time no server said it led (what the ensemble did).
   */
  const paused = (from: number, to: number): string =>
    `writes paused at most ${ms(loaded().writer.longestGapMs(from, to))}, ` +
    `no leader for at most ${ms(loaded().poll.longestLeaderlessWithin(from, to))}`;

  /**
   * Waits (at most 150 s) for 20 writes acknowledged after `since`: the clients' view of
   * recovery. Not sooner: see {@link RACED_ELECTION_MS}.
   */
  async function writesResumed(since: number): Promise<void> {
    const { writer } = loaded();
    const deadline = Date.now() + RACED_ELECTION_MS;
    const after = (): number => writer.acknowledged.filter((a) => a.at > since).length;
    while (after() < 20 && Date.now() < deadline) {
      await sleep(250);
    }
    assert.ok(after() >= 20, `${after()} writes acknowledged in the 150 s after the fault`);
  }

  /**
   * Flink after host `n` failed: a JobManager on another host leads, the job runs there and
   * checkpoints again, and if it was restored meanwhile (it must have been when the leader was
   * on host `n`), it was from a checkpoint no older than the latest one before the fault: its
   * counter did not go back. Resolves the leader and when the job ran again.
   */
  async function flinkRunsWithout(
    fault: string,
    n: number,
    before: Checkpoints & { leader: string },
    started: number,
  ): Promise<{ leader: string; runningAfterMs: number }> {
    let leader = await flink.leader(180_000);
    for (let i = 0; i < 360 && hostOf(leader) === n; i++) {
      await sleep(500);
      leader = await flink.leader(180_000);
    }
    assert.notEqual(hostOf(leader), n, `${leader} on the failed host ${n} still leads`);
    await flink.runningOn(leader, jobId, 180_000);
    const runningAfterMs = Date.now() - started;
    const after = await flink.checkpointAfter(leader, jobId, before.latestCompleted, 120_000);
    const step = {
      fault,
      latestBefore: before.latestCompleted,
      restored: after.restored,
      restoredDuringFault: after.restoredAt >= started,
    };
    checkpointSteps.push(step);
    if (hostOf(before.leader) === n) {
      assert.ok(
        step.restoredDuringFault,
        `not restored on the new leader: ${JSON.stringify(step)}`,
      );
    }
    if (step.restoredDuringFault) {
      assert.ok(step.restored >= step.latestBefore, JSON.stringify(step));
    }
    return { leader, runningAfterMs };
  }

  /** Each Oozie server not on host `n` serves: NORMAL, registered, its database answering. */
  async function oozieServesWithout(n: number): Promise<string> {
    const others = oozie.filter((server) => hostOf(server.name) !== n);
    assert.ok(others.length > 0, `every Oozie server is on host ${n}`);
    const answers = await Promise.all(others.map((s) => waitUntilServing(s, undefined, 60_000)));
    return others
      .map((s, i) => `${s.name} (${answers[i]?.available.length} registered)`)
      .join(", ");
  }

  /** After a heal or boot: every server, JobManager and Oozie server back, without a deployment. */
  async function allRejoin(): Promise<void> {
    for (const server of servers) {
      await waitForMode(server, serving, RACED_ELECTION_MS);
    }
    await flink.allInElection(180_000);
    for (const server of oozie) {
      await waitUntilServing(server, oozie.length, 300_000);
    }
  }

  before(async () => {
    await requireDocker([POSTGRES_TEST_IMAGE]);
    await hosts.up([ZOOKEEPER_TEST_IMAGE, FLINK_TEST_IMAGE, OOZIE_IMAGE]);
    const database = await hosts.database(POSTGRES_TEST_IMAGE);
    const store = hosts.store();
    pulumi.runtime.setAllConfig(
      {
        "multi-host:sshUser": "root",
        "multi-host:zookeeperImage": ZOOKEEPER_TEST_IMAGE,
        "multi-host:flinkImage": FLINK_TEST_IMAGE,
        "multi-host:s3Endpoint": store.endpoint,
        "multi-host:s3AccessKey": store.accessKey,
        "multi-host:s3SecretKey": store.secretKey,
        "multi-host:oozieImage": OOZIE_IMAGE,
        "multi-host:oozieDbUrl": database.url,
        "multi-host:oozieDbPassword": database.password,
      },
      ["multi-host:oozieDbPassword", "multi-host:s3SecretKey"],
    );
    const monitor = await recordModule(EXAMPLE, { project: "multi-host" });
    registrations = monitor.registrations;
    const gate = monitor.byName("ha-zookeeper-quorum-ready").inputs as unknown as QuorumReadyInputs;
    servers = gate.servers.map((s) => ({ ...s }));
    replay = new PlacedReplay((host) => hosts.engineFor(host));
    // The graph's order: the ensemble and its quorum, then Flink and Oozie, each after its path.
    await replay.applyAll(registrations, carriesLabel("pulumi-zk-ha.ensemble"));
    await quorumReadyProvider.create({ ...gate, timeoutSeconds: 120 });
    await znodeProvider.create(withoutProvider(monitor.byName("ha-flink-ha-znode").inputs));
    await replay.applyAll(registrations, carriesLabel("pulumi-zk-ha.flink-cluster"));
    await znodeProvider.create(withoutProvider(monitor.byName("ha-oozie-namespace").inputs));
    await replay.applyAll(registrations, carriesLabel("pulumi-zk-ha.oozie-cluster"));
    flink = new PlacedFlink(
      registrations,
      replay,
      withoutProvider(
        monitor.byName("ha-flink-ha-verified").inputs,
      ) as unknown as FlinkHaVerifiedInputs,
    );
    oozie = placedOozieServers(registrations, "pulumi-zk-ha.oozie-cluster");
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

  void it("puts each part on its hosts, and the ZooKeeper servers form one quorum across the network", async () => {
    const placed = [
      ...servers.map((s) => s.name),
      ...flink.jobManagers.map((j) => j.name),
      "multi-host-test-ha-flink-tm-1",
      "multi-host-test-ha-flink-tm-2",
      ...oozie.map((s) => s.name),
    ];
    assert.deepEqual(
      placed.map((name) => `${name} on host ${hostOf(name)}`),
      [
        "multi-host-test-ha-zk-1 on host 1",
        "multi-host-test-ha-zk-2 on host 2",
        "multi-host-test-ha-zk-3 on host 3",
        "multi-host-test-ha-flink-jm-1 on host 1",
        "multi-host-test-ha-flink-jm-2 on host 2",
        "multi-host-test-ha-flink-tm-1 on host 2",
        "multi-host-test-ha-flink-tm-2 on host 3",
        "multi-host-test-ha-oozie-1 on host 2",
        "multi-host-test-ha-oozie-2 on host 3",
      ],
    );
    // Each server dials the others by host address, across the hosts' network.
    assert.deepEqual(
      servers.map((s) => `${s.host}:${s.port}`),
      ["10.20.0.11:2181", "10.20.0.12:2181", "10.20.0.13:2181"],
    );
    for (const server of servers) {
      await waitForMode(server, serving, 60_000);
    }
    // A write unanswered for 6 s gives up on its server, as the Java client's read timeout
    // (two thirds of the 10 s session) does. About 20 writes a second: faster, the three
    // servers' logging alone would take much of the 2 cores the whole platform shares.
    const writer = new SequentialWriter(
      servers.map((s) => `${s.host}:${s.port}`).join(","),
      ROOT,
      200_000,
      6000,
      50,
    );
    const poll = new LeaderPoll(servers, 250);
    load = { writer, poll, running: Promise.allSettled([writer.run(), poll.run()]) };
    await sleep(2000);
    assert.ok(writer.acknowledged.length > 0, "the writer has written nothing in 2 s");
  });

  void it("runs a Flink job with its HA state in the store every host reaches", async () => {
    jobId = await flink.submitJob();
    const leader = await flink.leader();
    await flink.checkpointAfter(leader, jobId, 0, 120_000);
    assert.equal(await flink.allInElection(120_000), leader);
    // The job (its execution plan, as Flink 2 names it) and its checkpoint metadata are objects
    // in the store, not files on one host.
    const stored = await listObjectKeys(hosts.store(), "flink-ha", "recovery/");
    assert.ok(
      stored.some((key) => /^recovery\/.*(submittedExecutionPlan|submittedJobGraph)/.test(key)),
      stored.join(", "),
    );
    assert.ok(
      stored.some((key) => /completedCheckpoint/i.test(key)),
      stored.join(", "),
    );
  });

  void it("runs both Oozie servers on the shared database, each finding both in ZooKeeper", async () => {
    const answers: OozieServing[] = [];
    for (const server of oozie) {
      answers.push(await waitUntilServing(server, oozie.length, 300_000));
    }
    assert.deepEqual(
      answers.map((a) => a.available),
      oozie.map(() => answers[0]?.available),
    );
    figures.push(
      `Oozie: ${oozie.map((s, i) => `${s.name} served after ${ms(answers[i]?.afterMs ?? 0)}`).join(", ")} of this test`,
    );
  });

  void it("partition of the Flink leader's host: its ZooKeeper server stops serving, a JobManager elsewhere runs the job on, Oozie elsewhere serves, and all rejoin on heal", async () => {
    assert.ok(jobId, "no job to watch: the Flink test did not start one");
    const flinkLeader = await flink.leader();
    const n = hostOf(flinkLeader);
    const cut = servers[n - 1];
    assert.ok(cut);
    const before = { ...(await flink.checkpoints(flinkLeader, jobId)), leader: flinkLeader };
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
      assert.notEqual((await leaderOf(servers, RACED_ELECTION_MS)).name, cut.name);
      await writesResumed(started);
      const pause = paused(started, Date.now());
      const takeover = await flinkRunsWithout("partition", n, before, started);
      const oozieServing = await oozieServesWithout(n);
      healed = Date.now();
      await hosts.heal(n);
      await allRejoin();
      figures.push(
        `partition of host ${n}: ${cut.name} stopped serving after ${ms(stepped.afterMs)}; ${pause}; ` +
          `${takeover.leader} led and the job ran again ${ms(takeover.runningAfterMs)} after the cut ` +
          `(${JSON.stringify(checkpointSteps.at(-1))}); Oozie served on ${oozieServing}; all back ` +
          `${ms(Date.now() - healed)} after the heal`,
      );
    } finally {
      if (healed === 0) {
        await hosts.heal(n);
      }
    }
  });

  void it("loss of the ZooKeeper leader's host: another leads, the job and Oozie run on elsewhere, and all rejoin when it boots", async () => {
    assert.ok(jobId, "no job to watch: the Flink test did not start one");
    const lost = await leaderOf(servers, RACED_ELECTION_MS);
    const n = servers.indexOf(lost) + 1;
    const flinkLeader = await flink.leader();
    const before = { ...(await flink.checkpoints(flinkLeader, jobId)), leader: flinkLeader };
    const started = Date.now();
    await hosts.crash(n);
    let booted = 0;
    try {
      const next = await leaderOf(servers, RACED_ELECTION_MS);
      assert.notEqual(next.name, lost.name);
      await writesResumed(started);
      const pause = paused(started, Date.now());
      const flinkAfter = await flinkRunsWithout("host loss", n, before, started);
      const oozieServing = await oozieServesWithout(n);
      booted = Date.now();
      // No deployment: the engine starts the containers again (restart: unless-stopped).
      await hosts.boot(n);
      await allRejoin();
      figures.push(
        `loss of host ${n} (${lost.name} led): ${next.name} led; ${pause}; ` +
          `${flinkAfter.leader} led Flink, the job running ${ms(flinkAfter.runningAfterMs)} after the loss ` +
          `(${JSON.stringify(checkpointSteps.at(-1))}); Oozie served on ${oozieServing}; all back ` +
          `${ms(Date.now() - booted)} after the host booted`,
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
      const back = await waitForMode(server, serving, RACED_ELECTION_MS);
      figures.push(
        `replacement of ${server.name}: back as ${back.mode} after ${ms(Date.now() - started)}; ` +
          paused(started, Date.now()),
      );
    }
    // Up to 300 s: each leaderless spell of a replacement can cost the job a restart, and after
    // the partition and the host loss Flink's default exponential restart delay (1.5 times per
    // failure, at most 1 min since Flink 1.19) may be near its cap. One CI-equivalent run needed
    // more than 180 s here; its job then completed a new checkpoint.
    await flink.runningOn(await flink.leader(180_000), jobId, 300_000);
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
    // A checkpoint newer than any before the faults: the job's counter went on from there (a
    // JobMaster that took over late reports only the checkpoints it completed itself).
    const latestBefore = Math.max(...checkpointSteps.map((s) => s.latestBefore));
    const final = await flink.checkpointAfter(await flink.leader(), jobId, latestBefore, 180_000);
    figures.push(
      `${writer.acknowledged.length} writes acknowledged, ${writer.failed} not (${writer.reconnects} given up on a silent server); ` +
        `missing per server (first read, settled): ${JSON.stringify(Object.fromEntries(missing))}; ` +
        `two leaders of one epoch in ${poll.sameEpochLeaderSamples.length} of ${poll.rounds} polls; ` +
        `Flink checkpoint ${final.latestCompleted} completed last`,
    );
    for (const [name, counts] of missing) {
      assert.equal(counts.last, 0, `${name} lacks acknowledged writes`);
    }
    assert.deepEqual(writer.outOfOrder(), []);
    assert.deepEqual(poll.sameEpochLeaderSamples, []);
    assert.ok(writer.acknowledged.length > 100, `only ${writer.acknowledged.length} writes`);
    assert.deepEqual(
      checkpointSteps.map((s) => s.fault),
      ["partition", "host loss"],
    );
  });
});
