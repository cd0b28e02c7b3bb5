import { publishAddressProblem } from "../common/addresses";
import * as pulumi from "@pulumi/pulumi";
import { isDeferred, plainOnly } from "../common/plainInputs";
import type { Problem } from "../common/problems";
import * as rules from "../common/rules";
import { znodePathProblem } from "../zookeeper/znodePath";
import { FLINK_DEFAULTS, type FlinkHaClusterArgs, type PlainFlinkArgs } from "./flinkArgs";
import {
  configYamlKeys,
  flinkValueProblem,
  MANAGED_FLINK_KEYS,
  overlappingKey,
  REMOVED_IN_FLINK_2,
  yamlScalar,
} from "./flinkConf";
import { fileUriPath, storageScheme } from "./flinkSpec";
import { MIN_FLINK, parseFlinkVersion } from "./flinkVersion";
import { parseJobManagerPorts } from "./jobManagerPorts";
import { validatePlacement } from "./validatePlacement";

const SETTING_KEY = /^[A-Za-z][A-Za-z0-9._-]*$/;
const MEMORY = /^[1-9]\d*(k|kb|m|mb|g|gb)$/i;
const ENDPOINT = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9._-]+):\d{1,5}$/;
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
 * becomes "" when deferred: a URI without a volume), and which of them were deferred. The checks
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
    ...validateZooKeeper(args.zookeeper),
    ...validateNetwork(args),
    ...validateHaPaths(args),
    ...validateStorage(args, deferred.has("storageDir")),
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

