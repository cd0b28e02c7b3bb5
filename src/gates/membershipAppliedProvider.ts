import type * as pulumi from "@pulumi/pulumi";
import { membersReconciled } from "../readiness/membersReconciled";
import type { QuorumServer } from "../readiness/quorumServer";
import { serverServingCheck } from "../readiness/serverServingCheck";
import { waitFor } from "../readiness/waitFor";
import { validateServerList } from "./quorumReadyProvider";
import { boundedIntegerProblems, changedProperties } from "./unknowns";

/** The inputs as the engine hands them to the provider. */
export interface MembershipAppliedInputs {
  ensemble: string;
  /** One `server.<id>=...` line per member wanted. */
  members: string[];
  /** Every member, as Pulumi reaches its client port, in the order of `members`. */
  servers: QuorumServer[];
  /** The super user's password, for `reconfig`. A secret. */
  superPassword: string;
  timeoutSeconds: number;
  /** The servers' container ids: any replacement makes the gate check again. */
  triggers: string[];
}

export interface MembershipAppliedOutputs extends MembershipAppliedInputs {
  /** The version of the configuration ZooKeeper committed, as `/zookeeper/config` gives it. */
  configVersion: string;
}

const COMPARED: readonly (keyof MembershipAppliedInputs)[] = [
  "ensemble",
  "members",
  "servers",
  "timeoutSeconds",
  "triggers",
];

/**
 * Commits `members` (adding servers that now run as non-voting followers) and waits until each
 * member serves in the quorum. Both steps only act when something differs, so an unchanged
 * ensemble passes at once.
 */
export async function applyMembers(inputs: MembershipAppliedInputs): Promise<string> {
  const deadline = Date.now() + inputs.timeoutSeconds * 1000;
  const remaining = (): number => Math.max(1000, deadline - Date.now());
  const version = await waitFor(
    membersReconciled({
      servers: inputs.servers,
      members: inputs.members,
      superPassword: inputs.superPassword,
      attemptTimeoutMs: 5000,
    }),
    { timeoutMs: remaining(), intervalMs: 1000 },
  );
  for (const server of inputs.servers) {
    await waitFor(serverServingCheck(server, 3000), { timeoutMs: remaining(), intervalMs: 500 });
  }
  return version;
}

/**
 * Provider of {@link MembershipApplied}: `check` and `diff` are pure, so previews never touch
 * the ensemble; `create` and `update` run {@link applyMembers}.
 */
export const membershipAppliedProvider: pulumi.dynamic.ResourceProvider = {
  check: (_olds: unknown, news: MembershipAppliedInputs) =>
    Promise.resolve({
      inputs: news,
      failures: [
        ...validateServerList(news.servers, "servers"),
        ...boundedIntegerProblems({ ...news }, [["timeoutSeconds", 3600]]),
      ],
    }),
  diff: (_id: string, olds: MembershipAppliedOutputs, news: MembershipAppliedInputs) =>
    Promise.resolve({ changes: changedProperties({ ...olds }, { ...news }, COMPARED).length > 0 }),
  create: async (inputs: MembershipAppliedInputs) => ({
    id: inputs.ensemble,
    outs: { ...inputs, configVersion: await applyMembers(inputs) },
  }),
  update: async (_id: string, _olds: MembershipAppliedOutputs, news: MembershipAppliedInputs) => ({
    outs: { ...news, configVersion: await applyMembers(news) },
  }),
};
