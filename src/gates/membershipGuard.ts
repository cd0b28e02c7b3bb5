import * as pulumi from "@pulumi/pulumi";
import type { QuorumServerArgs } from "./quorumReady";
import { membershipGuardProvider } from "./membershipGuardProvider";

export interface MembershipGuardArgs {
  /** The ensemble's name prefix. */
  ensemble: pulumi.Input<string>;
  /** One `server.<id>=<address>:<peer>:<election>:participant;<client>` line per member. */
  members: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Where Pulumi reaches each server's client port before the servers change: published or
   * placed ports. Empty when only container addresses exist, which are known only after.
   */
  servers: pulumi.Input<pulumi.Input<QuorumServerArgs>[]>;
  /** Servers are placed on hosts. */
  placed: pulumi.Input<boolean>;
  /** Servers are replaced one at a time (the ensemble's `rollingReplacement`). */
  rolling: pulumi.Input<boolean>;
  /** The super user's password, for `reconfig`. */
  superPassword: pulumi.Input<string>;
  /** How long a removal waits for the ensemble. Defaults to 180. */
  timeoutSeconds?: pulumi.Input<number>;
}

/**
 * The first step of any change to a deployed ensemble's members (its size, server ids, quorum
 * or client ports). At preview it refuses unsafe changes and lists the steps of safe ones; on
 * `up` it removes leaving servers, or moves servers to new ports, by ZooKeeper's `reconfig`
 * before any server is touched. Every server waits for it, so a refused change touches nothing.
 *
 * ## Example
 * ```ts
 * const guard = new MembershipGuard("zk-membership", {
 *   ensemble: "ha",
 *   members: ["server.1=ha-zk-1:2888:3888:participant;0.0.0.0:2181"],
 *   servers: [{ name: "ha-zk-1", host: "127.0.0.1", port: 2181 }],
 *   placed: false,
 *   rolling: true,
 *   superPassword: password,
 * });
 * ```
 */
export class MembershipGuard extends pulumi.dynamic.Resource {
  declare readonly members: pulumi.Output<string[]>;
  /** What the last `up` did, in order; empty when the members did not change. */
  declare readonly steps: pulumi.Output<string[]>;

  constructor(name: string, args: MembershipGuardArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      membershipGuardProvider,
      name,
      {
        ensemble: args.ensemble,
        members: args.members,
        servers: args.servers,
        placed: args.placed,
        rolling: args.rolling,
        superPassword: pulumi.secret(args.superPassword),
        timeoutSeconds: args.timeoutSeconds ?? 180,
        steps: undefined,
      },
      opts,
      "pulumi-zk-ha",
      "MembershipGuard",
    );
  }
}
