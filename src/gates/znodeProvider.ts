import type * as pulumi from "@pulumi/pulumi";
import type { Problem } from "../common/problems";
import { notReady, ready } from "../readiness/check";
import { withSession } from "../readiness/sessionCheck";
import { waitFor } from "../readiness/waitFor";
import { ensureZnode, removeZnodeTree } from "../readiness/znodeOperations";
import { znodePathProblem } from "../zookeeper/znodePath";
import { changedProperties, isUnknown, connectStringInputProblems } from "./unknowns";

export interface ZNodeInputs {
  connectString: string;
  path: string;
  /** Data written on create and update; absent means "leave as is". */
  data?: string;
  deleteOnDestroy: boolean;
  timeoutSeconds: number;
}

export interface ZNodeOutputs extends ZNodeInputs {
  /** Whether the path was already there when the resource was created. */
  existed: boolean;
}

export function validateZNodeInputs(
  inputs: Partial<Record<keyof ZNodeInputs, unknown>>,
): Problem[] {
  const problems: Problem[] = [];
  const { connectString, path, timeoutSeconds, data } = inputs;
  problems.push(...connectStringInputProblems(connectString));
  if (!isUnknown(path)) {
    const problem =
      typeof path === "string"
        ? znodePathProblem("path", path)
        : { property: "path", reason: "give the znode path as a string, such as /flink" };
    if (problem) {
      problems.push(problem);
    }
  }
  if (!isUnknown(data) && data !== undefined && typeof data !== "string") {
    problems.push({ property: "data", reason: "data must be a string" });
  }
  if (
    !isUnknown(timeoutSeconds) &&
    !(
      typeof timeoutSeconds === "number" &&
      Number.isInteger(timeoutSeconds) &&
      timeoutSeconds >= 1 &&
      timeoutSeconds <= 3600
    )
  ) {
    problems.push({
      property: "timeoutSeconds",
      reason: `${String(timeoutSeconds)} is not allowed; use 1 to 3600`,
    });
  }
  return problems;
}

/** Creates the path (and parents) if missing, retrying until the ensemble answers. */
async function ensure(inputs: ZNodeInputs): Promise<ZNodeOutputs> {
  const attemptTimeoutMs = 5000;
  const { existed } = await waitFor(
    {
      description: `znode ${inputs.path} on ${inputs.connectString}`,
      attempt: () =>
        withSession(inputs.connectString, attemptTimeoutMs, (client) =>
          ensureZnode(client, inputs.path, inputs.data),
        ).then(ready, (error: unknown) => notReady<{ existed: boolean }>(String(error))),
    },
    { timeoutMs: inputs.timeoutSeconds * 1000, intervalMs: 1000 },
  );
  return { ...inputs, existed };
}

/**
 * Provider of {@link ZNode}. Deleting the resource leaves the znode and its children in place
 * unless `deleteOnDestroy` was set: HA state must outlive the resource that declared its path.
 */
export const znodeProvider: pulumi.dynamic.ResourceProvider = {
  check: (_olds: unknown, news: ZNodeInputs) =>
    Promise.resolve({ inputs: news, failures: validateZNodeInputs(news) }),
  diff: (_id: string, olds: ZNodeOutputs, news: ZNodeInputs) => {
    const changed = changedProperties({ ...olds }, { ...news }, [
      "connectString",
      "path",
      "data",
      "deleteOnDestroy",
      "timeoutSeconds",
    ]);
    return Promise.resolve({
      changes: changed.length > 0,
      replaces: changed.filter((key) => key === "path"),
    });
  },
  create: async (inputs: ZNodeInputs) => ({ id: inputs.path, outs: await ensure(inputs) }),
  update: async (_id: string, olds: ZNodeOutputs, news: ZNodeInputs) => ({
    outs: { ...(await ensure(news)), existed: olds.existed },
  }),
  delete: async (_id: string, props: ZNodeOutputs) => {
    if (props.deleteOnDestroy) {
      await withSession(props.connectString, props.timeoutSeconds * 1000, (client) =>
        removeZnodeTree(client, props.path),
      );
    }
  },
};
