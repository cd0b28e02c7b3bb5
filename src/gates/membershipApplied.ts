import * as pulumi from "@pulumi/pulumi";
import type { QuorumServerArgs } from "./quorumReady";
import { membershipAppliedProvider } from "./membershipAppliedProvider";

export interface MembershipAppliedArgs {
  /** The ensemble's name prefix. */
  ensemble: pulumi.Input<string>;
  /** One `server.<id>=<address>:<peer>:<election>:participant;<client>` line per member. */
  members: pulumi.Input<pulumi.Input<string>[]>;
  /** Every member, as Pulumi reaches its client port, in the order of `members`. */
  servers: pulumi.Input<pulumi.Input<QuorumServerArgs>[]>;
  /** The super user's password, for `reconfig`. */
  superPassword: pulumi.Input<string>;
  /** How long `up` waits before failing. Defaults to 180. */
  timeoutSeconds?: pulumi.Input<number>;
  /** Values whose change makes the gate check again, such as the container ids. */
  triggers?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * The last step of a change of members: once every server's container runs, commits the
 * wanted members with ZooKeeper's `reconfig` (adding the servers that joined as non-voting
 * followers) and waits until each member serves. Clients of the ensemble wait for it, so they
 * move to a new member list only once the ensemble has it.
 *
 * ## Example
 * ```ts
 * const applied = new MembershipApplied("zk-members", {
 *   ensemble: "ha",
 *   members: ["server.1=ha-zk-1:2888:3888:participant;0.0.0.0:2181"],
 *   servers: [{ name: "ha-zk-1", host: "127.0.0.1", port: 2181 }],
 *   superPassword: password,
 * });
 * ```
 */
export class MembershipApplied extends pulumi.dynamic.Resource {
  /** The version of the member configuration ZooKeeper committed. */
  declare readonly configVersion: pulumi.Output<string>;

  constructor(name: string, args: MembershipAppliedArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      membershipAppliedProvider,
      name,
      {
        ensemble: args.ensemble,
        members: args.members,
        servers: args.servers,
        superPassword: pulumi.secret(args.superPassword),
        timeoutSeconds: args.timeoutSeconds ?? 180,
        triggers: args.triggers ?? [],
        configVersion: undefined,
      },
      opts,
      "pulumi-zk-ha",
      "MembershipApplied",
    );
  }
}
