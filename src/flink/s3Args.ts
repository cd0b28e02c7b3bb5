import type * as pulumi from "@pulumi/pulumi";

/**
 * Flink's S3 filesystem, for a `storageDir` in S3 or an S3-compatible store (what JobManagers on
 * several Docker hosts can share): the `s3.*` settings Flink passes to Hadoop's S3A, and the
 * plugin the official image enables. Credentials left unset are looked up by S3A itself
 * (environment variables, instance profile).
 */
export interface FlinkS3Args {
  /**
   * `s3.endpoint`: an S3-compatible store's URL (http:// or https://), such as
   * "http://10.20.0.20:9000". Unset: AWS's endpoint for the region.
   */
  endpoint?: pulumi.Input<string>;
  /**
   * The region, as Hadoop's `fs.s3a.endpoint.region`. Not written as `s3.endpoint.region`:
   * config.yaml cannot hold that key next to `s3.endpoint`, of which it would be a child.
   */
  region?: string;
  /**
   * `s3.path.style.access`: the bucket in the path, as most S3-compatible stores need. Defaults
   * to true when `endpoint` is set, else false.
   */
  pathStyleAccess?: boolean;
  /** `s3.access-key`. Set with `secretKey`, or neither. */
  accessKey?: pulumi.Input<string>;
  /**
   * `s3.secret-key`. Always kept secret: the configuration file is a secret whenever it is set,
   * even when given as a plain string.
   */
  secretKey?: pulumi.Input<string>;
  /**
   * The S3 filesystem plugin jar in the image's `opt/`, which the official image's entrypoint
   * enables (links into `plugins/`) through `ENABLE_BUILT_IN_PLUGINS` in every JobManager and
   * TaskManager. Defaults to `flink-s3-fs-hadoop-<flinkVersion>.jar`. Set false when the image
   * already has an S3 plugin under `plugins/`.
   */
  plugin?: string | false;
}

/** `s3` with its inputs that may be outputs resolved to plain values. */
export type PlainFlinkS3Args = Omit<FlinkS3Args, "endpoint" | "accessKey" | "secretKey"> & {
  endpoint?: string;
  accessKey?: string;
  secretKey?: string;
};
