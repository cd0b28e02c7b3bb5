import type * as pulumi from "@pulumi/pulumi";
import type { Problem } from "../common/problems";
import { membersReconciled } from "../readiness/membersReconciled";
import type { QuorumServer } from "../readiness/quorumServer";
import { waitFor } from "../readiness/waitFor";
import {
  membershipChangeProblem,
  membershipSteps,
  parseMembers,
  planMembership,
} from "../zookeeper/membershipPlan";
import { changedProperties, containsUnknown } from "./unknowns";

/** The inputs as the engine hands them to the provider. */
export interface MembershipGuardInputs {
  /** The ensemble's name prefix: a new prefix is a new ensemble with new volumes. */
  ensemble: string;
  /** One `server.<id>=...` line per member, as the servers' dynamic files list them. */
  members: string[];
  /** Where Pulumi reaches each server before it changes; empty when it cannot. */
  servers: QuorumServer[];
  /** Servers are placed on hosts, which publish their quorum ports. */
  placed: boolean;
  /** Servers are replaced one at a time. */
  rolling: boolean;
  /** The super user's password, for `reconfig`. A secret. */
  superPassword: string;
  timeoutSeconds: number;
  /** What `up` will do, in order; shown by the preview. Set by `check`. */
  steps?: string[];
}

const COMPARED: readonly (keyof MembershipGuardInputs)[] = ["ensemble", "members", "servers"];

/** Why the change from `olds` to `news` is refused; undefined when it is safe or unknown. */
export function guardProblem(
  olds: Partial<MembershipGuardInputs>,
  news: MembershipGuardInputs,
): Problem | undefined {
  if (
    olds.members === undefined ||
    containsUnknown(news.members) ||
    containsUnknown(news.servers) ||
    olds.ensemble !== news.ensemble
  ) {
    return undefined;
  }
  const reachable = news.servers.length > 0 && news.servers.every((s) => s.host !== "");
  return membershipChangeProblem(olds.members, news.members, {
    placed: news.placed,
    rolling: news.rolling,
    reachable,
  });
}

/**
 * Provider of {@link MembershipGuard}. `check` runs in previews too: it refuses unsafe changes
 * and lists the steps of a safe one. `update` runs before any server changes: it removes the
 * leaving servers, or moves servers to new ports, by `reconfig` while every other server still
 * serves with the list it has. Joining servers are added after they run (MembershipApplied).
 */
export const membershipGuardProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds: Partial<MembershipGuardInputs>, news: MembershipGuardInputs) => {
    const problem = guardProblem(olds, news);
    const steps =
      olds.members === undefined || containsUnknown(news.members) || olds.ensemble !== news.ensemble
        ? []
        : membershipSteps(olds.members, news.members);
    return Promise.resolve({
      inputs: { ...news, steps },
      failures: problem ? [problem] : [],
    });
  },
  diff: (_id: string, olds: MembershipGuardInputs, news: MembershipGuardInputs) =>
    Promise.resolve({ changes: changedProperties({ ...olds }, { ...news }, COMPARED).length > 0 }),
  create: (inputs: MembershipGuardInputs) =>
    Promise.resolve({ id: inputs.ensemble, outs: { ...inputs } }),
  update: async (_id: string, olds: MembershipGuardInputs, news: MembershipGuardInputs) => {
    if (olds.ensemble === news.ensemble) {
      await removeOrMove(olds, news);
    }
    return { outs: { ...news } };
  },
};

/** The servers that stay, at their new addresses and ports, committed before anything rolls. */
async function removeOrMove(olds: MembershipGuardInputs, news: MembershipGuardInputs) {
  const plan = planMembership(olds.members, news.members);
  if (plan.leaving.length === 0 && plan.modified.length === 0) {
    return;
  }
  const kept = new Set(plan.kept);
  const members = parseMembers(news.members)
    .filter((m) => kept.has(m.id))
    .map((m) => m.line);
  const names = new Set(news.servers.map((s) => s.name));
  await waitFor(
    membersReconciled({
      // Through the servers that stay first; the leaving ones only as a last resort.
      servers: [...news.servers, ...olds.servers.filter((s) => !names.has(s.name))],
      members,
      superPassword: news.superPassword,
      attemptTimeoutMs: 5000,
    }),
    { timeoutMs: news.timeoutSeconds * 1000, intervalMs: 1000 },
  );
}
