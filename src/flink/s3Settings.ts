import type { FlinkS3Args, PlainFlinkS3Args } from "./flinkArgs";

// What the `s3` option becomes: the s3.* settings Flink hands to Hadoop's S3A (it passes keys
// under `s3.`, `s3a.` and `fs.s3a.` on as `fs.s3a.*`), and the plugin jar the official image's
// entrypoint enables.

/** The configuration key each field of `s3` is written as. */
export const S3_KEYS = {
  endpoint: "s3.endpoint",
  // Not `s3.endpoint.region`: in config.yaml it would nest under `s3.endpoint`, which is a value.
  region: "fs.s3a.endpoint.region",
  pathStyleAccess: "s3.path.style.access",
  accessKey: "s3.access-key",
  secretKey: "s3.secret-key",
} as const satisfies Record<Exclude<keyof FlinkS3Args, "plugin">, string>;

/** A field of `s3` that is written as a configuration key. */
export type S3SettingField = keyof typeof S3_KEYS;

/**
 * Keys extraSettings cannot set while `s3` is set, and the field to use instead: every key the
 * option writes, and `s3.endpoint.region`, which reaches S3A as the same key as the region.
 */
export const S3_OWNED_KEYS: Readonly<Record<string, S3SettingField>> = {
  [S3_KEYS.endpoint]: "endpoint",
  [S3_KEYS.region]: "region",
  "s3.endpoint.region": "region",
  [S3_KEYS.pathStyleAccess]: "pathStyleAccess",
  [S3_KEYS.accessKey]: "accessKey",
  [S3_KEYS.secretKey]: "secretKey",
};

/** How a problem names the secret key's value, which it never shows. */
export const SECRET_KEY_SHOWN = "the secret key";

/** The environment variable the official image's entrypoint enables plugins from opt/ by. */
export const BUILT_IN_PLUGINS_ENV = "ENABLE_BUILT_IN_PLUGINS";

/** The S3 filesystem, as the members are given it. */
export interface FlinkS3Spec {
  /** The settings, in the order they are rendered. */
  readonly settings: readonly [string, string][];
  /** The jar to enable through {@link BUILT_IN_PLUGINS_ENV}; undefined when the image has one. */
  readonly plugin?: string;
}

/** The jar the official image keeps in opt/ for Hadoop's S3A: named by the full release. */
export function defaultS3Plugin(flinkVersion: string): string {
  return `flink-s3-fs-hadoop-${flinkVersion}.jar`;
}

/**
 * The settings and plugin of `s3`; the secret key only when given. Path-style access defaults
 * to on with an endpoint: S3-compatible stores rarely serve buckets as host names.
 */
export function resolveS3(flinkVersion: string, s3: PlainFlinkS3Args): FlinkS3Spec {
  const pathStyleAccess = s3.pathStyleAccess ?? s3.endpoint !== undefined;
  const settings: [string, string][] = [
    ...optional(S3_KEYS.endpoint, s3.endpoint),
    ...optional(S3_KEYS.region, s3.region),
    [S3_KEYS.pathStyleAccess, String(pathStyleAccess)],
    ...optional(S3_KEYS.accessKey, s3.accessKey),
    ...optional(S3_KEYS.secretKey, s3.secretKey),
  ];
  const plugin = s3.plugin ?? defaultS3Plugin(flinkVersion);
  return plugin === false ? { settings } : { settings, plugin };
}

function optional(key: string, value: string | undefined): [string, string][] {
  return value === undefined ? [] : [[key, value]];
}
