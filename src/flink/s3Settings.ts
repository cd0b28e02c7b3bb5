import type { FlinkS3Args, PlainFlinkS3Args } from "./s3Args";

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

/** The prefixes Flink's S3 filesystem hands on to S3A, each rewritten as `fs.s3a.`. */
const S3A_PREFIXES = ["s3.", "s3a.", "fs.s3a."] as const;

/** Keys Flink's S3 filesystem copies to the S3A key of another spelling. */
const S3A_MIRRORED: Readonly<Record<string, string>> = {
  "fs.s3a.access-key": "fs.s3a.access.key",
  "fs.s3a.secret-key": "fs.s3a.secret.key",
  "fs.s3a.path-style-access": "fs.s3a.path.style.access",
};

/**
 * The S3A setting a Flink configuration key reaches, as Flink's S3 filesystem maps it
 * (`s3.access-key`, `s3a.access-key` and `fs.s3a.access.key` all reach `fs.s3a.access.key`);
 * undefined for a key it does not hand to S3A.
 */
export function s3aKeyOf(key: string): string | undefined {
  const prefix = S3A_PREFIXES.find((p) => key.startsWith(p));
  if (prefix === undefined) {
    return undefined;
  }
  const hadoopKey = `fs.s3a.${key.slice(prefix.length)}`;
  return S3A_MIRRORED[hadoopKey] ?? hadoopKey;
}

/**
 * The field of `s3` whose S3A setting `key` would also set, so extraSettings cannot set it
 * while `s3` is set: S3A would get two values. Undefined when `key` reaches another setting.
 */
export function s3FieldSetBy(key: string): S3SettingField | undefined {
  const target = s3aKeyOf(key);
  if (target === undefined) {
    return undefined;
  }
  const fields = Object.keys(S3_KEYS) as S3SettingField[];
  return fields.find((field) => s3aKeyOf(S3_KEYS[field]) === target);
}

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
