import type * as zookeeper from "node-zookeeper-client";
import { OOZIE_DEFAULTS } from "../src/oozie/clusterArgs";
import { ENSEMBLE_DEFAULTS } from "../src/zookeeper/ensembleArgs";
import { DEFAULT_MAX_SESSION_TIMEOUT_MS } from "../src/zookeeper/ensembleTiming";
import { listChildren } from "../src/readiness/znodeOperations";
import { withSession } from "../src/readiness/sessionCheck";
import { startOozieCluster, type RunningOozieCluster } from "../test/harness/oozieClusterFixture";
import type { SecretRecordingMonitor } from "../test/harness/oozieSecretMonitor";
import { median } from "./zookeeperBench";

const PREFIX = "bench-oozie";
const ZOOKEEPER_PORT_BASE = 24961;
const HTTP_PORT_BASE = 24971;
const ROUNDS = 3;
const ROUND_TIMEOUT_MS = 120_000;
const POLL_MS = 100;
/** What Oozie asks for when oozie-site.xml does not say (oozie-default.xml), in seconds. */
const OOZIE_DEFAULT_SESSION_SECONDS = 300;
/**
 * What the ensemble grants for it: its maxSessionTimeout. The component refuses 300 itself, as
 * ZooKeeper would change it, so the comparison asks for what Oozie's default gets.
 */
const OOZIE_DEFAULT_GRANTED_SECONDS = DEFAULT_MAX_SESSION_TIMEOUT_MS / 1000;

interface Round {
  /** Kill until no znode of the killed server's session is left (registration, locks, latches). */
  readonly nodesGoneMs: number;
  /** Kill until the surviving server's available-oozie-servers no longer lists it. */
  readonly unlistedMs: number;
}

/**
 * How long a server killed with kill -9 stays in ZooKeeper: its registration, and every lock or
 * leader latch its session held, are ephemeral and go only when the session expires. Two real
 * Oozie 5.2.1 servers on one 3-server ensemble (the ensemble's default tickTime) and one PostgreSQL, with the
 * package's session timeout and with Oozie's default, one after the other in the same run.
 */
export async function benchOozieKill(): Promise<string> {
  const cluster = await startOozieCluster(PREFIX, {
    zookeeperPortBase: ZOOKEEPER_PORT_BASE,
    httpPortBase: HTTP_PORT_BASE,
    serverCount: 2,
  });
  try {
    const tuned = await measure(cluster, cluster.monitor);
    const defaults = await measure(
      cluster,
      await cluster.record({ zookeeperSessionTimeoutSeconds: OOZIE_DEFAULT_GRANTED_SECONDS }),
    );
    const gone = (rounds: Round[]): number[] =>
      rounds.map((r) => Math.max(r.nodesGoneMs, r.unlistedMs));
    const row = (label: string, rounds: Round[]): string =>
      `  ${label.padEnd(46)} znodes gone ${fmt(median(rounds.map((r) => r.nodesGoneMs)))}  unlisted ${fmt(median(rounds.map((r) => r.unlistedMs)))}  (both, per round: ${gone(rounds).map(fmt).join(", ")})`;
    const text = [
      `Oozie server kill -9 until ZooKeeper and the other server forget it (median of ${ROUNDS} rounds; Oozie 5.2.1, 3 ZooKeeper servers, tickTime ${ENSEMBLE_DEFAULTS.tickTime}):`,
      row(`package (session ${OOZIE_DEFAULTS.zookeeperSessionTimeoutTicks} ticks)`, tuned),
      row(
        `Oozie default (session ${OOZIE_DEFAULT_SESSION_SECONDS} s -> ${OOZIE_DEFAULT_GRANTED_SECONDS} s granted)`,
        defaults,
      ),
      `  ratio default / package (both gone)              ${(median(gone(defaults)) / median(gone(tuned))).toFixed(2)}`,
    ].join("\n");
    console.log(text);
    return text;
  } finally {
    await cluster.cleanup();
  }
}

/** (Re)creates both servers from `recorded`, then kills server 2 ROUNDS times. */
async function measure(
  cluster: RunningOozieCluster,
  recorded: SecretRecordingMonitor,
): Promise<Round[]> {
  const servers = [1, 2].map((index) => `${PREFIX}-oozie-${index}`);
  for (const name of servers) {
    await cluster.replay.removeContainer(name);
  }
  await cluster.apply(recorded);
  const victim = servers[1] ?? "";
  const rounds: Round[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    await until(`${victim} registered`, async () => (await registered(cluster)).includes(victim));
    const session = await sessionOf(cluster, victim);
    await cluster.replay.kill(victim);
    const killed = performance.now();
    let nodesGoneMs: number | undefined;
    let unlistedMs: number | undefined;
    await until(`${victim} forgotten`, async () => {
      if (nodesGoneMs === undefined && (await ownedBy(cluster, session)).length === 0) {
        nodesGoneMs = performance.now() - killed;
      }
      const listed = await cluster.servers[0]?.availableServers();
      if (unlistedMs === undefined && listed && !(victim in listed)) {
        unlistedMs = performance.now() - killed;
      }
      return nodesGoneMs !== undefined && unlistedMs !== undefined;
    });
    rounds.push({ nodesGoneMs: nodesGoneMs ?? NaN, unlistedMs: unlistedMs ?? NaN });
    await cluster.replay.start(victim);
  }
  return rounds;
}

function registered(cluster: RunningOozieCluster): Promise<string[]> {
  return withSession(cluster.ensemble.hostConnectString, 10_000, (client) =>
    listChildren(client, "/oozie/services/servers"),
  );
}

/** The session id (hex) that owns the server's registration znode. */
async function sessionOf(cluster: RunningOozieCluster, instanceId: string): Promise<string> {
  const owner = await withSession(cluster.ensemble.hostConnectString, 10_000, (client) =>
    ephemeralOwner(client, `/oozie/services/servers/${instanceId}`),
  );
  if (!owner) {
    throw new Error(`${instanceId} is not registered by an ephemeral znode`);
  }
  return owner;
}

/** Every znode under /oozie that the session owns. */
function ownedBy(cluster: RunningOozieCluster, session: string): Promise<string[]> {
  return withSession(cluster.ensemble.hostConnectString, 10_000, async (client) => {
    const owned: string[] = [];
    const walk = async (path: string): Promise<void> => {
      if ((await ephemeralOwner(client, path)) === session) {
        owned.push(path);
      }
      for (const child of await listChildren(client, path).catch(() => [])) {
        await walk(`${path}/${child}`);
      }
    };
    await walk("/oozie");
    return owned;
  });
}

/** The znode's ephemeral owner as hex, undefined when persistent or gone. */
function ephemeralOwner(client: zookeeper.Client, path: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    client.exists(path, (error, stat) => {
      // A missing node is no error: exists() then calls back without a stat.
      const found = stat as zookeeper.Stat | undefined;
      const owner = error ? undefined : found?.ephemeralOwner.toString("hex");
      resolve(owner && /[^0]/.test(owner) ? owner : undefined);
    });
  });
}

async function until(what: string, attempt: () => Promise<boolean>): Promise<void> {
  const deadline = performance.now() + ROUND_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if (await attempt().catch(() => false)) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`${what}: not within ${ROUND_TIMEOUT_MS / 1000} s`);
}

function fmt(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
