import { createHash } from "node:crypto";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { FIXED_NAME } from "../common/fixedName";
import { dockerLabels, LABELS, ROLES } from "../common/labels";
import type { DockerHost } from "../common/placement";
import type { FlinkHaClusterArgs } from "./flinkArgs";
import { renderFlinkConfig, type FlinkRole } from "./flinkConf";
import type { FlinkSpec } from "./flinkSpec";
import { publishedPorts } from "./publishedPorts";
import { BUILT_IN_PLUGINS_ENV } from "./s3Settings";

/** What every member of one cluster is created from, besides its role and host. */
export interface MemberInputs {
  readonly spec: FlinkSpec;
  readonly args: FlinkHaClusterArgs;
  /** The checked connect string, rendered into the configuration file. */
  readonly quorum: pulumi.Output<string>;
  /** The HA storage volume, when the storage is local. */
  readonly storageVolume: docker.Volume | undefined;
  /** The storage owner step's id once it succeeded; undefined without a volume. */
  readonly storagePrepared: pulumi.Output<string> | undefined;
  /** The `masters` file, uploaded to every JobManager. */
  readonly masters: string;
  /** The spec with every output resolved: what the configuration file is rendered from. */
  readonly resolvedSpec: pulumi.Output<FlinkSpec>;
  /** `<pathRoot>/<clusterId>`, an output when either is one. */
  readonly haPath: pulumi.Output<string>;
  /** What every member waits for: the cluster's HA znode. */
  readonly dependsOn: pulumi.Resource[];
}

/** One JobManager or TaskManager container, with its rendered configuration uploaded. */
export function memberContainer(
  parent: pulumi.Resource,
  name: string,
  inputs: MemberInputs,
  host: DockerHost,
  role: FlinkRole,
  dependsOn: pulumi.Input<pulumi.Input<pulumi.Resource>[]> = inputs.dependsOn,
): docker.Container {
  const member = role.kind === "jobmanager" ? role.jobManager : role.taskManager;
  const short = role.kind === "jobmanager" ? "jm" : "tm";
  return new docker.Container(
    `${name}-${short}-${member.index}`,
    memberContainerArgs(inputs, host, role),
    {
      parent,
      ...FIXED_NAME,
      dependsOn,
      ...(host.provider ? { provider: host.provider } : {}),
    },
  );
}

/**
 * A digest of everything a member's container is created from, and of the Docker host it runs
 * on: it changes whenever a change replaces the container, so a gate keyed on it runs first.
 */
export function memberDigest(
  inputs: MemberInputs,
  host: DockerHost,
  role: FlinkRole,
): pulumi.Output<string> {
  return pulumi
    .all([pulumi.output(memberContainerArgs(inputs, host, role)), host.provider?.urn ?? ""])
    .apply(([args, hostUrn]) =>
      createHash("sha256")
        .update(JSON.stringify([args, hostUrn]))
        .digest("hex"),
    );
}

/** The container's inputs: one function, so the container and its digest cannot drift apart. */
function memberContainerArgs(
  inputs: MemberInputs,
  host: DockerHost,
  role: FlinkRole,
): docker.ContainerArgs {
  const { spec, args, quorum, storagePrepared } = inputs;
  const member = role.kind === "jobmanager" ? role.jobManager : role.taskManager;
  // The label contract of src/common/labels.ts: the policy pack checks JobManager counts and
  // unique HA paths per ensemble by these.
  const labels = dockerLabels<pulumi.Input<string>>(
    {
      [LABELS.flinkCluster]: spec.prefix,
      [LABELS.flinkHaPath]: inputs.haPath,
      [LABELS.role]: role.kind === "jobmanager" ? ROLES.flinkJobManager : ROLES.flinkTaskManager,
      [LABELS.zookeeperQuorum]: quorum,
      ...(args.allowNonLoopbackPublish === true
        ? { [LABELS.allowNonLoopbackPublish]: "true" }
        : {}),
      // Also what holds the container back until the step has run, and fails it if it failed.
      ...(storagePrepared ? { [LABELS.storagePreparedBy]: storagePrepared } : {}),
    },
    args.labels,
  );
  const configFile = `${spec.confDir}/${spec.version.configFile}`;
  const env = args.env ?? {};
  // The official image's entrypoint writes this into jobmanager.rpc.address.
  const ownEnv =
    role.kind === "jobmanager" ? [pulumi.output(`JOB_MANAGER_RPC_ADDRESS=${member.address}`)] : [];
  // And this links the S3 plugin from opt/ into plugins/, where Flink loads filesystems from.
  const pluginEnv =
    spec.s3?.plugin === undefined
      ? []
      : [pulumi.output(`${BUILT_IN_PLUGINS_ENV}=${spec.s3.plugin}`)];
  return {
    name: member.containerName,
    image: args.image ?? `flink:${args.flinkVersion}`,
    hostname: member.alias,
    restart: "unless-stopped",
    mustRun: true,
    command: [role.kind],
    networksAdvanced: [{ name: host.networkName, aliases: [member.alias] }],
    volumes: spec.storageVolume
      ? [
          {
            volumeName: inputs.storageVolume?.name ?? spec.storageVolume.name,
            containerPath: spec.storageVolume.mountPath,
          },
        ]
      : [],
    uploads: [
      {
        file: configFile,
        content: pulumi
          .all([inputs.resolvedSpec, quorum])
          .apply(([resolved, q]) => renderFlinkConfig(resolved, q, role)),
      },
      ...(role.kind === "jobmanager"
        ? [{ file: `${spec.confDir}/masters`, content: inputs.masters }]
        : []),
    ],
    ports: publishedPorts(spec, role),
    envs: [
      ...ownEnv,
      ...pluginEnv,
      ...Object.keys(env)
        .sort()
        .map((key) => pulumi.interpolate`${key}=${env[key]}`),
    ],
    labels,
  };
}