function validateZooKeeper(zookeeper: PlainFlinkArgs["zookeeper"] | undefined): Problem[] {
  if (zookeeper === undefined || typeof zookeeper !== "object") {
    return [
      {
        property: "zookeeper",
        reason: "pass the ZooKeeperEnsemble, or its connectString and readinessConnectString",
      },
    ];
  }
  const problems: Problem[] = [];
  for (const key of ["connectString", "readinessConnectString"] as const) {
    const value: unknown = zookeeper[key];
    if (value === undefined) {
      problems.push({ property: `zookeeper.${key}`, reason: "is required" });
    } else if (typeof value === "string") {
      // Outputs are checked when they resolve, by the renderer.
      const problem = connectStringProblem(`zookeeper.${key}`, value);
      if (problem) {
        problems.push(problem);
      }
    }
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

/** A ZooKeeper connect string safe to render: host:port[,host:port...], no chroot. */
export function connectStringProblem(property: string, value: string): Problem | undefined {
  const unsafe = flinkValueProblem(property, value);
  if (unsafe) {
    return unsafe;
  }
  if (!value.split(",").every((endpoint) => ENDPOINT.test(endpoint))) {
    return {
      property,
      reason: `"${value}" is not a ZooKeeper connect string; write host:port[,host:port...] without a chroot (use pathRoot instead)`,
    };
  }
  return undefined;
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

function validateStorage(args: PlainFlinkArgs, storageDirDeferred = false): Problem[] {
  const problems: Problem[] = [];
  if (storageDirDeferred) {
    // Its value is checked once it resolves; that it is set is known now.
    if (args.storageMountPath !== undefined) {
      problems.push(STORAGE_MOUNT_PATH_WITH_STORAGE_DIR);
    }
  } else if (args.storageDir !== undefined) {
    const uri = args.storageDir;
    const unsafe = flinkValueProblem("storageDir", uri);
    const scheme = storageScheme(uri);
    if (unsafe) {
      problems.push(unsafe);
    } else if (scheme === undefined) {
      problems.push({
        property: "storageDir",
        reason: `"${uri}" has no scheme; write a URI such as file:///flink-ha, hdfs:///flink/recovery or s3://bucket/flink`,
      });
    } else if (scheme === "file") {
      const problem = rules.absolutePath("storageDir", fileUriPath(uri));
      if (problem) {
        problems.push({
          property: "storageDir",
          reason: `"${uri}" must name an absolute path, like file:///flink-ha`,
        });
      }
    }
    if (args.storageMountPath !== undefined) {
      problems.push(STORAGE_MOUNT_PATH_WITH_STORAGE_DIR);
    }
  } else if (args.storageMountPath !== undefined) {
    const problem =
      rules.absolutePath("storageMountPath", args.storageMountPath) ??
      flinkValueProblem("storageMountPath", args.storageMountPath);
    if (problem) {
      problems.push(problem);
    }
  }
  if (args.storageOwner !== undefined && !storageDirDeferred) {
    problems.push(...rules.definedProblems(storageOwnerProblem(args)));
  }
  if (args.confDir !== undefined) {
    problems.push(...rules.definedProblems(rules.absolutePath("confDir", args.confDir)));
  }
  return problems;
}

const STORAGE_MOUNT_PATH_WITH_STORAGE_DIR: Problem = {
  property: "storageMountPath",
  reason:
    "applies only to the default storage; with storageDir set, a file:// URI's path is the mount path",
};

/** A user, or user and group, as chown takes them: numeric ids or plain names. */
const OWNER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;

function storageOwnerProblem(args: PlainFlinkArgs): Problem | undefined {
  const owner = args.storageOwner ?? "";
  if (args.storageDir !== undefined && storageScheme(args.storageDir) !== "file") {
    return {
      property: "storageOwner",
      reason: `applies only to a storage volume; "${args.storageDir}" is not a file:// URI, so there is no volume to chown: remove storageOwner`,
    };
  }
  if (!OWNER.test(owner)) {
    return {
      property: "storageOwner",
      reason: `"${owner}" is not an owner chown takes; write "uid:gid" such as "9999:9999", or a user name the image knows`,
    };
  }
  return undefined;
}

function validatePorts(args: PlainFlinkArgs): Problem[] {
  const problems: Problem[] = [];
  if (args.jobManagerPorts !== undefined) {
    const parsed = parseJobManagerPorts("jobManagerPorts", args.jobManagerPorts);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
    }
  }
  const restPort = args.restPort ?? FLINK_DEFAULTS.restPort;
  problems.push(...rules.definedProblems(rules.port("restPort", restPort)));
  const base = args.hostRestPortBase ?? FLINK_DEFAULTS.hostRestPortBase;
  const jobManagers = Math.max(1, Math.floor(args.jobManagers ?? FLINK_DEFAULTS.jobManagers));
  const portProblem = rules.port("hostRestPortBase", base);
  if (portProblem) {
    problems.push(portProblem);
  } else if (base + jobManagers - 1 > 65535) {
    problems.push({
      property: "hostRestPortBase",
      reason: `${base} + ${jobManagers} JobManagers exceeds port 65535; use a base of at most ${65536 - jobManagers}`,
    });
  }
  const address = args.publishAddress ?? FLINK_DEFAULTS.publishAddress;
  problems.push(
    ...rules.definedProblems(
      publishAddressProblem(
        "publishAddress",
        address,
        args.allowNonLoopbackPublish,
        "Flink's REST API (which accepts jar uploads and runs them)",
      ),
    ),
  );
  return problems;
}

function validateTiming(args: PlainFlinkArgs): Problem[] {
  const optional: [string, number | undefined, number][] = [
    ["zookeeperTickTime", args.zookeeperTickTime, 60000],
    ["sessionTimeoutMs", args.sessionTimeoutMs, 3600000],
    ["haVerifiedTimeoutSeconds", args.haVerifiedTimeoutSeconds, 3600],
  ];
  const problems = rules.definedProblems(
    ...optional.map(([field, value, max]) =>
      value === undefined ? undefined : rules.positiveInteger(field, value, max),
    ),
  );
  const tuning: unknown = args.failoverTuning;
  if (tuning !== undefined && tuning !== "tuned" && tuning !== "flink-defaults") {
    problems.push({
      property: "failoverTuning",
      reason: `${JSON.stringify(tuning)} is not a tuning; use "tuned" or "flink-defaults"`,
    });
  }
  return problems;
}

function validateResources(args: PlainFlinkArgs): Problem[] {
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
function configFileOf(args: PlainFlinkArgs): "config.yaml" | "flink-conf.yaml" {
  const version: unknown = args.flinkVersion;
  return (
    (typeof version === "string" && parseFlinkVersion(version)?.configFile) || "flink-conf.yaml"
  );
}

function validateExtraSettings(args: PlainFlinkArgs): Problem[] {
  const problems: Problem[] = [];
  const version: unknown = args.flinkVersion;
  const v2 = typeof version === "string" && parseFlinkVersion(version)?.line === "v2";
  const file = configFileOf(args);
  const userKeys = Object.keys(args.extraSettings ?? {});
  const rendered = file === "config.yaml" ? [...configYamlKeys(), ...userKeys] : [];
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
