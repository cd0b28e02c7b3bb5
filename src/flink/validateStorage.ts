import type { Problem } from "../common/problems";
import * as rules from "../common/rules";
import type { PlainFlinkArgs } from "./flinkArgs";
import { flinkValueProblem } from "./flinkConf";
import { fileUriPath, storageScheme } from "./flinkSpec";

// Where Flink keeps its HA state (`storageDir`), the default volume's mount path, and who owns it.

export function validateStorage(args: PlainFlinkArgs, storageDirDeferred = false): Problem[] {
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
