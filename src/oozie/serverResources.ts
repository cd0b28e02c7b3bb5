import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { FIXED_NAME, KEPT_IN_PLACE } from "../common/fixedName";
import { LABELS } from "../common/labels";
import type { DockerHost } from "../common/placement";
import { assertOneShotSucceeded } from "../common/oneShot";
import type { OozieHaClusterArgs } from "./clusterArgs";
import type { OozieClusterSpec, OozieServerSpec } from "./clusterSpec";
import {
  curatorCopyArgs,
  curatorCopyLabels,
  serverContainerArgs,
  type ServerContainerValues,
} from "./serverContainer";

/**
 * Fails the deployment when a copy step exited non-zero: the server that depends on it is then
 * never created, and the error carries the script's message, which names both paths.
 */
export function assertCopySucceeded(
  containerName: string,
  exitCode: number | undefined,
  logs: string | undefined,
  copy?: pulumi.Resource,
): void {
  assertOneShotSucceeded(`curator copy for ${containerName}`, exitCode, logs, copy);
}

/** What one server's resources are created from. */
export interface ServerInputs {
  readonly args: OozieHaClusterArgs;
  readonly host: DockerHost;
  readonly values: ServerContainerValues<pulumi.Input<string>>;
  /** The drain check: the copy step rewrites the lib volume of a server being replaced. */
  readonly drainGate: pulumi.Resource;
  /** What the server container waits for besides its copy step. */
  readonly dependsOn: pulumi.Resource[];
}

/** A server's container and, with the curator jar copy, its lib volume and copy step. */
export interface ServerResources {
  readonly container: docker.Container;
  readonly libVolume: docker.Volume | undefined;
  readonly curatorCopy: docker.Container | undefined;
}

/**
 * One Oozie server. With the curator jar copy, a one-shot container first fills the server's
 * lib volume, and the server mounts it: the jar is in place before the Oozie process starts.
 */
export function createServer(
  parent: pulumi.Resource,
  name: string,
  spec: OozieClusterSpec,
  server: OozieServerSpec,
  inputs: ServerInputs,
): ServerResources {
  const { args, host, values } = inputs;
  const placed = host.provider ? { provider: host.provider } : {};
  let prepared: pulumi.Output<string> | undefined;
  let libVolume: docker.Volume | undefined;
  let curatorCopy: docker.Container | undefined;
  if (spec.curatorCopy) {
    const volume = new docker.Volume(
      `${name}-oozie-${server.index}-lib`,
      { name: server.libVolumeName, labels: curatorCopyLabels(spec, server, args.labels) },
      { parent, ...KEPT_IN_PLACE, ...placed },
    );
    const copy = new docker.Container(
      `${name}-oozie-${server.index}-curator-copy`,
      curatorCopyArgs(spec, server, values),
      // After the drain check: the copy rewrites the lib volume of a server being replaced.
      { parent, dependsOn: [inputs.drainGate, volume], ...FIXED_NAME, ...placed },
    );
    prepared = pulumi
      .all([copy.id, copy.exitCode, copy.containerLogs])
      .apply(([id, exitCode, logs]) => {
        assertCopySucceeded(server.containerName, exitCode, logs, copy);
        return id;
      });
    libVolume = volume;
    curatorCopy = copy;
  }
  const containerArgs = serverContainerArgs(spec, server, values);
  const container = new docker.Container(
    `${name}-oozie-${server.index}`,
    {
      ...containerArgs,
      // Also what holds the server back until its copy has run, and fails it if it failed.
      labels: prepared
        ? [...containerArgs.labels, { label: LABELS.libPreparedBy, value: prepared }].sort(
            (a, b) => (a.label < b.label ? -1 : 1),
          )
        : containerArgs.labels,
    },
    {
      parent,
      replaceOnChanges: ["healthcheck"],
      ...FIXED_NAME,
      dependsOn: [...inputs.dependsOn, ...(libVolume ? [libVolume] : [])],
      ...placed,
    },
  );
  return { container, libVolume, curatorCopy };
}
