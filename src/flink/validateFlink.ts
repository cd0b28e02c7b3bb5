import * as pulumi from "@pulumi/pulumi";
import { isDeferred, plainOnly } from "../common/plainInputs";
import type { Problem } from "../common/problems";
import * as rules from "../common/rules";
import { resolveZooKeeper } from "../zookeeper/reference";
import { sessionTimeoutProblem } from "../zookeeper/sessionTimeout";
import { referenceProblems } from "../zookeeper/validateReference";
import { znodePathProblem } from "../zookeeper/znodePath";
import { FLINK_DEFAULTS, type FlinkHaClusterArgs, type PlainFlinkArgs } from "./flinkArgs";
import { flinkValueProblem } from "./flinkConf";
import { storageScheme } from "./flinkSpec";
import { MIN_FLINK, parseFlinkVersion } from "./flinkVersion";
import { validatePlacement } from "./validatePlacement";
import { validateExtraSettings, validateResources } from "./validateSettings";
import { validatePorts } from "./validatePorts";
import { validateS3 } from "./validateS3";
import { validateStorage } from "./validateStorage";
import { DEFAULT_SESSION_TICKS } from "./zkTimeouts";

const MAX_JOB_MANAGERS = 9;
const MAX_TASK_MANAGERS = 64;

/** Why some of the cluster's inputs must be known at preview, where the general reason does not say. */
const PLAIN_REASONS: Record<string, string> = {
  jobManagerPorts:
    "with placement every port of it is published on the hosts, which the component decides at preview",
};

/** Why `pathRoot` and `clusterId` must be known in a preview. */
export const HA_PATH_REASON =
  "with pathRoot and clusterId it names the cluster's HA znode, which the check against other clusters' HA paths on the ensemble needs at preview";

/**
 * The arguments with the inputs that may be outputs but are not plain yet left out (`storageDir`
 * becomes "" when deferred: a URI without a volume; `extraSettings` and `s3` values stay, for
 * their checks to skip), and which of them were deferred. The checks
 * below see what is known; {@link validateResolvedFlink} checks the rest once it resolves.
 */
export function knownFlinkArgs(input: FlinkHaClusterArgs): {
  args: PlainFlinkArgs;
  deferred: ReadonlySet<string>;
} {
  const deferred = new Set<string>();
  const plain: Record<string, unknown> = { ...input };
  for (const field of ["pathRoot", "clusterId", "jobManagerPorts"] as const) {
    if (isDeferred(input[field])) {
      deferred.add(field);
      plain[field] = undefined;
    }
  }
  if (isDeferred(input.storageDir)) {
    deferred.add("storageDir");
    plain["storageDir"] = "";
  }
  // Programs in JavaScript may pass anything: only a record's values are looked at.
  const extra: unknown = input.extraSettings;
  if (typeof extra === "object" && extra !== null && !isDeferred(extra)) {
    for (const [key, value] of Object.entries(extra)) {
      if (isDeferred(value)) {
        deferred.add(`extraSettings[${JSON.stringify(key)}]`);
      }
    }
  }
  const s3: unknown = input.s3;
  if (typeof s3 === "object" && s3 !== null) {
    for (const [field, value] of Object.entries(s3)) {
      if (isDeferred(value)) {
        deferred.add(`s3.${field}`);
      }
    }
  }
  return { args: plain as PlainFlinkArgs, deferred };
}

/**
 * Every problem with the cluster's arguments; empty when they are usable. Inputs that may be
 * other resources' outputs are checked here when they are plain, and by
 * {@link validateResolvedFlink} once they resolve otherwise, with the same messages.
 */
export function validateFlinkCluster(name: string, input: FlinkHaClusterArgs): Problem[] {
  const { args: known, deferred } = knownFlinkArgs(input);
  // Outputs where plain values are needed are reported, and left out of the checks below.
  const { problems, args } = plainOnly(known, {
    inputs: ["image", "networkName", "env", "zookeeper", "extraSettings"],
    reasons: PLAIN_REASONS,
  });
  if (deferred.has("jobManagerPorts") && input.placement !== undefined) {
    problems.push({
      property: "jobManagerPorts",
      reason: `is ${describeDeferred(input.jobManagerPorts)}; give a plain value: ${PLAIN_REASONS["jobManagerPorts"] ?? ""}`,
    });
  }
  return [
    ...problems,
    ...validateVersion(args),
    ...validateNames(name, args),
    ...validateCounts(args),
    // The connection, its connect strings included, is checked as every client checks it.
    ...referenceProblems(args.zookeeper),
    ...validateNetwork(args),
    ...validateHaPaths(args),
    ...validateStorage(args, deferred.has("storageDir")),
    ...validateS3(args, deferred.has("storageDir")),
    ...validatePorts(args),
    ...validateTiming(args),
    ...validateResources(args),
    ...validateExtraSettings(args),
    ...validatePlacement(args, deferred.has("storageDir")),
  ];
}

/**
 * The problems of the arguments once the inputs that were outputs have resolved (`resolved`):
 * the plain checks, with the same messages, and a `file://` storageDir that came as an output
 * (the component decided at preview that there is no volume).
 */
export function validateResolvedFlink(
  name: string,
  input: FlinkHaClusterArgs,
  resolved: PlainFlinkArgs,
): Problem[] {
  const problems = validateFlinkCluster(name, resolved);
  if (
    isDeferred(input.storageDir) &&
    resolved.storageDir !== undefined &&
    storageScheme(resolved.storageDir) === "file" &&
    !problems.some((p) => p.property === "storageDir")
  ) {
    problems.push({
      property: "storageDir",
      reason: `"${rules.escapeControl(resolved.storageDir)}" is a file:// URI given as an Output; give a file:// storageDir as a plain value: its scheme decides whether the component creates the shared storage volume, which it needs at preview`,
    });
  }
  return problems;
}

