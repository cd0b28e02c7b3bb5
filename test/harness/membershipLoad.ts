import type * as zookeeper from "node-zookeeper-client";
import { sendFourLetterWord } from "../../src/zookeeper/fourLetterWord";
import type { QuorumServer } from "../../src/readiness/quorumServer";
import { withSession } from "../../src/readiness/sessionCheck";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const zk = require("node-zookeeper-client") as typeof zookeeper;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const TIMED_OUT = Symbol("timed out");
const REFUSED = Symbol("refused");

/**
 * Writes numbered sequential znodes under `root`, one at a time and as fast as the ensemble
 * acknowledges them, through one client whose connect string covers every server. Keeps, for
 * each acknowledged write, the path ZooKeeper gave it. Bounded by `maxWrites` and by `stop()`.
 */
export class SequentialWriter {
  /** Acknowledged writes in the order they were sent: counter and ZooKeeper's path. */
  readonly acknowledged: { counter: number; path: string; at: number }[] = [];
  failed = 0;
  sessionsExpired = 0;
  /** New sessions opened after a write went unanswered for `writeTimeoutMs`. */
  reconnects = 0;
  private stopped = false;
  private client: zookeeper.Client | undefined;

  constructor(
    private readonly connectString: string,
    private readonly root: string,
    private readonly maxWrites = 200_000,
    private readonly writeTimeoutMs = 15_000,
    /** Time between one acknowledgement and the next write: 0 writes as fast as they are acknowledged. */
    private readonly pauseMs = 0,
  ) {}

  async run(): Promise<void> {
    let client = await this.connect();
    for (let counter = 1; counter <= this.maxWrites && !this.stopped; counter++) {
      const outcome = await this.write(client, counter);
      if (typeof outcome === "string") {
        this.acknowledged.push({ counter, path: outcome, at: Date.now() });
        if (this.pauseMs > 0) {
          await sleep(this.pauseMs);
        }
        continue;
      }
      this.failed++;
      await sleep(50);
      // An expired session fails every later request: start a new one, as applications do.
      // A server that went silent (its host lost, no reset sent) is never noticed by this
      // client, which has no read timeout: give up on it as the Java client would.
      const expired = client.getState() === zk.State.EXPIRED;
      if (expired || outcome === TIMED_OUT) {
        this.sessionsExpired += expired ? 1 : 0;
        this.reconnects += expired ? 0 : 1;
        client.close();
        client = await this.connect();
      }
    }
  }

  private async connect(): Promise<zookeeper.Client> {
    const client = zk.createClient(this.connectString, { sessionTimeout: 10_000, spinDelay: 100 });
    this.client = client;
    client.connect();
    await new Promise<void>((resolve, reject) => {
      client.mkdirp(this.root, (error) => {
        if (error) {
          reject(new Error(String(error)));
        } else {
          resolve();
        }
      });
    });
    return client;
  }

  private write(
    client: zookeeper.Client,
    counter: number,
  ): Promise<string | typeof TIMED_OUT | typeof REFUSED> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        resolve(TIMED_OUT);
      }, this.writeTimeoutMs);
      client.create(
        `${this.root}/w-`,
        Buffer.from(String(counter)),
        zk.CreateMode.PERSISTENT_SEQUENTIAL,
        (error, path) => {
          clearTimeout(timer);
          resolve(error ? REFUSED : path);
        },
      );
    });
  }

  stop(): void {
    this.stopped = true;
  }

  close(): void {
    this.client?.close();
  }

  /** The longest time between two acknowledged writes: an upper bound of any window without quorum. */
  longestGapMs(from: number, to: number): number {
    const times = [
      from,
      ...this.acknowledged.map((a) => a.at).filter((t) => t >= from && t <= to),
      to,
    ];
    let longest = 0;
    for (let i = 1; i < times.length; i++) {
      longest = Math.max(longest, (times[i] ?? 0) - (times[i - 1] ?? 0));
    }
    return longest;
  }

  /** Pairs of consecutive acknowledged writes whose sequence numbers do not rise with their counters. */
  outOfOrder(): string[] {
    const pairs: string[] = [];
    for (let i = 1; i < this.acknowledged.length; i++) {
      const a = this.acknowledged[i - 1];
      const b = this.acknowledged[i];
      if (a && b && sequenceOf(b.path) <= sequenceOf(a.path)) {
        pairs.push(`#${a.counter} ${a.path} then #${b.counter} ${b.path}`);
      }
    }
    return pairs;
  }
}

/** The epoch of a zxid: its high 32 bits. */
function epochOf(zxid: string): bigint {
  return zxid === "" ? -1n : BigInt(zxid) >> 32n;
}

function sequenceOf(path: string): number {
  return Number(path.slice(path.lastIndexOf("-") + 1));
}

