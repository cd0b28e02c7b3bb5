import { isIP } from "node:net";
import type * as docker from "@pulumi/docker";
import type * as pulumi from "@pulumi/pulumi";
import type { Problem } from "./problems";
import { escapeControl } from "./rules";

// What the ZooKeeper ensemble, the Flink cluster and the Oozie cluster share about `placement`
// (members spread over several Docker hosts, one provider per host). Each component words its
// own hints; the rules, and the shape of their messages, are the same.

/** The Docker host a member runs on: its network there, and the host's provider. */
export interface DockerHost {
  readonly networkName: pulumi.Input<string>;
  /** Undefined when not placed: the component's own provider. */
  readonly provider: docker.Provider | undefined;
}

/** The distinct Docker providers of a placement's entries, in order of first appearance. */
export function distinctProviders<P>(entries: Iterable<{ readonly provider: P }>): P[] {
  return [...new Set([...entries].map((entry) => entry.provider))];
}

/**
 * One problem per member without an entry: members are placed all or none, since a placed
 * member cannot reach an unplaced one's network alias.
 */
export function unplacedProblems(
  members: readonly number[],
  entries: object,
  propertyOf: (member: number) => string,
  wording: { readonly noun: string; readonly every: string },
): Problem[] {
  return members
    .filter((member) => !(member in entries))
    .map((member) => ({
      property: propertyOf(member),
      reason: `${wording.noun} ${member} has no placement; place ${wording.every} or none`,
    }));
}

/** The problem with an entry for a member that does not exist; `hint` says which do. */
export function unknownMemberProblem(
  property: string,
  noun: string,
  key: string,
  hint: string,
): Problem {
  return { property, reason: `there is no ${noun} ${key}; ${hint}` };
}

/** The problem with a `bindAddress` that is not an IP address; undefined when it is, or unset. */
export function bindAddressProblem(
  property: string,
  bindAddress: string | undefined,
): Problem | undefined {
  if (bindAddress === undefined || isIP(bindAddress) !== 0) {
    return undefined;
  }
  return { property, reason: `"${escapeControl(bindAddress)}" is not an IP address` };
}

/**
 * The host addresses the entries took so far: two servers on one address are on one host, and
 * fail together.
 */
export class HostAddresses {
  private readonly owners = new Map<string, string>();

  /**
   * The problem when an earlier entry took `address`; otherwise records it for `entry` (the
   * entry's property, such as `placement[2]`).
   */
  take(entry: string, address: string): Problem | undefined {
    const owner = this.owners.get(address);
    if (owner !== undefined) {
      return {
        property: `${entry}.address`,
        reason: `${address} is also the address of ${owner}; place one server per host`,
      };
    }
    this.owners.set(address, entry);
    return undefined;
  }
}

/**
 * Placed members publish ports on their hosts' addresses, beyond loopback: the owner opts in.
 * `why` says what is published, `firewall` what to firewall ("those ports", "that port").
 */
export function nonLoopbackOptInProblem(
  allowNonLoopbackPublish: boolean | undefined,
  why: string,
  firewall: string,
): Problem | undefined {
  if (allowNonLoopbackPublish === true) {
    return undefined;
  }
  return {
    property: "allowNonLoopbackPublish",
    reason: `${why}; set allowNonLoopbackPublish: true and firewall ${firewall}`,
  };
}

/** One problem per argument that placement replaces and that is set anyway, in the given order. */
export function unsetWithPlacementProblems(
  args: object,
  reasons: Readonly<Record<string, string>>,
): Problem[] {
  const values = args as Record<string, unknown>;
  return Object.entries(reasons)
    .filter(([field]) => values[field] !== undefined)
    .map(([property, reason]) => ({ property, reason }));
}
