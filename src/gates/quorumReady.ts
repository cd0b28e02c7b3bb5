import * as pulumi from "@pulumi/pulumi";
import { quorumReadyProvider } from "./quorumReadyProvider";

export interface QuorumServerArgs {
  /** Name used in messages, such as the container name. */
  name: pulumi.Input<string>;
  /** Address Pulumi reaches the server's client port on. */
  host: pulumi.Input<string>;
  port: pulumi.Input<number>;
}

export interface QuorumReadyArgs {
  /** Every voting server of the ensemble. */
  servers: pulumi.Input<pulumi.Input<QuorumServerArgs>[]>;
  /** How long `pulumi up` waits before failing. Defaults to 180. */
  timeoutSeconds?: pulumi.Input<number>;
  /** Pause between checks, in ms. Defaults to 500. */
  intervalMs?: pulumi.Input<number>;
  /** Bound on each probe and session attempt. Defaults to 3000. */
  attemptTimeoutMs?: pulumi.Input<number>;
  /** Values whose change re-runs the wait, such as the container ids. Defaults to none. */
  triggers?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * A gate that exists once a ZooKeeper ensemble serves: one leader, a majority of servers in the
 * quorum (`srvr`, and `mntr` on the leader) and a working client session. Resources that need
 * ZooKeeper depend on it. Fails after `timeoutSeconds`, naming the servers that are missing.
 *
 * ## Example
 * ```ts
 * const ready = new QuorumReady("zk-ready", {
 *   servers: [{ name: "zk-1", host: "127.0.0.1", port: 2181 }],
 * });
 * ```
 */
export class QuorumReady extends pulumi.dynamic.Resource {
  /** Name of the server that led when the gate passed. */
  declare readonly leader: pulumi.Output<string>;
  /** Servers in the quorum when the gate passed, leader first. */
  declare readonly serving: pulumi.Output<string[]>;

  constructor(name: string, args: QuorumReadyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      quorumReadyProvider,
      name,
      {
        servers: args.servers,
        timeoutSeconds: args.timeoutSeconds ?? 180,
        intervalMs: args.intervalMs ?? 500,
        attemptTimeoutMs: args.attemptTimeoutMs ?? 3000,
        triggers: args.triggers ?? [],
        leader: undefined,
        serving: undefined,
      },
      opts,
      "pulumi-zk-ha",
      "QuorumReady",
    );
  }
}