/** The acknowledged writes one server does not have, read through a session with it alone. */
export async function missingOn(
  server: QuorumServer,
  root: string,
  acknowledged: readonly { path: string }[],
): Promise<number> {
  const children = await withSession(
    `${server.host}:${server.port}`,
    15_000,
    (client) =>
      new Promise<string[]>((resolve, reject) => {
        client.getChildren(root, (error, names) => {
          if (error) {
            reject(new Error(String(error)));
          } else {
            resolve(names);
          }
        });
      }),
  );
  const present = new Set(children.map((c) => `${root}/${c}`));
  return acknowledged.filter((a) => !present.has(a.path)).length;
}

/**
 * What one server lacks, first and at last: reads on ZooKeeper are served by the server the
 * session is on, which may lag behind the leader (or be a deposed leader that has not noticed
 * yet), and a server between leaders serves no reads at all. A write that is lost never comes
 * back; one that lags does once the server follows a leader again. Re-reads every second, at
 * most `maxSeconds` times; `last` is what the last read that was answered lacked, and
 * `unanswered` counts the reads the server refused meanwhile.
 */
export async function missingSettled(
  server: QuorumServer,
  root: string,
  acknowledged: readonly { path: string }[],
  maxSeconds = 90,
): Promise<{ first: number; last: number; unanswered: number }> {
  let unanswered = 0;
  const read = (fallback: number): Promise<number> =>
    missingOn(server, root, acknowledged).catch(() => {
      unanswered++;
      return fallback;
    });
  const first = await read(acknowledged.length);
  let last = first;
  for (let i = 0; i < maxSeconds && last > 0; i++) {
    await sleep(1000);
    last = await read(last);
  }
  return { first, last, unanswered };
}

/**
 * Polls `srvr` on every server, one round every `intervalMs`, and keeps the rounds in which
 * more than one server said `Mode: leader`, and the longest run of rounds in which none did.
 */
export class LeaderPoll {
  rounds = 0;
  /** Rounds in which two servers led the same epoch: a split ensemble. */
  readonly sameEpochLeaderSamples: string[] = [];
  /** Rounds in which a leader of an older epoch still answered `leader` beside the new one. */
  readonly deposedLeaderSamples: string[] = [];
  longestLeaderlessMs = 0;
  /** Each run of rounds in which no server led: from its first round to its last. */
  readonly leaderlessSpans: { from: number; to: number }[] = [];
  private leaderlessSince: number | undefined;
  private stopped = false;

  constructor(
    private readonly servers: readonly QuorumServer[],
    private readonly intervalMs = 200,
    private readonly maxRounds = 20_000,
  ) {}

  async run(): Promise<void> {
    while (!this.stopped && this.rounds < this.maxRounds) {
      const started = Date.now();
      const answers = await Promise.all(
        this.servers.map((s) => sendFourLetterWord(s.host, s.port, "srvr", 1000).catch(() => "")),
      );
      const described = this.servers.map((s, i) => {
        const answer = answers[i] ?? "";
        const mode = /^Mode: (\w+)/m.exec(answer)?.[1] ?? "-";
        const zxid = /^Zxid: (\w+)/m.exec(answer)?.[1] ?? "";
        return { name: s.name, mode, zxid };
      });
      const leaders = described.filter((d) => d.mode === "leader");
      this.rounds++;
      if (leaders.length > 1) {
        const sample = `${new Date(started).toISOString()} ${described.map((d) => `${d.name}:${d.mode}@${d.zxid}`).join(" ")}`;
        // Two leaders of one epoch would be two histories. A leader of an older epoch is one
        // the others have left, answering until it notices (within syncLimit); it commits
        // nothing, as no majority follows it.
        const epochs = new Set(leaders.map((d) => epochOf(d.zxid)));
        if (epochs.size < leaders.length) {
          this.sameEpochLeaderSamples.push(sample);
        } else {
          this.deposedLeaderSamples.push(sample);
        }
      }
      if (leaders.length === 0) {
        if (this.leaderlessSince === undefined) {
          this.leaderlessSpans.push({ from: started, to: started });
        }
        const span = this.leaderlessSpans[this.leaderlessSpans.length - 1];
        if (span) {
          span.to = started;
        }
        this.leaderlessSince ??= started;
        this.longestLeaderlessMs = Math.max(
          this.longestLeaderlessMs,
          Date.now() - this.leaderlessSince,
        );
      } else {
        this.leaderlessSince = undefined;
      }
      await sleep(Math.max(0, this.intervalMs - (Date.now() - started)));
    }
  }

  /** The longest run of leaderless rounds that overlaps [from, to]. */
  longestLeaderlessWithin(from: number, to: number): number {
    return Math.max(
      0,
      ...this.leaderlessSpans
        .filter((span) => span.to >= from && span.from <= to)
        .map((span) => span.to - span.from),
    );
  }

  stop(): void {
    this.stopped = true;
  }
}
