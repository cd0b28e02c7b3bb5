import { performance } from "node:perf_hooks";
import { quorumReadyProvider } from "../src/gates/quorumReadyProvider";
import { quorumMembershipCheck } from "../src/readiness/quorumMembershipCheck";
import { ZooKeeperEnsemble } from "../src/zookeeper/ensemble";
import { recordProgram } from "../test/helpers/recordingMonitor";
import { startEnsemble } from "../test/harness/ensembleFixture";

const ROUNDS = 3;
const FLOOR_INTERVAL_MS = 50;
const ROUND_TIMEOUT_MS = 120_000;

/**
 * QuorumReady's detection latency next to the floor: an independent poller that asks every
 * server `srvr` every 50 ms and stops at the first round with one leader and a majority. Both
 * start together right after every server is started again, in the same run. The floor uses the
 * same membership check as the gate, so the ratio isolates the gate's polling and session cost.
 */
export async function benchQuorumDetection(): Promise<string> {
  const ensemble = await startEnsemble("bench-zk", 24681);
  try {
    const gateMs: number[] = [];
    const floorMs: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const name of ensemble.containerNames) {
        await ensemble.replay.stop(name);
      }
      const started = performance.now();
      await Promise.all(ensemble.containerNames.map((name) => ensemble.replay.start(name)));
      const [gate, floor] = await Promise.all([
        quorumReadyProvider.create(ensemble.gateInputs).then(() => performance.now() - started),
        pollFloor(ensemble.gateInputs.servers).then(() => performance.now() - started),
      ]);
      gateMs.push(gate);
      floorMs.push(floor);
    }
    const gate = median(gateMs);
    const floor = median(floorMs);
    return [
      `QuorumReady detection after a cold start of 3 servers (median of ${ROUNDS} rounds):`,
      `  gate (interval 500 ms, srvr + mntr + session)  ${gate.toFixed(0)} ms`,
      `  srvr poller every ${FLOOR_INTERVAL_MS} ms (floor)          ${floor.toFixed(0)} ms`,
      `  ratio gate / floor                              ${(gate / floor).toFixed(2)}`,
      `  rounds gate: ${gateMs.map((v) => v.toFixed(0)).join(", ")} ms; floor: ${floorMs.map((v) => v.toFixed(0)).join(", ")} ms`,
    ].join("\n");
  } finally {
    await ensemble.replay.cleanup();
  }
}

async function pollFloor(servers: Parameters<typeof quorumMembershipCheck>[0]): Promise<void> {
  const check = quorumMembershipCheck(servers, 1000);
  const deadline = performance.now() + ROUND_TIMEOUT_MS;
  while (performance.now() < deadline) {
    if ((await check.attempt()).ready) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, FLOOR_INTERVAL_MS));
  }
  throw new Error(`floor poller saw no quorum within ${ROUND_TIMEOUT_MS} ms`);
}

/** Time to build and register the component's whole graph under mocks, per ensemble size. */
export async function benchConstruction(): Promise<string> {
  const repetitions = 7;
  const sizes = [3, 5, 7];
  const results = new Map<number, number>();
  // One warm-up so module loading and closure serialization caches do not count.
  await recordProgram(() => new ZooKeeperEnsemble("warm", { size: 3 }));
  for (const size of sizes) {
    const times: number[] = [];
    for (let i = 0; i < repetitions; i++) {
      const started = performance.now();
      await recordProgram(() => new ZooKeeperEnsemble(`bench${size}x${i}`, { size }));
      times.push(performance.now() - started);
    }
    results.set(size, median(times));
  }
  const base = results.get(3) ?? 1;
  return [
    `Program construction under mocks (median of ${repetitions}):`,
    ...sizes.map((size) => {
      const ms = results.get(size) ?? 0;
      return `  ${size} servers ${ms.toFixed(1)} ms (${(ms / base).toFixed(2)}x of 3 servers)`;
    }),
  ].join("\n");
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
