import * as pulumi from "@pulumi/pulumi";
import type { QuorumServerArgs } from "./quorumReady";
import { serverRejoinedProvider } from "./serverRejoinedProvider";

export interface ServerRejoinedArgs {
  /** The server to wait for, as Pulumi reaches its client port. */
  server: pulumi.Input<QuorumServerArgs>;
  /**
   * The ensemble's other servers, as Pulumi reaches them before this one exists. When one of
   * them serves, creating the gate waits too (a server added to a running ensemble). Defaults
   * to none: creation passes at once.
   */
  peers?: pulumi.Input<pulumi.Input<QuorumServerArgs>[]>;
  /** How long an update waits before failing. Defaults to 180. */
  timeoutSeconds?: pulumi.Input<number>;
  /** Pause between checks, in ms. Defaults to 500. */
  intervalMs?: pulumi.Input<number>;
  /** Bound on each probe. Defaults to 3000. */
  attemptTimeoutMs?: pulumi.Input<number>;
  /** Values whose change makes the gate wait, such as the server's container id. */
  triggers?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * A gate for rolling replacement: once a ZooKeeper server's container has been replaced, it
 * waits until that server serves in the quorum again, so the next server is only replaced while
 * the others keep a majority. On creation it waits only when another server already serves (a
 * server added to a running ensemble); an ensemble being created cannot serve server by server. Fails after `timeoutSeconds`, naming the server and what it
 * last answered.
 *
 * ## Example
 * ```ts
 * const rejoined = new ServerRejoined("zk-1-rejoined", {
 *   server: { name: "zk-1", host: "127.0.0.1", port: 2181 },
 *   triggers: [zk1.id],
 * });
 * ```
 */
export class ServerRejoined extends pulumi.dynamic.Resource {
  /** The server's mode when the gate last waited ("leader" or "follower"); "" if it never did. */
  declare readonly mode: pulumi.Output<string>;

  constructor(name: string, args: ServerRejoinedArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      serverRejoinedProvider,
      name,
      {
        server: args.server,
        peers: args.peers ?? [],
        timeoutSeconds: args.timeoutSeconds ?? 180,
        intervalMs: args.intervalMs ?? 500,
        attemptTimeoutMs: args.attemptTimeoutMs ?? 3000,
        triggers: args.triggers ?? [],
        mode: undefined,
      },
      opts,
      "pulumi-zk-ha",
      "ServerRejoined",
    );
  }
}
