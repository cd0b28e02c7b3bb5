import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ZooKeeperEnsemble, type ZooKeeperEnsembleArgs } from "../../src";
import type { QuorumServer } from "../../src/readiness/quorumServer";
import { readCommittedMembers } from "../../src/readiness/membersReconciled";
import { dockerApi, requireDocker } from "../harness/dockerApi";
import { DockerReplay } from "../harness/dockerReplay";
import { sweep, ZOOKEEPER_TEST_IMAGE } from "../harness/ensembleFixture";
import { GraphUpdate, type Step } from "../harness/graphUpdate";
import { LeaderPoll, missingSettled, SequentialWriter } from "../harness/membershipLoad";
import { DynamicProviderHost } from "../harness/providerHost";
import { recordProgram } from "../helpers/recordingMonitor";
import { modeOf } from "../harness/zookeeperModes";

const PREFIX = "it-zkm";
const PORT_BASE = 24781;
const ROOT = "/it-membership";

/** Every server the test ever runs, as Pulumi reaches it on its published client port. */
const ALL: QuorumServer[] = [1, 2, 3, 4, 5].map((id) => ({
  name: `${PREFIX}-zk-${id}`,
  host: "127.0.0.1",
  port: PORT_BASE + id - 1,
}));

const record = (args: ZooKeeperEnsembleArgs) =>
  recordProgram(
    () =>
      new ZooKeeperEnsemble(PREFIX, {
        namePrefix: PREFIX,
        image: ZOOKEEPER_TEST_IMAGE,
        hostClientPortBase: PORT_BASE,
        retainDataOnDelete: true,
        superUserPassword: "membership-test-super",
        // Short sessions: a test, not a production ensemble.
        tickTime: 500,
        ...args,
      }),
  ).then((m) => m.registrations);

async function volumeExists(name: string): Promise<boolean> {
  const response = await dockerApi("GET", `/volumes/${name}`, undefined, { allow: [404] });
  return response.status === 200;
}

