import * as pulumi from "@pulumi/pulumi";
import type { FlinkHaVerifiedArgs } from "./flinkHaVerified";
import { jobManagerOrderProvider } from "./jobManagerOrderProvider";

/**
 * The same inputs as FlinkHaVerified's, with `jobManagers` in index order. Here
 * `timeoutSeconds` (default 30) bounds how long an update looks for the leader before it falls
 * back to index order, `intervalMs` defaults to 500, and `triggers` are what means a JobManager
 * is about to be replaced, such as a digest of each one's container inputs.
 */
export type JobManagerOrderArgs = FlinkHaVerifiedArgs;

/**
 * Decides, just before a rolling replacement of Flink JobManagers, the order it takes: the
 * standbys first and the current leader last, read from the leader election in ZooKeeper. The
 * JobManager containers depend on each other through `order`, so the job fails over once, to a
 * JobManager that already runs what the update brings, whichever JobManager led.
 *
 * ## Example
 * ```ts
 * const order = new JobManagerOrder("jm-order", {
 *   connectString: "127.0.0.1:2181",
 *   haPath: "/flink/cluster-a",
 *   jobManagers: [{ name: "jm-1", alias: "jm-1" }, { name: "jm-2", alias: "jm-2" }],
 *   triggers: [jm1Digest, jm2Digest],
 * });
 * export const nextOrder = order.order; // ["jm-1", "jm-2"] while jm-2 leads
 * ```
 */
export class JobManagerOrder extends pulumi.dynamic.Resource {
  /** Container names in replacement order, the leader last. */
  declare readonly order: pulumi.Output<string[]>;
  /** The leader the order was built around; "" when none was found. */
  declare readonly leader: pulumi.Output<string>;

  constructor(name: string, args: JobManagerOrderArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      jobManagerOrderProvider,
      name,
      {
        connectString: args.connectString,
        haPath: args.haPath,
        jobManagers: args.jobManagers,
        timeoutSeconds: args.timeoutSeconds ?? 30,
        intervalMs: args.intervalMs ?? 500,
        attemptTimeoutMs: args.attemptTimeoutMs ?? 5000,
        triggers: args.triggers ?? [],
        order: undefined,
        leader: undefined,
      },
      opts,
      "pulumi-zk-ha",
      "JobManagerOrder",
    );
  }
}
