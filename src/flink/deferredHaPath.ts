import * as pulumi from "@pulumi/pulumi";
import { claimAll } from "../common/ownership";
import { refuseUnknownInPreview } from "../common/plainInputs";
import { throwIfProblems } from "../common/problems";
import { joinZnodePath } from "../zookeeper/znodePath";
import { FLINK_DEFAULTS, type FlinkHaClusterArgs } from "./flinkArgs";
import { HA_PATH_REASON, validateFlinkCluster } from "./validateFlink";

/**
 * `<pathRoot>/<clusterId>` when either is an output: checked, and claimed against the other
 * clusters' HA paths on the ensemble, once both resolve; refused when a preview does not know
 * it, since the check against other clusters needs it then.
 */
export function deferredHaPath(
  resource: pulumi.Resource,
  label: string,
  prefix: string,
  args: FlinkHaClusterArgs,
  ensemble: string,
): pulumi.Output<string> {
  refuseUnknownInPreview(
    resource,
    label,
    [
      ["pathRoot", args.pathRoot],
      ["clusterId", args.clusterId],
    ],
    `give a plain value or an Output known then: ${HA_PATH_REASON}`,
  );
  return pulumi.all([args.pathRoot, args.clusterId]).apply(([pathRoot, clusterId]) => {
    const resolved = { ...args, pathRoot, clusterId };
    throwIfProblems(resource, label, validateFlinkCluster(prefix, resolved));
    const path = joinZnodePath(
      pathRoot ?? FLINK_DEFAULTS.pathRoot,
      clusterId ?? `/${args.namePrefix ?? prefix}`,
    );
    const field = args.clusterId === undefined ? "pathRoot" : "clusterId";
    throwIfProblems(
      resource,
      label,
      claimAll(resource, label, [{ kind: "haPath", ensemble, path, field }]),
    );
    return path;
  });
}
