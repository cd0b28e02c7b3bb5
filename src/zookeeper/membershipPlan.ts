import type { Problem } from "../common/problems";
import { majorityOf } from "./ensembleSpec";

/** One member as a `server.<id>=` line names it. */
export interface MemberLine {
  readonly id: number;
  /** `<address>:<peer>:<election>`: what the quorum protocol dials. */
  readonly quorum: string;
  /** `<client address>:<client port>`; undefined in lines written before members were dynamic. */
  readonly client?: string;
  /** The line as given. */
  readonly line: string;
}

/** How a member list changes, by server id. */
export interface MembershipPlan {
  readonly kept: number[];
  readonly joining: number[];
  readonly leaving: number[];
  /** Kept servers whose address, quorum ports or client port change. */
  readonly modified: number[];
}

/**
 * Parses `server.<id>=<address>:<peer>:<election>[:<role>][;<client address>:<port>]` lines,
 * as the component renders them and as ZooKeeper lists them in `/zookeeper/config`. Other
 * lines (`version=`) are skipped.
 */
export function parseMembers(lines: readonly string[]): MemberLine[] {
  const members: MemberLine[] = [];
  for (const line of lines) {
    const match = /^server\.(\d+)=([^;]*?)(?::(?:participant|observer))?(?:;(.*))?$/.exec(
      line.trim(),
    );
    if (match?.[1] !== undefined && match[2] !== undefined) {
      members.push({
        id: Number(match[1]),
        quorum: match[2],
        ...(match[3] === undefined ? {} : { client: match[3] }),
        line: line.trim(),
      });
    }
  }
  return members.sort((a, b) => a.id - b.id);
}

/** True when both name the same quorum address and, where both list one, the same client port. */
function sameMember(a: MemberLine, b: MemberLine): boolean {
  return (
    a.quorum === b.quorum &&
    (a.client === undefined || b.client === undefined || a.client === b.client)
  );
}

export function planMembership(olds: readonly string[], news: readonly string[]): MembershipPlan {
  const before = new Map(parseMembers(olds).map((m) => [m.id, m]));
  const after = new Map(parseMembers(news).map((m) => [m.id, m]));
  const kept = [...after.keys()].filter((id) => before.has(id));
  return {
    kept,
    joining: [...after.keys()].filter((id) => !before.has(id)),
    leaving: [...before.keys()].filter((id) => !after.has(id)),
    modified: kept.filter((id) => {
      const a = before.get(id);
      const b = after.get(id);
      return a !== undefined && b !== undefined && !sameMember(a, b);
    }),
  };
}

/** True when the two lists name the same members at the same addresses and ports. */
export function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  const plan = planMembership(a, b);
  return plan.joining.length === 0 && plan.leaving.length === 0 && plan.modified.length === 0;
}

/** Where the guard stands when it judges a change. */
export interface MembershipContext {
  /** Servers are placed on hosts: their quorum ports are published there. */
  readonly placed: boolean;
  /** Servers are replaced one at a time, each after the previous one serves again. */
  readonly rolling: boolean;
  /** Pulumi can reach the servers before they change (published or placed client ports). */
  readonly reachable: boolean;
}

const GUIDE = `see docs/updating.md, "Changing the ensemble's members"`;

/**
 * Why a change of members is refused, or undefined when it is safe. Safe changes keep a
 * majority of the new ensemble among the servers that stay (so joiners can never elect a leader
 * of their own) and change either the server ids or the addresses and ports, not both.
 */
export function membershipChangeProblem(
  olds: readonly string[],
  news: readonly string[],
  context: MembershipContext,
): Problem | undefined {
  const plan = planMembership(olds, news);
  const refuse = (reason: string): Problem => ({
    property: "members",
    reason: `${describeChange(plan, news.length, olds.length)}: ${reason} (${GUIDE})`,
  });
  if (plan.joining.length + plan.leaving.length + plan.modified.length === 0) {
    return undefined;
  }
  const legacy = parseMembers(olds).some((m) => m.client === undefined);
  if (legacy) {
    return refuse(
      "this ensemble was deployed before members could change safely. Deploy this version once " +
        "with the members unchanged (it turns on ZooKeeper's reconfiguration), then change them",
    );
  }
  if (!context.rolling) {
    return refuse(
      "rollingReplacement is off, so every server would restart at once with the new list, and " +
        "a majority of them could elect a leader that lacks the latest writes. Turn " +
        "rollingReplacement on (the default with 3 or more servers) for this update",
    );
  }
  if (!context.reachable) {
    return refuse(
      "Pulumi must reach the servers before they change (to remove or move servers by " +
        "reconfig, and to wait for each added server), and only their container addresses, " +
        "known after, would reach them: set hostClientPortBase (or use placement)",
    );
  }
  if (plan.kept.length === 0) {
    return refuse("no server stays. Keep at least a majority of the new ensemble");
  }
  if (plan.joining.length > 0 && plan.kept.length === 1) {
    return refuse(
      "a single server cannot grow in place: it restarts with the new list and cannot serve " +
        "alone, and the new servers could elect a leader without its data. Start ensembles " +
        "that may grow with 3 servers, or deploy a new ensemble under another namePrefix",
    );
  }
  if (plan.joining.length > 0 && plan.kept.length < majorityOf(news.length)) {
    return refuse(
      `the ${plan.kept.length} server(s) that stay are not a majority of ${news.length}, so the ` +
        `new servers could elect a leader without them. Grow to at most ${2 * plan.kept.length - 1} ` +
        `servers in this update, and further in the next`,
    );
  }
  if (plan.modified.length > 0 && (plan.joining.length > 0 || plan.leaving.length > 0)) {
    return refuse("change server ids and addresses or ports in separate updates");
  }
  if (plan.modified.length > 0 && context.placed) {
    return refuse(
      "under placement each server's quorum ports are published on its host, and a container " +
        "cannot publish the new ports before the others use them. Keep the ports, or deploy a " +
        "new ensemble under another namePrefix",
    );
  }
  return undefined;
}

function describeChange(plan: MembershipPlan, newSize: number, oldSize: number): string {
  const parts = [
    ...(plan.joining.length > 0 ? [`adds ${plan.joining.join(", ")}`] : []),
    ...(plan.leaving.length > 0 ? [`removes ${plan.leaving.join(", ")}`] : []),
    ...(plan.modified.length > 0
      ? [`changes the address or ports of ${plan.modified.join(", ")}`]
      : []),
  ];
  return `the member change ${oldSize} → ${newSize} (${parts.join("; ")}) is refused`;
}

/**
 * The steps a safe change takes, in order, as the preview shows them. The rolling replacement
 * of each server in between is the ensemble's usual chain.
 */
export function membershipSteps(olds: readonly string[], news: readonly string[]): string[] {
  const plan = planMembership(olds, news);
  const steps: string[] = [];
  if (plan.leaving.length > 0) {
    steps.push(`reconfig: remove server(s) ${plan.leaving.join(", ")} while all others serve`);
  }
  if (plan.modified.length > 0) {
    steps.push(
      `reconfig: move server(s) ${plan.modified.join(", ")} to their new address or ports`,
    );
  }
  if (steps.length > 0 || plan.joining.length > 0) {
    steps.push("replace the servers one at a time, each after the previous one serves again");
  }
  if (plan.joining.length > 0) {
    steps.push(
      `start server(s) ${plan.joining.join(", ")} as non-voting followers, then reconfig: add them`,
    );
  }
  if (plan.leaving.length > 0) {
    steps.push(`delete the container(s) of server(s) ${plan.leaving.join(", ")}`);
  }
  return steps;
}
