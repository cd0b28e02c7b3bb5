import * as pulumi from "@pulumi/pulumi";
import { znodeProvider } from "./znodeProvider";

export interface ZNodeArgs {
  /** `host:port,...` that Pulumi (not the containers) can reach. */
  connectString: pulumi.Input<string>;
  /** Absolute znode path, such as "/oozie" or "/flink/cluster-a". Parents are created too. */
  path: pulumi.Input<string>;
  /** UTF-8 data to write. Defaults to leaving the node's data as it is (empty when created). */
  data?: pulumi.Input<string>;
  /**
   * Delete the znode and everything below it when the resource is deleted. Defaults to false:
   * the data stays, so HA state survives a replaced or removed component.
   */
  deleteOnDestroy?: pulumi.Input<boolean>;
  /** How long to retry while the ensemble does not answer. Defaults to 60. */
  timeoutSeconds?: pulumi.Input<number>;
}

/**
 * Ensures a znode path exists. Idempotent: an existing path is kept with its children, and
 * deleting the resource keeps the data unless `deleteOnDestroy` is set.
 *
 * ## Example
 * ```ts
 * const root = new ZNode("flink-root", {
 *   connectString: ensemble.readinessConnectString,
 *   path: "/flink/cluster-a",
 * }, { dependsOn: [ensemble.quorumReady] });
 * ```
 */
export class ZNode extends pulumi.dynamic.Resource {
  declare readonly path: pulumi.Output<string>;
  /** Whether the path was already there when the resource was created. */
  declare readonly existed: pulumi.Output<boolean>;

  constructor(name: string, args: ZNodeArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      znodeProvider,
      name,
      {
        connectString: args.connectString,
        path: args.path,
        data: args.data,
        deleteOnDestroy: args.deleteOnDestroy ?? false,
        timeoutSeconds: args.timeoutSeconds ?? 60,
        existed: undefined,
      },
      opts,
      "pulumi-zk-ha",
      "ZNode",
    );
  }
}
