import type * as pulumi from "@pulumi/pulumi";
import type { Problem } from "../common/problems";
import { notReady } from "../readiness/check";
import { quorumMembershipCheck } from "../readiness/quorumMembershipCheck";
import type { QuorumMembership } from "../readiness/quorumAssessment";
import { connectStringOf, type QuorumServer } from "../readiness/quorumServer";
import { sessionCheck } from "../readiness/sessionCheck";
import { waitFor } from "../readiness/waitFor";
import { boundedIntegerProblems, changedProperties, containsUnknown, isUnknown } from "./unknowns";

/** The inputs as the engine hands them to the provider. */
export interface QuorumReadyInputs {
  servers: QuorumServer[];
  timeoutSeconds: number;
  intervalMs: number;
  attemptTimeoutMs: number;
  /** Opaque values whose change re-runs the wait, such as container ids. */
  triggers: string[];
}

export interface QuorumReadyOutputs extends QuorumReadyInputs {
  leader: string;
  serving: string[];
}

const COMPARED: readonly (keyof QuorumReadyInputs)[] = [
  "servers",
  "timeoutSeconds",
  "intervalMs",
  "attemptTimeoutMs",
  "triggers",
];

/** Problems with the gate's inputs; unknown (preview) values are accepted as they are. */
export function validateQuorumReadyInputs(
  inputs: Partial<Record<keyof QuorumReadyInputs, unknown>>,
): Problem[] {
  return [
    ...validateServerList(inputs.servers, "servers"),
    ...boundedIntegerProblems(inputs, [
      ["timeoutSeconds", 3600],
      ["intervalMs", 60000],
      ["attemptTimeoutMs", 60000],
    ]),
  ];
}

/** Problems with a list of servers to wait for: at least one, each named once and reachable. */
export function validateServerList(servers: unknown, property: string): Problem[] {
  if (isUnknown(servers)) {
    return [];
  }
  if (!Array.isArray(servers) || servers.length === 0) {
    return [{ property, reason: "list at least one server to wait for" }];
  }
  const names = new Set<string>();
  return servers.flatMap((server: unknown, index) =>
    validateServer(server, `${property}[${index}]`, names),
  );
}

/** Problems with one server entry; `names` collects the names seen, to refuse duplicates. */
export function validateServer(server: unknown, property: string, names: Set<string>): Problem[] {
  if (containsUnknown(server)) {
    return [];
  }
  const { name, host, port } = (server ?? {}) as Partial<Record<keyof QuorumServer, unknown>>;
  const problems: Problem[] = [];
  if (typeof name !== "string" || name === "") {
    problems.push({ property: `${property}.name`, reason: "give the server a name for messages" });
  } else if (names.has(name)) {
    problems.push({ property: `${property}.name`, reason: `"${name}" is listed twice` });
  } else {
    names.add(name);
  }
  if (typeof host !== "string" || host === "") {
    problems.push({
      property: `${property}.host`,
      reason:
        "give the address Pulumi reaches the server on (publish its client port or use its container IP)",
    });
  }
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push({ property: `${property}.port`, reason: `${String(port)} is not a TCP port` });
  }
  return problems;
}

/** Waits for one leader, a majority serving, and a working client session. */
export async function waitForQuorum(inputs: QuorumReadyInputs): Promise<QuorumMembership> {
  const membership = quorumMembershipCheck(inputs.servers, inputs.attemptTimeoutMs);
  const session = sessionCheck(connectStringOf(inputs.servers), inputs.attemptTimeoutMs);
  return waitFor(
    {
      description: membership.description,
      attempt: async () => {
        const outcome = await membership.attempt();
        if (!outcome.ready) {
          return outcome;
        }
        const sessionOutcome = await session.attempt();
        return sessionOutcome.ready
          ? outcome
          : notReady(`quorum formed but ${sessionOutcome.reason}`);
      },
    },
    { timeoutMs: inputs.timeoutSeconds * 1000, intervalMs: inputs.intervalMs },
  );
}

async function waitAndDescribe(inputs: QuorumReadyInputs): Promise<QuorumReadyOutputs> {
  const membership = await waitForQuorum(inputs);
  return { ...inputs, leader: membership.leader, serving: membership.serving };
}

/**
 * Provider of {@link QuorumReady}. `check` and `diff` are pure so previews never touch the
 * ensemble; only `create` and `update` wait.
 */
export const quorumReadyProvider: pulumi.dynamic.ResourceProvider = {
  check: (_olds: unknown, news: QuorumReadyInputs) =>
    Promise.resolve({ inputs: news, failures: validateQuorumReadyInputs(news) }),
  diff: (_id: string, olds: QuorumReadyOutputs, news: QuorumReadyInputs) =>
    Promise.resolve({ changes: changedProperties({ ...olds }, { ...news }, COMPARED).length > 0 }),
  create: async (inputs: QuorumReadyInputs) => {
    const outs = await waitAndDescribe(inputs);
    return { id: inputs.servers.map((s) => s.name).join(","), outs };
  },
  update: async (_id: string, _olds: QuorumReadyOutputs, news: QuorumReadyInputs) => ({
    outs: await waitAndDescribe(news),
  }),
};
