import type * as pulumi from "@pulumi/pulumi";
import type { Problem } from "../common/problems";
import { changedProperties, containsUnknown } from "./unknowns";

/** The inputs as the engine hands them to the provider. */
export interface MembershipGuardInputs {
  /** The ensemble's name prefix: a new prefix is a new ensemble with new volumes. */
  ensemble: string;
  /** One entry per voting member: its id, where the others dial it, its quorum ports. */
  members: string[];
}

const COMPARED: readonly (keyof MembershipGuardInputs)[] = ["ensemble", "members"];

/**
 * Why a change from `olds` to `news` is refused, or undefined when it is allowed. A change of
 * members within one ensemble is refused: with static configuration, servers holding the old
 * list and servers holding the new one can each count a majority of their own list, electing
 * two leaders. Unknown (preview) values are accepted as they are.
 */
export function membershipChangeProblem(
  olds: Partial<MembershipGuardInputs>,
  news: MembershipGuardInputs,
): Problem | undefined {
  if (
    olds.members === undefined ||
    containsUnknown(news) ||
    olds.ensemble !== news.ensemble ||
    JSON.stringify(olds.members) === JSON.stringify(news.members)
  ) {
    return undefined;
  }
  const added = news.members.filter((m) => !olds.members?.includes(m));
  const removed = olds.members.filter((m) => !news.members.includes(m));
  return {
    property: "members",
    reason:
      `ensemble "${news.ensemble}" would change its members in place ` +
      `(${olds.members.length} → ${news.members.length}; adds ${added.join(", ") || "none"}; ` +
      `removes ${removed.join(", ") || "none"}). Refused: with static configuration the servers ` +
      `holding the old list and those holding the new one can each count a majority and elect ` +
      `two leaders. Keep the size, server ids and quorum ports as deployed (see README, ` +
      `"Changing the ensemble's members").`,
  };
}

/**
 * Provider of {@link MembershipGuard}. All the work is in `check`, which runs in previews too:
 * a refused change fails the preview on this resource, and in `up` nothing that waits for the
 * guard (every server of the ensemble, and through them their clients) is touched.
 */
export const membershipGuardProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds: Partial<MembershipGuardInputs>, news: MembershipGuardInputs) => {
    const problem = membershipChangeProblem(olds, news);
    return Promise.resolve({ inputs: news, failures: problem ? [problem] : [] });
  },
  diff: (_id: string, olds: MembershipGuardInputs, news: MembershipGuardInputs) =>
    Promise.resolve({ changes: changedProperties({ ...olds }, { ...news }, COMPARED).length > 0 }),
  create: (inputs: MembershipGuardInputs) =>
    Promise.resolve({ id: inputs.ensemble, outs: { ...inputs } }),
  update: (_id: string, _olds: MembershipGuardInputs, news: MembershipGuardInputs) =>
    Promise.resolve({ outs: { ...news } }),
};
