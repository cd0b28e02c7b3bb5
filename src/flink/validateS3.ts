import { isDeferred } from "../common/plainInputs";
import type { Problem } from "../common/problems";
import { definedProblems, escapeControl } from "../common/rules";
import type { PlainFlinkArgs } from "./flinkArgs";
import type { PlainFlinkS3Args } from "./s3Args";
import { storageScheme } from "./flinkSpec";
import { flinkValueProblem, type FlinkConfigFile } from "./flinkValues";
import { BUILT_IN_PLUGINS_ENV, defaultS3Plugin, SECRET_KEY_SHOWN } from "./s3Settings";
import { configFileOf } from "./validateSettings";

// The `s3` option: an S3 storageDir to apply to, credentials in pairs, values Flink reads back,
// and a plugin jar the image's entrypoint can enable without the user's own list in the way.

/** The schemes flink-s3-fs-hadoop serves. */
const S3_SCHEMES: readonly string[] = ["s3", "s3a"];
const HTTP_URL = /^https?:\/\/[^\s/?#]+(?:[/?#]\S*)?$/i;
/** A file name in opt/: the entrypoint splits its list at ';' and makes each name a path. */
const JAR_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*\.jar$/;
/** A release without its patch number, such as "1.20": no jar in opt/ is named that way. */
const RELEASE_LINE = /^\d+\.\d+$/;

/**
 * Every problem with `s3`; empty when it is unset or usable. Values that are outputs are checked
 * once they resolve, as is the storageDir `s3` must go with (`storageDirDeferred`).
 */
export function validateS3(args: PlainFlinkArgs, storageDirDeferred = false): Problem[] {
  // Typed as an object, but programs in JavaScript may pass anything.
  const s3: unknown = args.s3;
  if (s3 === undefined) {
    return [];
  }
  if (typeof s3 !== "object" || s3 === null || Array.isArray(s3)) {
    return [
      {
        property: "s3",
        reason: `${JSON.stringify(s3)} is not an object; give the settings as { endpoint, accessKey, secretKey, ... }, or leave s3 unset`,
      },
    ];
  }
  const settings = s3 as PlainFlinkS3Args;
  return [
    ...storageProblems(args, storageDirDeferred),
    ...credentialProblems(settings),
    ...valueProblems(args, settings),
    ...pluginProblems(args, settings),
  ];
}

function storageProblems(args: PlainFlinkArgs, storageDirDeferred: boolean): Problem[] {
  if (storageDirDeferred) {
    return [];
  }
  const storageDir = args.storageDir;
  const scheme = storageDir === undefined ? undefined : storageScheme(storageDir);
  if (scheme !== undefined && S3_SCHEMES.includes(scheme)) {
    return [];
  }
  const found =
    storageDir === undefined
      ? "storageDir is unset, so the HA state goes to the shared Docker volume"
      : `storageDir "${escapeControl(storageDir)}" is not an s3:// or s3a:// URI`;
  return [
    {
      property: "s3",
      reason: `applies to an s3:// storageDir only, and ${found}; set storageDir to a URI such as s3://bucket/flink-ha, or remove s3`,
    },
  ];
}

function credentialProblems(s3: PlainFlinkS3Args): Problem[] {
  const pair = (given: string, missing: string): Problem => ({
    property: `s3.${given}`,
    reason: `is set without s3.${missing}; an access key and a secret key go together: set s3.${missing} too, or neither to let S3A find credentials itself (environment variables, instance profile)`,
  });
  if (s3.secretKey !== undefined && s3.accessKey === undefined) {
    return [pair("secretKey", "accessKey")];
  }
  if (s3.accessKey !== undefined && s3.secretKey === undefined) {
    return [pair("accessKey", "secretKey")];
  }
  return [];
}

/** The values written into the configuration file that are known now; outputs wait. */
function valueProblems(args: PlainFlinkArgs, s3: PlainFlinkS3Args): Problem[] {
  const file = configFileOf(args);
  const problems = definedProblems(
    settingProblem("s3.endpoint", s3.endpoint, file) ?? endpointProblem(s3.endpoint),
    settingProblem("s3.region", s3.region, file),
    settingProblem("s3.accessKey", s3.accessKey, file),
    settingProblem("s3.secretKey", s3.secretKey, file, SECRET_KEY_SHOWN),
  );
  const pathStyle: unknown = s3.pathStyleAccess;
  if (pathStyle !== undefined && typeof pathStyle !== "boolean") {
    problems.push({
      property: "s3.pathStyleAccess",
      reason: `${JSON.stringify(pathStyle)} is not a boolean; give true or false, or leave it unset`,
    });
  }
  return problems;
}

/** A value Flink would not read back, or none at all; `shown` hides a secret one. */
function settingProblem(
  property: string,
  value: unknown,
  file: FlinkConfigFile,
  shown?: string,
): Problem | undefined {
  if (value === undefined || isDeferred(value)) {
    return undefined;
  }
  if (typeof value !== "string") {
    return {
      property,
      reason: `${shown ?? JSON.stringify(value)} is not a string; give one, or leave ${property} unset`,
    };
  }
  if (value === "") {
    return { property, reason: `is empty; give a value, or leave ${property} unset` };
  }
  return flinkValueProblem(property, value, file, shown);
}

function endpointProblem(endpoint: unknown): Problem | undefined {
  if (typeof endpoint !== "string" || HTTP_URL.test(endpoint)) {
    return undefined;
  }
  return {
    property: "s3.endpoint",
    reason: `"${escapeControl(endpoint)}" is not an http:// or https:// URL; write the store's address, such as http://10.20.0.20:9000, or leave s3.endpoint unset for AWS's endpoint of the region`,
  };
}

function pluginProblems(args: PlainFlinkArgs, s3: PlainFlinkS3Args): Problem[] {
  const plugin: unknown = s3.plugin;
  if (plugin === false) {
    return [];
  }
  const problems: Problem[] = [];
  const version: unknown = args.flinkVersion;
  if (plugin === undefined && typeof version === "string" && RELEASE_LINE.test(version)) {
    problems.push({
      property: "s3.plugin",
      reason: `defaults to "${defaultS3Plugin(version)}", which no image has: the jars in opt/ carry the full release; give flinkVersion as the image's full release (such as 2.1.1), or name the jar in s3.plugin`,
    });
  } else if (plugin !== undefined && (typeof plugin !== "string" || !JAR_NAME.test(plugin))) {
    problems.push({
      property: "s3.plugin",
      reason: `${JSON.stringify(plugin)} is not a jar file name; name the S3 plugin jar in the image's opt/ directory, such as flink-s3-fs-hadoop-2.1.1.jar (no '/' or ';'), or set false when the image already has an S3 plugin under plugins/`,
    });
  }
  const env: unknown = args.env;
  if (
    typeof env === "object" &&
    env !== null &&
    !isDeferred(env) &&
    Object.hasOwn(env, BUILT_IN_PLUGINS_ENV)
  ) {
    const jar = typeof plugin === "string" ? plugin : defaultS3Plugin(String(version));
    problems.push({
      property: `env["${BUILT_IN_PLUGINS_ENV}"]`,
      reason: `is set by the component to "${jar}" for s3; to enable other plugins too, set s3.plugin: false and add "${jar}" to your list here (names separated by ';'), or remove it from env`,
    });
  }
  return problems;
}
