import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { FIXED_NAME, KEPT_IN_PLACE } from "../common/fixedName";
import { dockerLabels, LABELS, ROLES } from "../common/labels";
import type { DockerHost } from "../common/placement";
import type { ZooKeeperEnsembleArgs } from "./ensembleArgs";
import type { EnsembleSpec, ServerSpec } from "./ensembleSpec";
import { renderHealthcheck } from "./healthcheck";
import { publishedPorts } from "./serverEndpoints";
import { DYNAMIC_CONFIG_FILE, renderMyid } from "./zooCfg";

/** What one server's resources are created from, besides the spec. */
export interface ServerInputs {
  readonly zooCfg: pulumi.Input<string>;
  /** The members, for the server to find the others when it starts. */
  readonly dynamicConfig: string;
  readonly args: ZooKeeperEnsembleArgs;
  readonly host: DockerHost;
  /** Volumes wait for it too: a refused change of members touches nothing. */
  readonly membershipGuard: pulumi.Resource;
  /** The membership guard and, when rolling, the previous server's rejoin gate. */
  readonly prerequisites: pulumi.Resource[];
}

/** A server's container and its data and transaction-log volumes. */
export interface ServerResources {
  readonly server: ServerSpec;
  readonly container: docker.Container;
  readonly volumes: docker.Volume[];
}

/**
 * One ZooKeeper server: two named volumes that outlive the container, and the container with
 * `zoo.cfg` and `myid` uploaded before it starts.
 */
export function createServer(
  parent: pulumi.Resource,
  name: string,
  spec: EnsembleSpec,
  server: ServerSpec,
  inputs: ServerInputs,
): ServerResources {
  const { zooCfg, args, host } = inputs;
  const labels: Record<string, string> = {
    [LABELS.ensemble]: spec.prefix,
    [LABELS.role]: ROLES.zookeeper,
    [LABELS.serverId]: String(server.id),
    ...(args.allowNonLoopbackPublish === true ? { [LABELS.allowNonLoopbackPublish]: "true" } : {}),
  };
  const placed = host.provider ? { provider: host.provider } : {};
  const volumeOptions = {
    parent,
    retainOnDelete: spec.retainDataOnDelete,
    dependsOn: [inputs.membershipGuard],
    ...KEPT_IN_PLACE,
    ...placed,
  };
  const volume = (suffix: string, volumeName: string): docker.Volume =>
    new docker.Volume(
      `${name}-zk-${server.id}-${suffix}`,
      { name: volumeName, labels: dockerLabels(labels, args.labels) },
      volumeOptions,
    );
  const dataVolume = volume("data", server.dataVolumeName);
  const dataLogVolume = volume("datalog", server.dataLogVolumeName);
  const env = args.env ?? {};

  const container = new docker.Container(
    `${name}-zk-${server.id}`,
    {
      name: server.containerName,
      image: args.image ?? "zookeeper:3.9",
      hostname: server.alias,
      restart: "unless-stopped",
      mustRun: true,
      networksAdvanced: [{ name: host.networkName, aliases: [server.alias] }],
      volumes: [
        { volumeName: dataVolume.name, containerPath: spec.dataDir },
        { volumeName: dataLogVolume.name, containerPath: spec.dataLogDir },
      ],
      uploads: [
        { file: `${spec.confDir}/zoo.cfg`, content: zooCfg },
        { file: `${spec.confDir}/${DYNAMIC_CONFIG_FILE}`, content: inputs.dynamicConfig },
        { file: `${spec.dataDir}/myid`, content: renderMyid(server) },
      ],
      ports: publishedPorts(spec, server),
      envs: Object.keys(env)
        .sort()
        .map((key) => pulumi.interpolate`${key}=${env[key]}`),
      healthcheck: renderHealthcheck(spec),
      labels: dockerLabels(labels, args.labels),
    },
    // Docker does not apply healthcheck changes to a running container.
    {
      parent,
      replaceOnChanges: ["healthcheck"],
      ...FIXED_NAME,
      dependsOn: inputs.prerequisites,
      ...placed,
    },
  );
  return { server, container, volumes: [dataVolume, dataLogVolume] };
}
