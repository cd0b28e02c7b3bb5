import * as pulumi from "@pulumi/pulumi";
import type { FlinkHaClusterArgs, PlainFlinkArgs } from "./flinkArgs";
import type { FlinkS3Args, PlainFlinkS3Args } from "./s3Args";

/**
 * The cluster's arguments with the inputs that may be other resources' outputs (`pathRoot`,
 * `clusterId`, `storageDir`, `jobManagerPorts`, `extraSettings` values, and `s3`'s endpoint and
 * keys) resolved. Plain values resolve at once; an Output known at preview resolves in the
 * preview, an unknown one on `up`. A secret input makes the result secret, and so does an S3
 * secret key, however it was given.
 */
export function resolvedFlinkArgs(args: FlinkHaClusterArgs): pulumi.Output<PlainFlinkArgs> {
  return pulumi
    .all([
      args.pathRoot,
      args.clusterId,
      args.storageDir,
      args.jobManagerPorts,
      pulumi.all(args.extraSettings ?? {}),
      args.s3 === undefined ? undefined : resolvedS3(args.s3),
    ])
    .apply(
      ([pathRoot, clusterId, storageDir, jobManagerPorts, extraSettings, s3]): PlainFlinkArgs => {
        // Unset stays unset: the checks tell an absent field from one set to undefined.
        const resolved: PlainFlinkArgs = {
          ...(args as PlainFlinkArgs),
          ...(pathRoot === undefined ? {} : { pathRoot }),
          ...(clusterId === undefined ? {} : { clusterId }),
          ...(storageDir === undefined ? {} : { storageDir }),
          ...(jobManagerPorts === undefined ? {} : { jobManagerPorts }),
          ...(args.extraSettings === undefined ? {} : { extraSettings }),
          ...(s3 === undefined ? {} : { s3 }),
        };
        return resolved;
      },
    );
}

/** `s3` resolved, its secret key wrapped as a secret so the file rendered from it is one. */
function resolvedS3(s3: FlinkS3Args): pulumi.Output<PlainFlinkS3Args> {
  const { endpoint, accessKey, secretKey, ...plain } = s3;
  return pulumi
    .all([endpoint, accessKey, secretKey === undefined ? undefined : pulumi.secret(secretKey)])
    .apply(([resolvedEndpoint, resolvedAccessKey, resolvedSecretKey]) => ({
      ...plain,
      ...(resolvedEndpoint === undefined ? {} : { endpoint: resolvedEndpoint }),
      ...(resolvedAccessKey === undefined ? {} : { accessKey: resolvedAccessKey }),
      ...(resolvedSecretKey === undefined ? {} : { secretKey: resolvedSecretKey }),
    }));
}