// The recorded programs of a size change, deployed as the engine would update a stack, on real
// ZooKeeper servers, with a client writing throughout and every server polled for its mode.
void describe("ZooKeeperEnsemble member changes under write load", { timeout: 1_200_000 }, () => {
  let replay: DockerReplay;
  let host: DynamicProviderHost;
  let update: GraphUpdate;
  let writer: SequentialWriter;
  let poll: LeaderPoll;
  let writing: Promise<void>;
  let polling: Promise<void>;

  before(async () => {
    await requireDocker([ZOOKEEPER_TEST_IMAGE]);
    await sweep(PREFIX);
    replay = new DockerReplay();
    host = await DynamicProviderHost.start();
    update = new GraphUpdate(replay, host);
    await update.deploy(await record({ size: 3 }));
    writer = new SequentialWriter(ALL.map((s) => `${s.host}:${s.port}`).join(","), ROOT);
    poll = new LeaderPoll(ALL);
    writing = writer.run();
    polling = poll.run();
  });

  after(async () => {
    writer.stop();
    poll.stop();
    await Promise.allSettled([writing, polling]);
    writer.close();
    host.stop();
    await replay.cleanup();
    await sweep(PREFIX);
  });

  const change = async (
    args: ZooKeeperEnsembleArgs,
    note: (message: string) => void,
  ): Promise<Step[]> => {
    const started = Date.now();
    note(`started at ${new Date(started).toISOString()}`);
    const acknowledgedBefore = writer.acknowledged.length;
    const steps = await update.deploy(await record(args));
    const finished = Date.now();
    note(
      `${JSON.stringify(args)}: ${((finished - started) / 1000).toFixed(1)} s, ` +
        `${writer.acknowledged.length - acknowledgedBefore} writes acknowledged meanwhile, ` +
        `longest gap between acknowledged writes ${writer.longestGapMs(started, finished)} ms; ` +
        steps
          .filter((s) => s.op !== "same")
          .map((s) => `${s.op} ${s.name.replace(`${PREFIX}-`, "")} (${s.ms} ms)`)
          .join(", "),
    );
    return steps;
  };

  const committedIds = async (): Promise<number[]> =>
    (await readCommittedMembers(ALL, 10_000)).members.map((m) =>
      Number(/^server\.(\d+)=/.exec(m)?.[1]),
    );

  void it("grows 3 → 5: the new servers join as followers, then are added", async (t) => {
    const steps = await change({ size: 5 }, (m) => {
      t.diagnostic(m);
    });
    assert.deepEqual(await committedIds(), [1, 2, 3, 4, 5]);
    // The order the engine follows: guard first, every server, then the members are applied.
    const names = steps.filter((s) => s.op !== "same").map((s) => s.name);
    assert.ok(names.indexOf(`${PREFIX}-membership`) < names.indexOf(`${PREFIX}-zk-1`));
    assert.ok(names.indexOf(`${PREFIX}-zk-5`) < names.indexOf(`${PREFIX}-members-applied`));
    // Created in a running ensemble, these gates waited: one new list at a time.
    for (const id of [3, 4]) {
      assert.match(
        String(update.outputsOf(`${PREFIX}-zk-${id}-rejoined`)["mode"]),
        /^(leader|follower)$/,
      );
    }
  });

  void it("shrinks 5 → 3: servers 4 and 5 are removed by reconfig before anything rolls, their volumes kept", async (t) => {
    const steps = await change({ size: 3 }, (m) => {
      t.diagnostic(m);
    });
    assert.deepEqual(await committedIds(), [1, 2, 3]);
    const ops = new Map(steps.map((s) => [s.name, s.op]));
    assert.equal(ops.get(`${PREFIX}-membership`), "update");
    assert.equal(ops.get(`${PREFIX}-zk-4`), "delete");
    assert.equal(ops.get(`${PREFIX}-zk-5`), "delete");
    // retainDataOnDelete: the removed servers' data stays for a later growth.
    for (const id of [4, 5]) {
      assert.equal(await volumeExists(`${PREFIX}-zk-${id}-data`), true);
    }
  });

  void it("grows 3 → 5 again on the kept volumes of servers 4 and 5", async (t) => {
    await change({ size: 5 }, (m) => {
      t.diagnostic(m);
    });
    assert.deepEqual(await committedIds(), [1, 2, 3, 4, 5]);
  });

  void it("moves every server to new quorum ports by reconfig, then rolls them", async (t) => {
    await change({ size: 5, peerPort: 2890, electionPort: 3890 }, (m) => {
      t.diagnostic(m);
    });
    const members = (await readCommittedMembers(ALL, 10_000)).members;
    assert.equal(members.length, 5);
    for (const line of members) {
      assert.match(line, /:2890:3890:participant;/);
    }
  });

  void it("lost no acknowledged write, kept their order, and never had two leaders of one epoch", async (t) => {
    writer.stop();
    poll.stop();
    await Promise.all([writing, polling]);
    const acknowledged = writer.acknowledged;
    const missing = new Map<string, { first: number; last: number; unanswered: number }>();
    for (const server of ALL) {
      missing.set(server.name, await missingSettled(server, ROOT, acknowledged));
    }
    const modes = await Promise.all(ALL.map(async (s) => `${s.name}: ${await modeOf(s)}`));
    t.diagnostic(
      `${acknowledged.length} writes acknowledged, ${writer.failed} not, ` +
        `${writer.sessionsExpired} sessions expired; missing per server at first read and ` +
        `after it settled: ${JSON.stringify(Object.fromEntries(missing))}; modes then: ${modes.join(", ")}`,
    );
    t.diagnostic(
      `${poll.rounds} srvr rounds; two leaders of one epoch in ${poll.sameEpochLeaderSamples.length}, ` +
        `a deposed leader beside the new one in ${poll.deposedLeaderSamples.length} ` +
        `${poll.deposedLeaderSamples.join(" | ")}; longest without a leader ${poll.longestLeaderlessMs} ms`,
    );
    assert.ok(acknowledged.length >= 200, `only ${acknowledged.length} writes acknowledged`);
    assert.deepEqual(
      [...missing.values()].map((m) => m.last),
      [0, 0, 0, 0, 0],
    );
    assert.deepEqual(writer.outOfOrder(), []);
    assert.deepEqual(poll.sameEpochLeaderSamples, []);
  });
});
