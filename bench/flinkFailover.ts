import { performance } from "node:perf_hooks";
import { flinkHaVerifiedProvider } from "../src/gates/flinkHaVerifiedProvider";
import { flinkLeaderCheck } from "../src/readiness/flinkLeaderCheck";
import {
  copyFileFromContainer,
  FAILOVER_JOB_PATH,
  startFlink,
  type RunningFlink,
} from "../test/harness/flinkFixture";
import { allTasksRunning, poll, restGet, runJar, uploadJar } from "../test/harness/flinkRest";

const ROUNDS = 2;
const ENSEMBLE_PREFIX = "bench-flink";
const ENSEMBLE_PORT_BASE = 24781;
const REST_PORT_BASE = 24881;
const ROUND_TIMEOUT_MS = 180_000;
const POLL_MS = 200;

interface Round {
  /** Kill until ZooKeeper names a new leader. */
  readonly electedMs: number;
  /** Kill until the new leader's REST answers 200 for the job. */
  readonly restMs: number;
  /** Kill until every task of the job is RUNNING again. */
  readonly runningMs: number;
}

/**
 * Failover time of a FlinkHaCluster after `docker kill` of the leading JobManager, with the
 * component's tuned ZooKeeper timings and with Flink's default timings, measured in the same
 * run on the same machine: from the kill until the new leader's REST answers 200 for the job
 * and every task is RUNNING again. Prints and returns the table.
 */
export async function benchFlinkFailover(): Promise<string> {
  const tuned = await measure("tuned");
  const defaults = await measure("flink-defaults");
  const t = median(tuned.map((r) => r.runningMs));
  const d = median(defaults.map((r) => r.runningMs));
  const row = (label: string, rounds: Round[]): string =>
    `  ${label.padEnd(46)} elected ${fmt(median(rounds.map((r) => r.electedMs)))}  REST 200 ${fmt(median(rounds.map((r) => r.restMs)))}  RUNNING ${fmt(median(rounds.map((r) => r.runningMs)))}   (rounds: ${rounds.map((r) => fmt(r.runningMs)).join(", ")})`;
  const text = [
    `Flink JobManager failover after docker kill of the leader (median of ${ROUNDS} rounds; Flink 2.1.1, 3 ZooKeeper servers, tickTime 2000):`,
    row("tuned (session 6 s, retry 1 s x 5)", tuned),
    row("Flink defaults (session 60 s -> 40 s granted)", defaults),
    `  ratio defaults / tuned (job RUNNING again)     ${(d / t).toFixed(2)}`,
  ].join("\n");
  console.log(text);
  return text;
}

async function measure(tuning: "tuned" | "flink-defaults"): Promise<Round[]> {
  const cluster = tuning === "tuned" ? "bench-flink-tuned" : "bench-flink-defaults";
  const flink = await startFlink(ENSEMBLE_PREFIX, ENSEMBLE_PORT_BASE, cluster, {
    hostRestPortBase: REST_PORT_BASE,
    failoverTuning: tuning,
  });
  try {
    let leader = (await flinkHaVerifiedProvider.create(flink.haVerifiedInputs)).outs as {
      leader: string;
    };
    const jobId = await submitJob(flink, leader.leader);
    const rounds: Round[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const result = await failover(flink, leader.leader, jobId);
      rounds.push(result.round);
      leader = { leader: result.next };
    }
    return rounds;
  } finally {
    await flink.cleanup();
  }
}

async function submitJob(flink: RunningFlink, leader: string): Promise<string> {
  const url = restUrl(flink, leader);
  await poll("TaskManagers registered", 120_000, 500, async () => {
    const answer = await restGet(url, "/taskmanagers");
    return answer.status === 200 &&
      (JSON.parse(answer.body) as { taskmanagers: unknown[] }).taskmanagers.length ===
        flink.taskManagers.length
      ? { value: true }
      : { note: answer.body.slice(0, 100) };
  });
  const jar = await copyFileFromContainer(leader, FAILOVER_JOB_PATH);
  const jobId = await runJar(url, await uploadJar(url, jar, "failover-job.jar"));
  await poll("job RUNNING", 120_000, 500, async () =>
    (await allTasksRunning(url, jobId)) ? { value: true } : { note: "tasks not RUNNING" },
  );
  return jobId;
}

async function failover(
  flink: RunningFlink,
  killed: string,
  jobId: string,
): Promise<{ round: Round; next: string }> {
  const check = flinkLeaderCheck(
    flink.ensemble.hostConnectString,
    flink.haPath,
    flink.haVerifiedInputs.jobManagers,
    5000,
  );
  const started = performance.now();
  await flink.replay.kill(killed);
  try {
    const next = await poll<string>("a new leader", ROUND_TIMEOUT_MS, POLL_MS, async () => {
      const outcome = await check.attempt();
      return outcome.ready && outcome.value.leader !== killed
        ? { value: outcome.value.leader }
        : { note: outcome.ready ? `still ${outcome.value.leader}` : outcome.reason };
    });
    const electedMs = performance.now() - started;
    const url = restUrl(flink, next);
    await poll("REST 200 for the job", ROUND_TIMEOUT_MS, POLL_MS, async () => {
      const answer = await restGet(url, `/jobs/${jobId}`, 2000);
      return answer.status === 200 ? { value: true } : { note: `${answer.status}` };
    });
    const restMs = performance.now() - started;
    await poll("job RUNNING", ROUND_TIMEOUT_MS, POLL_MS, async () =>
      (await allTasksRunning(url, jobId)) ? { value: true } : { note: "tasks not RUNNING" },
    );
    const runningMs = performance.now() - started;
    return { round: { electedMs, restMs, runningMs }, next };
  } finally {
    await flink.replay.start(killed);
    // Let the restarted JobManager rejoin as a standby before the next kill.
    await poll(`${killed} back`, 120_000, 500, async () => {
      const answer = await restGet(restUrl(flink, killed), "/overview");
      return answer.status === 200 && answer.body.includes('"jobs-running":1')
        ? { value: true }
        : { note: `${answer.status}` };
    });
  }
}

function restUrl(flink: RunningFlink, name: string): string {
  const jm = flink.jobManagers.find((j) => j.name === name);
  if (!jm) {
    throw new Error(`no JobManager ${name}`);
  }
  return jm.restUrl;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function fmt(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`.padStart(7);
}

if (require.main === module) {
  benchFlinkFailover().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
