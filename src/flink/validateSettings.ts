import { isDeferred } from "../common/plainInputs";
import type { Problem } from "../common/problems";
import * as rules from "../common/rules";
import type { PlainFlinkArgs } from "./flinkArgs";
import {
  configYamlKeys,
  flinkValueProblem,
  MANAGED_FLINK_KEYS,
  overlappingKey,
  REMOVED_IN_FLINK_2,
  yamlScalar,
} from "./flinkConf";
import { parseFlinkVersion } from "./flinkVersion";
import { S3_KEYS, s3aKeyOf, s3FieldSetBy } from "./s3Settings";

// Memory sizes, JVM options and extra settings: values that go into Flink's configuration file.

const SETTING_KEY = /^[A-Za-z][A-Za-z0-9._-]*$/;
const MEMORY = /^[1-9]\d*(k|kb|m|mb|g|gb)$/i;

export function validateResources(args: PlainFlinkArgs): Problem[] {
  const problems: Problem[] = [];
  for (const [property, value] of [
    ["jobManagerMemory", args.jobManagerMemory],
    ["taskManagerMemory", args.taskManagerMemory],
  ] as const) {
    if (value !== undefined && !MEMORY.test(value)) {
      problems.push({
        property,
        reason: `"${rules.escapeControl(value)}" is not a memory size; write it like 1024m or 2g`,
      });
    }
  }
  if (args.javaOptions !== undefined && args.javaOptions !== "") {
    problems.push(...rules.definedProblems(javaOptionsProblem(args)));
  }
  return problems;
}

/**
 * JVM options are also read by Flink's start scripts, from the configuration's text with sed
 * (no unquoting, cut at '#'): they must be written as they are, in either file format.
 */
function javaOptionsProblem(args: PlainFlinkArgs): Problem | undefined {
  const value = args.javaOptions ?? "";
  const problem = flinkValueProblem("javaOptions", value);
  if (problem || configFileOf(args) !== "config.yaml" || yamlScalar(value) === value) {
    return problem;
  }
  return {
    property: "javaOptions",
    reason: `"${value}" would need quoting in config.yaml, which Flink's start scripts read without unquoting; use options made of letters, digits, spaces and ._/,=+:@%*- that start with '-' and a letter, and contain no ': '`,
  };
}

/** The configuration file of the requested version; the legacy one when it is not valid. */
export function configFileOf(args: PlainFlinkArgs): "config.yaml" | "flink-conf.yaml" {
  const version: unknown = args.flinkVersion;
  return (
    (typeof version === "string" && parseFlinkVersion(version)?.configFile) || "flink-conf.yaml"
  );
}

export function validateExtraSettings(args: PlainFlinkArgs): Problem[] {
  const problems: Problem[] = [];
  const version: unknown = args.flinkVersion;
  const v2 = typeof version === "string" && parseFlinkVersion(version)?.line === "v2";
  const file = configFileOf(args);
  const userKeys = Object.keys(args.extraSettings ?? {});
  // With `s3`, its keys are the component's too.
  const s3Keys = args.s3 === undefined ? [] : Object.values(S3_KEYS);
  const rendered = file === "config.yaml" ? [...configYamlKeys(), ...s3Keys, ...userKeys] : [];
  for (const [key, value] of Object.entries(args.extraSettings ?? {})) {
    const property = `extraSettings["${rules.escapeControl(key)}"]`;
    if (!SETTING_KEY.test(key)) {
      problems.push({
        property,
        reason: `"${rules.escapeControl(key)}" is not a Flink configuration key; start with a letter and use letters, digits, '.', '_' and '-'`,
      });
    } else if (MANAGED_FLINK_KEYS.includes(key)) {
      problems.push({
        property,
        reason: `"${key}" is rendered by the component; set it through the matching argument instead`,
      });
    } else if (args.s3 !== undefined && s3FieldSetBy(key) !== undefined) {
      const field = s3FieldSetBy(key);
      problems.push({
        property,
        reason: `"${key}" reaches S3A as ${s3aKeyOf(key)}, which the component's s3 option sets; set it through s3.${field} instead`,
      });
    } else if (v2 && REMOVED_IN_FLINK_2.includes(key)) {
      problems.push({ property, reason: `"${key}" was removed in Flink 2.0; drop it` });
    } else {
      const other = overlappingKey(key, rendered);
      if (other !== undefined) {
        problems.push({
          property,
          reason: `"${key}" and "${other}" cannot both be set in config.yaml: Flink's start scripts rewrite it as nested YAML, where one key cannot be both a value and a section; remove "${key}"`,
        });
      }
    }
    // A value that is an output is checked once it resolves.
    const valueProblem = isDeferred(value) ? undefined : flinkValueProblem(property, value, file);
    if (valueProblem) {
      problems.push(valueProblem);
    }
  }
  return problems;
}
