import type * as pulumi from "@pulumi/pulumi";
import type { Problem } from "../common/problems";
import { flinkLeaderCheck, type FlinkJobManagerRef } from "../readiness/flinkLeaderCheck";
import { waitFor } from "../readiness/waitFor";
import { znodePathProblem } from "../zookeeper/znodePath";
import {
  boundedIntegerProblems,
  changedProperties,
  containsUnknown,
  isUnknown,
  connectStringInputProblems,
} from "./unknowns";

/** The inputs as the engine hands them to the provider. */
export interface FlinkHaVerifiedInputs {
  connectString: string;
  haPath: string;
  jobManagers: FlinkJobManagerRef[];
  timeoutSeconds: number;
  intervalMs: number;
  attemptTimeoutMs: number;
  triggers: string[];
}

export interface FlinkHaVerifiedOutputs extends FlinkHaVerifiedInputs {
  leader: string;
  leaderRestAddress: string;
}

/** Every input: a change of any of them re-runs the wait (and JobManagerOrder's reading). */
export const HA_VERIFIED_COMPARED: readonly (keyof FlinkHaVerifiedInputs)[] = [
  "connectString",
  "haPath",
  "jobManagers",
  "timeoutSeconds",
  "intervalMs",
  "attemptTimeoutMs",
  "triggers",
];

/** Problems with the gate's inputs; unknown (preview) values are accepted as they are. */
export function validateHaVerifiedInputs(
  inputs: Partial<Record<keyof FlinkHaVerifiedInputs, unknown>>,
): Problem[] {
  const problems: Problem[] = [];
  const { connectString, haPath, jobManagers } = inputs;
  problems.push(...connectStringInputProblems(connectString));
  if (!isUnknown(haPath)) {
    const problem =
      typeof haPath === "string"
        ? znodePathProblem("haPath", haPath)
        : { property: "haPath", reason: "give the HA znode path as a string, such as /flink/a" };
    if (problem) {
      problems.push(problem);
    }
  }
  if (!isUnknown(jobManagers)) {
    if (!Array.isArray(jobManagers) || jobManagers.length === 0) {
      problems.push({ property: "jobManagers", reason: "list at least one JobManager" });
    } else {
      const names: string[] = [];
      jobManagers.forEach((jm: unknown, index) => {
        if (containsUnknown(jm)) {
          return;
        }
        const { name, alias } = (jm ?? {}) as Partial<Record<keyof FlinkJobManagerRef, unknown>>;
        if (typeof name !== "string" || name === "") {
          problems.push({ property: `jobManagers[${index}].name`, reason: "give a name" });
        } else if (names.includes(name)) {
          problems.push({
            property: `jobManagers[${index}].name`,
            reason: `"${name}" is listed twice`,
          });
        } else {
          names.push(name);
        }
        if (typeof alias !== "string" || alias === "") {
          problems.push({
            property: `jobManagers[${index}].alias`,
            reason: "give the address the JobManager advertises",
          });
        }
      });
    }
  }
  problems.push(
    ...boundedIntegerProblems(inputs, [
      ["timeoutSeconds", 3600],
      ["intervalMs", 60000],
      ["attemptTimeoutMs", 60000],
    ]),
  );
  return problems;
}

/** Waits until one JobManager leads every leader service; bounded by `timeoutSeconds`. */
export async function verifyHa(inputs: FlinkHaVerifiedInputs): Promise<FlinkHaVerifiedOutputs> {
  const leader = await waitFor(
    flinkLeaderCheck(
      inputs.connectString,
      inputs.haPath,
      inputs.jobManagers,
      inputs.attemptTimeoutMs,
    ),
    { timeoutMs: inputs.timeoutSeconds * 1000, intervalMs: inputs.intervalMs },
  );
  return { ...inputs, leader: leader.leader, leaderRestAddress: leader.restAddress };
}

/**
 * Provider of {@link FlinkHaVerified}. `check` and `diff` are pure so previews never touch
 * ZooKeeper; only `create` and `update` wait.
 */
export const flinkHaVerifiedProvider: pulumi.dynamic.ResourceProvider = {
  check: (_olds: unknown, news: FlinkHaVerifiedInputs) =>
    Promise.resolve({ inputs: news, failures: validateHaVerifiedInputs(news) }),
  diff: (_id: string, olds: FlinkHaVerifiedOutputs, news: FlinkHaVerifiedInputs) =>
    Promise.resolve({
      changes: changedProperties({ ...olds }, { ...news }, HA_VERIFIED_COMPARED).length > 0,
    }),
  create: async (inputs: FlinkHaVerifiedInputs) => ({
    id: inputs.haPath,
    outs: await verifyHa(inputs),
  }),
  update: async (_id: string, _olds: FlinkHaVerifiedOutputs, news: FlinkHaVerifiedInputs) => ({
    outs: await verifyHa(news),
  }),
};
