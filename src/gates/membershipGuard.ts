import * as pulumi from "@pulumi/pulumi";
import { membershipGuardProvider } from "./membershipGuardProvider";

export interface MembershipGuardArgs {
  /** The ensemble's name prefix. */
  ensemble: pulumi.Input<string>;
  /** One entry per voting member, as `server.<id>=<address>:<peer>:<election>`. */
  members: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * Refuses, at preview, a change of a deployed ensemble's voting members (its size, server ids,
 * or quorum ports): a static rolling change can split the ensemble. Every server waits for it,
 * so a refused change touches nothing. A new name prefix is a new ensemble and passes.
 *
 * ## Example
 * ```ts
 * const guard = new MembershipGuard("zk-membership", {
 *   ensemble: "ha",
 *   members: ["server.1=ha-zk-1:2888:3888", "server.2=ha-zk-2:2888:3888", "server.3=ha-zk-3:2888:3888"],
 * });
 * ```
 */
export class MembershipGuard extends pulumi.dynamic.Resource {
  declare readonly members: pulumi.Output<string[]>;

  constructor(name: string, args: MembershipGuardArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      membershipGuardProvider,
      name,
      { ensemble: args.ensemble, members: args.members },
      opts,
      "pulumi-zk-ha",
      "MembershipGuard",
    );
  }
}
