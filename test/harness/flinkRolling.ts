import { flinkLeaderCheck } from "../../src/readiness/flinkLeaderCheck";
import type { RecordingMonitor } from "../helpers/recordingMonitor";
import type { RunningFlink } from "./flinkFixture";

const REJOINED = "JobManagerRejoined";

/**
 * The JobManager resources in the order a deployment replaces them: the one that depends on no
 * rejoin gate first, then each one depending on the previous one's gate.
 */
export function chainOrder(monitor: RecordingMonitor): string[] {
  const jobManagers = monitor
    .ofType("docker:index/container:Container")
    .filter((c) => /-jm-\d+$/.test(c.name));
  const gateOf = (name: string): string | undefined =>
    jobManagers
      .find((c) => c.name === name)
      ?.dependencies.find((urn) => urn.includes(REJOINED))
      ?.split("::")
      .pop();
  const order: string[] = [];
  let next = jobManagers.find((c) => gateOf(c.name) === undefined)?.name;
  while (next !== undefined && order.length < jobManagers.length) {
    order.push(next);
    const previous: string = next;
    next = jobManagers.find((c) => gateOf(c.name) === `${previous}-rejoined`)?.name;
  }
  return order;
}

/** Polls the cluster's leader every 250 ms and keeps the sequence of distinct leaders. */
export class LeaderWatch {
  readonly sequence: string[] = [];
  current: string | undefined;
  private stopped = false;

  constructor(private readonly flink: RunningFlink) {}

  async run(): Promise<void> {
    const check = flinkLeaderCheck(
      this.flink.ensemble.hostConnectString,
      this.flink.haPath,
      this.flink.haVerifiedInputs.jobManagers,
      3000,
    );
    // Bounded: at most 30 minutes of polling.
    for (let i = 0; i < 7200 && !this.stopped; i++) {
      const outcome = await check.attempt();
      if (outcome.ready) {
        this.current = outcome.value.leader;
        if (this.sequence[this.sequence.length - 1] !== this.current) {
          this.sequence.push(this.current);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }
}
