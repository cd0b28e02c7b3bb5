import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { FIXED_NAME, KEPT_IN_PLACE } from "../common/fixedName";
import { dockerLabels, LABELS, ROLES } from "../common/labels";
import { assertOneShotSucceeded } from "../common/oneShot";
import type { FlinkHaClusterArgs } from "./flinkArgs";
import type { FlinkSpec } from "./flinkSpec";

/** The HA storage volume and the step that hands it to Flink's user. */
export interface FlinkStorage {
  readonly volume: docker.Volume;
  readonly ownerStep: docker.Container;
  /** The step's container id once it succeeded; fails the deployment with chown's message. */
  readonly prepared: pulumi.Output<string>;
}

/**
 * The named volume for `high-availability.storageDir` and its one-shot owner step; undefined
 * when the storage is not a local volume (an hdfs:// or s3:// URI, for example).
 */
export function createStorage(
  parent: pulumi.Resource,
  name: string,
  spec: FlinkSpec,
  args: FlinkHaClusterArgs,
): FlinkStorage | undefined {
  const storage = spec.storageVolume;
  if (storage === undefined) {
    return undefined;
  }
  const volume = new docker.Volume(
    `${name}-ha-storage`,
    {
      name: storage.name,
      labels: dockerLabels({ [LABELS.flinkCluster]: spec.prefix }, args.labels),
    },
    // Job graphs and checkpoint metadata must outlive replaced containers.
    { parent, retainOnDelete: true, ...KEPT_IN_PLACE },
  );
  return { volume, ...ownerStep(parent, name, { spec, args, storage, volume }) };
}

/**
 * The one-shot step that gives the storage volume to Flink's user: a fresh volume is owned by
 * root, and the official image runs Flink as uid 9999. `prepared` resolves to the step's
 * container id, or fails the deployment with chown's own message.
 */
function ownerStep(
  parent: pulumi.Resource,
  name: string,
  inputs: {
    spec: FlinkSpec;
    args: FlinkHaClusterArgs;
    storage: NonNullable<FlinkSpec["storageVolume"]>;
    volume: docker.Volume;
  },
): { ownerStep: docker.Container; prepared: pulumi.Output<string> } {
  const { spec, args, storage, volume } = inputs;
  const { mountPath, owner } = storage;
  const containerName = `${storage.name}-owner`;
  const step = new docker.Container(
    `${name}-ha-storage-owner`,
    {
      name: containerName,
      image: args.image ?? `flink:${args.flinkVersion}`,
      // -R: existing job graphs and checkpoints follow when the owner changes.
      entrypoints: ["chown", "-R", owner, mountPath],
      user: "0:0",
      restart: "no",
      mustRun: false,
      attach: true,
      logs: true,
      volumes: [{ volumeName: volume.name, containerPath: mountPath }],
      labels: dockerLabels(
        { [LABELS.flinkCluster]: spec.prefix, [LABELS.role]: ROLES.flinkStorageOwner },
        args.labels,
      ),
    },
    { parent, ...FIXED_NAME },
  );
  const prepared = pulumi
    .all([step.id, step.exitCode, step.containerLogs])
    .apply(([id, exitCode, logs]) => {
      assertOneShotSucceeded(`storage owner step ${containerName}`, exitCode, logs, step);
      return id;
    });
  return { ownerStep: step, prepared };
}
