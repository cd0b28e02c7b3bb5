import * as pulumi from "@pulumi/pulumi";
import type { FlinkHaClusterArgs, PlainFlinkArgs } from "./flinkArgs";

/**
 * The cluster's arguments with the inputs that may be other resources' outputs (`pathRoot`,
 * `clusterId`, `storageDir`, `jobManagerPorts`, `extraSettings` values) resolved. Plain values
 * resolve at once; an Output known at preview resolves in the preview, an unknown one on `up`.
 * A secret input makes the result secret.
 */
export function resolvedFlinkArgs(args: FlinkHaClusterArgs): pulumi.Output<PlainFlinkArgs> {
  return pulumi
    .all([
      args.pathRoot,
      args.clusterId,
      args.storageDir,
      args.jobManagerPorts,
      pulumi.all(args.extraSettings ?? {}),
    ])
    .apply(([pathRoot, clusterId, storageDir, jobManagerPorts, extraSettings]): PlainFlinkArgs => {
      // Unset stays unset: the checks tell an absent field from one set to undefined.
      const resolved: PlainFlinkArgs = {
        ...(args as PlainFlinkArgs),
        ...(pathRoot === undefined ? {} : { pathRoot }),
        ...(clusterId === undefined ? {} : { clusterId }),
        ...(storageDir === undefined ? {} : { storageDir }),
        ...(jobManagerPorts === undefined ? {} : { jobManagerPorts }),
        ...(args.extraSettings === undefined ? {} : { extraSettings }),
      };
      return resolved;
    });
}
