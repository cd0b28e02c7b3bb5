import * as pulumi from "@pulumi/pulumi";
import { flinkHaVerifiedProvider } from "./flinkHaVerifiedProvider";

export interface FlinkHaVerifiedJobManagerArgs {
  /** Name used in messages and outputs, such as the container name. */
  name: pulumi.Input<string>;
  /** The address the JobManager advertises (`jobmanager.rpc.address`, `rest.address`). */
  alias: pulumi.Input<string>;
}

export interface FlinkHaVerifiedArgs {
  /** `host:port,...` Pulumi reaches the ensemble on. */
  connectString: pulumi.Input<string>;
  /** The cluster's HA znode, `<path.root>/<cluster-id>`, such as "/flink/cluster-a". */
  haPath: pulumi.Input<string>;
  /** Every JobManager of the cluster. */
  jobManagers: pulumi.Input<pulumi.Input<FlinkHaVerifiedJobManagerArgs>[]>;
  /** How long `pulumi up` waits for an elected leader. Defaults to 180. */
  timeoutSeconds?: pulumi.Input<number>;
  /** Pause between checks. Defaults to 1000. */
  intervalMs?: pulumi.Input<number>;
  /** Bound on each ZooKeeper session attempt. Defaults to 5000. */
  attemptTimeoutMs?: pulumi.Input<number>;
  /** Values whose change re-runs the wait, such as the JobManager container ids. */
  triggers?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * A gate that exists once a Flink HA cluster has elected a leader: the `connection_info` znodes
 * of the resource manager, dispatcher and REST server exist under `<haPath>/leader/` and all name
 * the same JobManager. Reports which one leads. Fails after `timeoutSeconds`, naming the znodes
 * still missing.
 *
 * ## Example
 * ```ts
 * const verified = new FlinkHaVerified("flink-ha", {
 *   connectString: ensemble.readinessConnectString,
 *   haPath: "/flink/cluster-a",
 *   jobManagers: [{ name: "jm-1", alias: "jm-1" }, { name: "jm-2", alias: "jm-2" }],
 * }, { dependsOn: jobManagerContainers });
 * ```
 */
export class FlinkHaVerified extends pulumi.dynamic.Resource {
  /** Name of the JobManager that led when the gate passed. */
  declare readonly leader: pulumi.Output<string>;
  /** The REST address the leader published. */
  declare readonly leaderRestAddress: pulumi.Output<string>;

  constructor(name: string, args: FlinkHaVerifiedArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      flinkHaVerifiedProvider,
      name,
      {
        connectString: args.connectString,
        haPath: args.haPath,
        jobManagers: args.jobManagers,
        timeoutSeconds: args.timeoutSeconds ?? 180,
        intervalMs: args.intervalMs ?? 1000,
        attemptTimeoutMs: args.attemptTimeoutMs ?? 5000,
        triggers: args.triggers ?? [],
        leader: undefined,
        leaderRestAddress: undefined,
      },
      opts,
      "pulumi-zk-ha",
      "FlinkHaVerified",
    );
  }
}
