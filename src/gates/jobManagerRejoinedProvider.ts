import type * as pulumi from "@pulumi/pulumi";
import type { Problem } from "../common/problems";
import type { FlinkJobManagerRef } from "../readiness/flinkLeaderCheck";
import { jobManagerRejoinedCheck } from "../readiness/jobManagerRejoinedCheck";
import { waitFor } from "../readiness/waitFor";
import { validateHaVerifiedInputs } from "./flinkHaVerifiedProvider";
import { boundedIntegerProblems, changedProperties } from "./unknowns";

/** The inputs as the engine hands them to the provider. */
export interface JobManagerRejoinedInputs {
  connectString: string;
  haPath: string;
  /** Every JobManager of the cluster: each must be back in leader election. */
  jobManagers: FlinkJobManagerRef[];
  /** The replaced JobManager, for messages. */
  jobManager: string;
  /** Flink's ZooKeeper session timeout: how long a removed process's latch entry can outlive it. */
  sessionTimeoutMs: number;
  timeoutSeconds: number;
  intervalMs: number;
  attemptTimeoutMs: number;
  /** The JobManager's container id: its replacement is what makes the gate wait. */
  triggers: string[];
}

export interface JobManagerRejoinedOutputs extends JobManagerRejoinedInputs {
  /** The leader when the gate last waited; "" when it was created without waiting. */
  leader: string;
}

const COMPARED: readonly (keyof JobManagerRejoinedInputs)[] = [
  "connectString",
  "haPath",
  "jobManagers",
  "jobManager",
  "sessionTimeoutMs",
  "timeoutSeconds",
  "intervalMs",
  "attemptTimeoutMs",
  "triggers",
];

/** Problems with the gate's inputs; unknown (preview) values are accepted as they are. */
export function validateJobManagerRejoinedInputs(
  inputs: Partial<Record<keyof JobManagerRejoinedInputs, unknown>>,
): Problem[] {
  return [
    ...validateHaVerifiedInputs(inputs),
    ...boundedIntegerProblems(inputs, [["sessionTimeoutMs", 3_600_000]]),
  ];
}

async function waitUntilRejoined(inputs: JobManagerRejoinedInputs): Promise<string> {
  const startedAt = Date.now();
  // The removed process's latch entry lives until its session expires; counting before that
  // could pass on it instead of on the new process.
  await new Promise((resolve) => setTimeout(resolve, inputs.sessionTimeoutMs + 500));
  const joined = await waitFor(
    jobManagerRejoinedCheck(
      inputs.connectString,
      inputs.haPath,
      inputs.jobManagers,
      inputs.attemptTimeoutMs,
    ),
    {
      timeoutMs: Math.max(0, inputs.timeoutSeconds * 1000 - (Date.now() - startedAt)),
      intervalMs: inputs.intervalMs,
    },
  );
  return joined.leader;
}

/**
 * Provider of {@link JobManagerRejoined}. `create` does not wait: a cluster being created is
 * waited for by its FlinkHaVerified gate. `update`, run when the JobManager's container was
 * replaced, waits until every JobManager takes part in leader election and one leads, so the
 * next JobManager is replaced only while a standby is ready. `check` and `diff` are pure, so
 * previews never touch ZooKeeper.
 */
export const jobManagerRejoinedProvider: pulumi.dynamic.ResourceProvider = {
  check: (_olds: unknown, news: JobManagerRejoinedInputs) =>
    Promise.resolve({ inputs: news, failures: validateJobManagerRejoinedInputs(news) }),
  diff: (_id: string, olds: JobManagerRejoinedOutputs, news: JobManagerRejoinedInputs) =>
    Promise.resolve({ changes: changedProperties({ ...olds }, { ...news }, COMPARED).length > 0 }),
  create: (inputs: JobManagerRejoinedInputs) =>
    Promise.resolve({ id: inputs.jobManager, outs: { ...inputs, leader: "" } }),
  update: async (_id: string, olds: JobManagerRejoinedOutputs, news: JobManagerRejoinedInputs) => {
    if (olds.haPath !== news.haPath) {
      // A new HA path is a new cluster, created member by member like the first one.
      return { outs: { ...news, leader: "" } };
    }
    return { outs: { ...news, leader: await waitUntilRejoined(news) } };
  },
};
