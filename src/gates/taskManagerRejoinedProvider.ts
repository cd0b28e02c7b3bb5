import type * as pulumi from "@pulumi/pulumi";
import type { Problem } from "../common/problems";
import { taskManagerRegisteredCheck } from "../readiness/taskManagerRegisteredCheck";
import { waitFor } from "../readiness/waitFor";
import { boundedIntegerProblems, changedProperties, containsUnknown, isUnknown } from "./unknowns";

/** The inputs as the engine hands them to the provider. */
export interface TaskManagerRejoinedInputs {
  /** The JobManagers' REST URLs, as Pulumi reaches them. */
  restUrls: string[];
  /** The TaskManager's container name, for messages. */
  taskManager: string;
  /** How its processes' resource ids begin: `<taskmanager.host>:` or `<host>:<rpc port>-`. */
  processPrefix: string;
  timeoutSeconds: number;
  intervalMs: number;
  attemptTimeoutMs: number;
  /** The TaskManager's container id: its replacement is what makes the gate wait. */
  triggers: string[];
}

export interface TaskManagerRejoinedOutputs extends TaskManagerRejoinedInputs {
  /** The resource id of the process registered when the gate last passed. */
  process: string;
}

const COMPARED: readonly (keyof TaskManagerRejoinedInputs)[] = [
  "restUrls",
  "taskManager",
  "processPrefix",
  "timeoutSeconds",
  "intervalMs",
  "attemptTimeoutMs",
  "triggers",
];

/** Problems with the gate's inputs; unknown (preview) values are accepted as they are. */
export function validateTaskManagerRejoinedInputs(
  inputs: Partial<Record<keyof TaskManagerRejoinedInputs, unknown>>,
): Problem[] {
  const problems: Problem[] = [];
  const { restUrls, processPrefix } = inputs;
  if (
    !containsUnknown(restUrls) &&
    !(
      Array.isArray(restUrls) &&
      restUrls.length > 0 &&
      restUrls.every((url) => typeof url === "string" && /^https?:\/\/[^/]+$/.test(url))
    )
  ) {
    problems.push({
      property: "restUrls",
      reason: "list the JobManagers' REST URLs as http://host:port, without a path",
    });
  }
  if (!isUnknown(processPrefix) && !(typeof processPrefix === "string" && processPrefix !== "")) {
    problems.push({
      property: "processPrefix",
      reason: "give how the TaskManager's resource ids begin, such as tm-1:",
    });
  }
  return [
    ...problems,
    ...boundedIntegerProblems(inputs, [
      ["timeoutSeconds", 3600],
      ["intervalMs", 60000],
      ["attemptTimeoutMs", 60000],
    ]),
  ];
}

function waitUntilRegistered(inputs: TaskManagerRejoinedInputs, before: string[]): Promise<string> {
  return waitFor(
    taskManagerRegisteredCheck(
      inputs.restUrls,
      inputs.processPrefix,
      before,
      inputs.attemptTimeoutMs,
    ),
    { timeoutMs: inputs.timeoutSeconds * 1000, intervalMs: inputs.intervalMs },
  );
}

/**
 * Provider of {@link TaskManagerRejoined}. `create` waits until the TaskManager has registered
 * and keeps its process id; `update`, run when the container was replaced, waits until a process
 * other than that one has registered, so the next TaskManager is replaced only once this one
 * offers its slots again. `check` and `diff` are pure, so previews never reach Flink.
 */
export const taskManagerRejoinedProvider: pulumi.dynamic.ResourceProvider = {
  check: (_olds: unknown, news: TaskManagerRejoinedInputs) =>
    Promise.resolve({ inputs: news, failures: validateTaskManagerRejoinedInputs(news) }),
  diff: (_id: string, olds: TaskManagerRejoinedOutputs, news: TaskManagerRejoinedInputs) =>
    Promise.resolve({ changes: changedProperties({ ...olds }, { ...news }, COMPARED).length > 0 }),
  create: async (inputs: TaskManagerRejoinedInputs) => ({
    id: inputs.taskManager,
    outs: { ...inputs, process: await waitUntilRegistered(inputs, []) },
  }),
  update: async (
    _id: string,
    olds: TaskManagerRejoinedOutputs,
    news: TaskManagerRejoinedInputs,
  ) => ({
    outs: { ...news, process: await waitUntilRegistered(news, olds.process ? [olds.process] : []) },
  }),
};