function describeDeferred(value: unknown): string {
  return pulumi.Output.isInstance(value) ? "an Output" : "a promise";
}

function validateVersion(args: PlainFlinkArgs): Problem[] {
  // Typed as a string, but programs in JavaScript may pass anything.
  const version: unknown = args.flinkVersion;
  if (typeof version === "string" && parseFlinkVersion(version)) {
    return [];
  }
  return [
    {
      property: "flinkVersion",
      reason: `${version === undefined ? "undefined" : JSON.stringify(version)} is not a supported Flink version; use ${MIN_FLINK.major}.${MIN_FLINK.minor} or later, written like 1.20.3 or 2.1.1`,
    },
  ];
}

function validateNames(name: string, args: PlainFlinkArgs): Problem[] {
  const property = args.namePrefix === undefined ? "name" : "namePrefix";
  const prefix = args.namePrefix ?? name;
  const count = Math.max(
    1,
    Math.floor(args.jobManagers ?? FLINK_DEFAULTS.jobManagers),
    Math.floor(args.taskManagers ?? FLINK_DEFAULTS.taskManagers),
  );
  const suffix = `-flink-jm-${Math.min(count, MAX_TASK_MANAGERS)}`;
  return rules.namePrefixProblems(property, prefix, suffix);
}

function validateCounts(args: PlainFlinkArgs): Problem[] {
  const problems: Problem[] = [];
  const jobManagers = args.jobManagers ?? FLINK_DEFAULTS.jobManagers;
  if (!Number.isInteger(jobManagers) || jobManagers < 2 || jobManagers > MAX_JOB_MANAGERS) {
    problems.push({
      property: "jobManagers",
      reason: `${jobManagers} JobManager(s) give no standby to fail over to; use a whole number from 2 to ${MAX_JOB_MANAGERS}`,
    });
  }
  const taskManagers = args.taskManagers ?? FLINK_DEFAULTS.taskManagers;
  if (!Number.isInteger(taskManagers) || taskManagers < 1 || taskManagers > MAX_TASK_MANAGERS) {
    problems.push({
      property: "taskManagers",
      reason: `${taskManagers} TaskManager(s) cannot run jobs; use a whole number from 1 to ${MAX_TASK_MANAGERS}`,
    });
  }
  if (args.taskSlots !== undefined) {
    problems.push(
      ...rules.definedProblems(rules.positiveInteger("taskSlots", args.taskSlots, 1024)),
    );
  }
  return problems;
}

function validateNetwork(args: PlainFlinkArgs): Problem[] {
  if (args.placement !== undefined) {
    // Placed members get a network per host; validatePlacement refuses networkName.
    return [];
  }
  const zookeeper = args.zookeeper as { networkName?: unknown } | undefined;
  if (args.networkName === undefined && zookeeper?.networkName === undefined) {
    return [
      {
        property: "networkName",
        reason:
          "the containers need a Docker network on which the ZooKeeper servers are reachable; pass networkName or zookeeper.networkName",
      },
    ];
  }
  return [];
}

/**
 * A `sessionTimeoutMs` the ensemble would not grant as asked is refused: ZooKeeper would run the
 * members with another timeout, silently. Only once the field and the reference are usable.
 */
function grantedSessionProblems(args: PlainFlinkArgs, found: readonly Problem[]): Problem[] {
  if (
    args.sessionTimeoutMs === undefined ||
    found.some((p) => p.property === "sessionTimeoutMs") ||
    referenceProblems(args.zookeeper).length > 0
  ) {
    return [];
  }
  return rules.definedProblems(
    sessionTimeoutProblem(
      "sessionTimeoutMs",
      args.sessionTimeoutMs,
      resolveZooKeeper(args.zookeeper),
      "ms",
      `the default, ${DEFAULT_SESSION_TICKS} ticks`,
    ),
  );
}

function validateHaPaths(args: PlainFlinkArgs): Problem[] {
  const problems: Problem[] = [];
  const paths: [string, string | undefined][] = [
    ["pathRoot", args.pathRoot],
    ["clusterId", args.clusterId],
  ];
  for (const [property, value] of paths) {
    if (value !== undefined) {
      const problem = znodePathProblem(property, value) ?? flinkValueProblem(property, value);
      if (problem) {
        problems.push(problem);
      }
    }
  }
  return problems;
}

function validateTiming(args: PlainFlinkArgs): Problem[] {
  const optional: [string, number | undefined, number][] = [
    ["sessionTimeoutMs", args.sessionTimeoutMs, 3600000],
    ["readyTimeoutSeconds", args.readyTimeoutSeconds, 3600],
  ];
  const problems = rules.definedProblems(
    ...optional.map(([field, value, max]) =>
      value === undefined ? undefined : rules.positiveInteger(field, value, max),
    ),
  );
  problems.push(...grantedSessionProblems(args, problems));
  const tuning: unknown = args.failoverTuning;
  if (tuning !== undefined && tuning !== "tuned" && tuning !== "flink-defaults") {
    problems.push({
      property: "failoverTuning",
      reason: `${JSON.stringify(tuning)} is not a tuning; use "tuned" or "flink-defaults"`,
    });
  }
  return problems;
}
