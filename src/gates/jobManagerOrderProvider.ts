import type * as pulumi from "@pulumi/pulumi";
import { replacementOrder } from "../flink/replacementOrder";
import { flinkLeaderCheck } from "../readiness/flinkLeaderCheck";
import { waitFor } from "../readiness/waitFor";
import {
  HA_VERIFIED_COMPARED,
  validateHaVerifiedInputs,
  type FlinkHaVerifiedInputs,
} from "./flinkHaVerifiedProvider";
import { changedProperties } from "./unknowns";

/** FlinkHaVerified's inputs; `triggers` are digests of the JobManagers' container inputs. */
export type JobManagerOrderInputs = FlinkHaVerifiedInputs;

export interface JobManagerOrderOutputs extends JobManagerOrderInputs {
  /** Container names in the order the next rolling replacement takes: the leader last. */
  order: string[];
  /** The leader the order was built around; "" when none was found. */
  leader: string;
}

/** The current leader, or "" when none is found within `timeoutMs`. */
async function currentLeader(inputs: JobManagerOrderInputs, timeoutMs: number): Promise<string> {
  const check = flinkLeaderCheck(
    inputs.connectString,
    inputs.haPath,
    inputs.jobManagers,
    inputs.attemptTimeoutMs,
  );
  try {
    return (await waitFor(check, { timeoutMs, intervalMs: inputs.intervalMs })).leader;
  } catch {
    // No leader (a cluster being created, or a broken one an update may repair): index order.
    return "";
  }
}

async function ordered(inputs: JobManagerOrderInputs, timeoutMs: number) {
  const leader = await currentLeader(inputs, timeoutMs);
  const names = inputs.jobManagers.map((jm) => jm.name);
  return { ...inputs, order: replacementOrder(names, leader || undefined), leader };
}

/**
 * Provider of {@link JobManagerOrder}, on FlinkHaVerified's inputs, checked and compared alike.
 * `create` asks once (a new cluster has no leader yet; a
 * running one adopting this gate has); `update`, run when a JobManager is about to be replaced,
 * looks for the leader for up to `timeoutSeconds`. Neither fails for want of a leader: the
 * order then follows the indexes. `check` and `diff` are pure, so previews never touch ZooKeeper.
 */
export const jobManagerOrderProvider: pulumi.dynamic.ResourceProvider = {
  check: (_olds: unknown, news: JobManagerOrderInputs) =>
    Promise.resolve({ inputs: news, failures: validateHaVerifiedInputs(news) }),
  diff: (_id: string, olds: JobManagerOrderOutputs, news: JobManagerOrderInputs) =>
    Promise.resolve({
      changes: changedProperties({ ...olds }, { ...news }, HA_VERIFIED_COMPARED).length > 0,
    }),
  create: async (inputs: JobManagerOrderInputs) => ({
    id: inputs.haPath,
    outs: await ordered(inputs, 0),
  }),
  update: async (_id: string, _olds: JobManagerOrderOutputs, news: JobManagerOrderInputs) => ({
    outs: await ordered(news, news.timeoutSeconds * 1000),
  }),
};
