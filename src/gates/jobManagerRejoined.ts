import * as pulumi from "@pulumi/pulumi";
import type { FlinkHaVerifiedJobManagerArgs } from "./flinkHaVerified";
import { jobManagerRejoinedProvider } from "./jobManagerRejoinedProvider";

export interface JobManagerRejoinedArgs {
  /** `host:port,...` Pulumi reaches the ensemble on. */
  connectString: pulumi.Input<string>;
  /** The cluster's HA znode, `<path.root>/<cluster-id>`. */
  haPath: pulumi.Input<string>;
  /** Every JobManager of the cluster. */
  jobManagers: pulumi.Input<pulumi.Input<FlinkHaVerifiedJobManagerArgs>[]>;
  /** The JobManager this gate follows, for messages. */
  jobManager: pulumi.Input<string>;
  /** Flink's ZooKeeper session timeout (`high-availability.zookeeper.client.session-timeout`). */
  sessionTimeoutMs: pulumi.Input<number>;
  /** How long an update waits before failing. Defaults to 180. */
  timeoutSeconds?: pulumi.Input<number>;
  /** Pause between checks, in ms. Defaults to 500. */
  intervalMs?: pulumi.Input<number>;
  /** Bound on each ZooKeeper session attempt. Defaults to 5000. */
  attemptTimeoutMs?: pulumi.Input<number>;
  /** Values whose change makes the gate wait, such as the JobManager's container id. */
  triggers?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * A gate for rolling replacement of Flink JobManagers: once a JobManager's container has been
 * replaced, it waits until every JobManager of the cluster takes part in leader election again
 * (one entry each in the leader latch) and one of them leads, so the next JobManager is only
 * replaced while a standby can take over. On first creation it passes at once. Fails after
 * `timeoutSeconds`, saying how many JobManagers are in the election.
 *
 * ## Example
 * ```ts
 * const rejoined = new JobManagerRejoined("jm-2-rejoined", {
 *   connectString: "127.0.0.1:2181",
 *   haPath: "/flink/cluster-a",
 *   jobManagers: [{ name: "jm-1", alias: "jm-1" }, { name: "jm-2", alias: "jm-2" }],
 *   jobManager: "jm-2",
 *   sessionTimeoutMs: 1000,
 *   triggers: [jm2.id],
 * });
 * ```
 */
export class JobManagerRejoined extends pulumi.dynamic.Resource {
  /** The leader when the gate last waited; "" if it never did. */
  declare readonly leader: pulumi.Output<string>;

  constructor(name: string, args: JobManagerRejoinedArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      jobManagerRejoinedProvider,
      name,
      {
        connectString: args.connectString,
        haPath: args.haPath,
        jobManagers: args.jobManagers,
        jobManager: args.jobManager,
        sessionTimeoutMs: args.sessionTimeoutMs,
        timeoutSeconds: args.timeoutSeconds ?? 180,
        intervalMs: args.intervalMs ?? 500,
        attemptTimeoutMs: args.attemptTimeoutMs ?? 5000,
        triggers: args.triggers ?? [],
        leader: undefined,
      },
      opts,
      "pulumi-zk-ha",
      "JobManagerRejoined",
    );
  }
}
