import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { engineOf } from "../common/claims";
import { claimAll } from "../common/ownership";
import { throwIfProblems } from "../common/problems";
import { FlinkHaVerified } from "../gates/flinkHaVerified";
import { ZNode } from "../gates/znode";
import { dockerLabels, LABELS, ROLES } from "../common/labels";
import { FIXED_NAME, KEPT_IN_PLACE } from "../common/fixedName";
import { assertOneShotSucceeded } from "../common/oneShot";
import { ZooKeeperEnsemble } from "../zookeeper/ensemble";
import { FLINK_DEFAULTS, type FlinkHaClusterArgs, type FlinkZooKeeperArgs } from "./flinkArgs";
import { renderFlinkConfig, renderMasters, type FlinkRole } from "./flinkConf";
import {
  placedPorts,
  placementProviders,
  resolveFlinkSpec,
  requestedSessionTimeout,
  type FlinkSpec,
  type JobManagerSpec,
} from "./flinkSpec";
import { flinkClaims, jobManagerPortProblems } from "./flinkClaims";
import { ensembleKey } from "./haPathRegistry";
import { resolvedFlinkArgs } from "./resolvedArgs";
import {
  connectStringProblem,
  HA_PATH_REASON,
  knownFlinkArgs,
  validateFlinkCluster,
  validateResolvedFlink,
} from "./validateFlink";
import { clampWarning } from "./zkTimeouts";
import { defaultNamePrefix } from "../common/namePrefix";
import { refuseUnknownInPreview } from "../common/plainInputs";
import { joinZnodePath } from "../zookeeper/znodePath";

export const FLINK_CLUSTER_TYPE = "pulumi-zk-ha:flink:FlinkHaCluster";

/**
 * A Flink session cluster with JobManager high availability on ZooKeeper, on Docker: two or more
 * JobManagers (one leads, the others stand by), one or more TaskManagers, and a shared named
 * volume for `high-availability.storageDir`. Each JobManager advertises its own network alias and
 * publishes its REST / web UI port on 127.0.0.1.
 *
 * With `placement` the members run on several Docker hosts (one provider per host): each host
 * gets its own network, members advertise their host's address and publish the ports their peers
 * dial there, and storage and ZooKeeper must be reachable from every host.
 *
 * Order, as graph edges: the ensemble's QuorumReady gate, then a {@link ZNode} that creates
 * `<pathRoot>/<clusterId>`, then the containers, then a {@link FlinkHaVerified} gate that passes once
 * a leader is elected and reports which JobManager leads.
 *
 * ## Example
 * ```ts
 * const zk = new ZooKeeperEnsemble("zk", { hostClientPortBase: 2181 });
 * const flink = new FlinkHaCluster("analytics", {
 *   flinkVersion: "2.1.1",
 *   zookeeper: zk,
 *   jobManagers: 2,
 *   taskManagers: 2,
 * });
 * export const leader = flink.leader;   // "<project>-<stack>-analytics-flink-jm-1"
 * export const ui = flink.restUrls;      // ["http://127.0.0.1:8081", "http://127.0.0.1:8082"]
 * ```
 */
export class FlinkHaCluster extends pulumi.ComponentResource {
  /** `<pathRoot>/<clusterId>`: the znode holding this cluster's HA state. */
  readonly haPath: pulumi.Output<string>;
  readonly storageDir: pulumi.Output<string>;
  /** The `masters` file (`host:webUIPort` per JobManager), also uploaded to every JobManager. */
  readonly masters: pulumi.Output<string>;
  /** REST / web UI address of each JobManager on the Docker host. */
  readonly restUrls: pulumi.Output<string[]>;
  /** Name of the JobManager that led when FlinkHaVerified passed. */
  readonly leader: pulumi.Output<string>;
  readonly jobManagers: docker.Container[];
  readonly taskManagers: docker.Container[];
  readonly storageVolume: docker.Volume | undefined;
  /** The one-shot container that chowns the storage volume; undefined without a volume. */
  readonly storageOwnerStep: docker.Container | undefined;
  readonly haZnode: ZNode;
  readonly haVerified: FlinkHaVerified;

  constructor(name: string, args: FlinkHaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(FLINK_CLUSTER_TYPE, name, {}, opts);
    const zookeeper = zookeeperOf(args.zookeeper);
    const label = `FlinkHaCluster "${name}"`;
    const prefix = defaultNamePrefix(name);
    // Inputs that may be outputs (pathRoot, clusterId, storageDir, jobManagerPorts, extraSettings
    // values) are checked now when they are plain, and once they resolve otherwise (a known
    // Output in the preview, an unknown one on `up`): the same check, the same error.
    throwIfProblems(this, label, validateFlinkCluster(prefix, args));
    const { args: known, deferred } = knownFlinkArgs(args);
    // Names, counts, ports and the storage volume come from what is known now.
    const spec = resolveFlinkSpec(prefix, known);
    const providers = placementProviders(args);
    const engines = { own: engineOf(this), placed: providers };
    const ensemble = ensembleKey(zookeeper.connectString);
    // An HA path from outputs is claimed once it resolves (it must be known in a preview).
    const haPathDeferred = deferred.has("pathRoot") || deferred.has("clusterId");
    const claims = flinkClaims(spec, args, engines, ensemble, (role) =>
      publishedPorts(spec, role),
    ).filter((claim) => !(haPathDeferred && claim.kind === "haPath"));
    throwIfProblems(this, label, [
      ...jobManagerPortProblems(spec),
      ...claimAll(this, label, claims),
    ]);
    // Once what is known has passed: the same checks again with the outputs resolved.
    const resolvedSpec = resolvedFlinkArgs(args).apply((resolved) => {
      throwIfProblems(this, label, validateResolvedFlink(prefix, args, resolved));
      const full = resolveFlinkSpec(prefix, resolved);
      throwIfProblems(this, label, jobManagerPortProblems(full));
      return full;
    });
    const haPath = haPathDeferred
      ? this.deferredHaPath(label, prefix, args, ensemble)
      : pulumi.output(spec.haZnodePath);

    const warning = clampWarning(
      requestedSessionTimeout(args),
      spec.tickTime,
      spec.maxSessionTimeout,
    );
    if (warning !== undefined) {
      void pulumi.log.warn(
        `FlinkHaCluster "${name}": ${warning} (set sessionTimeoutMs within the bounds, or zookeeperTickTime if the ensemble's differs)`,
        this,
      );
    }

    // Plain strings were checked above; Outputs are checked once they resolve.
    const quorum = pulumi.output(zookeeper.connectString).apply((connect) => {
      const problem = connectStringProblem("zookeeper.connectString", connect);
      if (problem) {
        throw new Error(`FlinkHaCluster "${name}": ${problem.property}: ${problem.reason}`);
      }
      return connect;
    });
    if (typeof zookeeper.connectString !== "string") {
      // Two different Outputs may still name the same ensemble: check again by value. An error
      // diagnostic fails the preview.
      void quorum.apply((connect) => {
        const haPath = claims.filter((c) => c.kind === "haPath");
        const byValue = haPath.map((c) => ({ ...c, ensemble: ensembleKey(connect) }));
        for (const conflict of claimAll(this, label, byValue)) {
          void pulumi.log.error(`${label}: ${conflict.property}: ${conflict.reason}`, this);
        }
      });
    }
    if (spec.placed && args.zookeeper instanceof ZooKeeperEnsemble) {
      reportUnplacedEnsemble(name, args.zookeeper, this);
    }
    // Under placement one network per host, like the ensemble: bridge networks do not span hosts.
    const networkNames = spec.placed
      ? providers.map(
          (provider, index) =>
            new docker.Network(
              `${name}-flink-net-${index + 1}`,
              {
                name: `${spec.prefix}-flink`,
                driver: "bridge",
                labels: dockerLabels({ [LABELS.flinkCluster]: spec.prefix }, args.labels),
              },
              { parent: this, provider, ...KEPT_IN_PLACE },
            ).name,
        )
      : [pulumi.output(args.networkName ?? zookeeper.networkName ?? "")];

    this.storageVolume = spec.storageVolume
      ? new docker.Volume(
          `${name}-ha-storage`,
          {
            name: spec.storageVolume.name,
            labels: dockerLabels({ [LABELS.flinkCluster]: spec.prefix }, args.labels),
          },
          // Job graphs and checkpoint metadata must outlive replaced containers.
          { parent: this, retainOnDelete: true, ...KEPT_IN_PLACE },
        )
      : undefined;

    const storage = this.prepareStorage(name, spec, args);
    this.storageOwnerStep = storage?.step;
    const storagePrepared = storage?.prepared;

    this.haZnode = new ZNode(
      `${name}-ha-znode`,
      { connectString: zookeeper.readinessConnectString, path: haPath },
      {
        parent: this,
        dependsOn: zookeeper.quorumReady ? [zookeeper.quorumReady] : [],
      },
    );

    const masters = renderMasters(spec);
    const hostOf = (member: { host?: { index: number } }): Host => ({
      networkName: networkNames[member.host?.index ?? 0] ?? pulumi.output(""),
      provider: member.host === undefined ? undefined : providers[member.host.index],
    });
    const inputs = { args, quorum, storagePrepared, masters, resolvedSpec, haPath };
    this.jobManagers = spec.jobManagers.map((jm) =>
      this.createContainer(name, spec, inputs, hostOf(jm), { kind: "jobmanager", jobManager: jm }),
    );
    this.taskManagers = spec.taskManagers.map((tm) =>
      this.createContainer(name, spec, inputs, hostOf(tm), {
        kind: "taskmanager",
        taskManager: tm,
      }),
    );

    this.haVerified = new FlinkHaVerified(
      `${name}-ha-verified`,
      {
        connectString: zookeeper.readinessConnectString,
        haPath,
        jobManagers: spec.jobManagers.map((jm) => ({ name: jm.containerName, alias: jm.address })),
        timeoutSeconds: spec.haVerifiedTimeoutSeconds,
        triggers: this.jobManagers.map((c) => c.id),
      },
      { parent: this, dependsOn: this.jobManagers },
    );

    this.haPath = haPath;
    this.storageDir = deferred.has("storageDir")
      ? pulumi.output(args.storageDir ?? "")
      : pulumi.output(spec.storageDir);
    this.masters = pulumi.output(masters);
    this.restUrls = pulumi.output(spec.jobManagers.map((jm) => restUrl(spec, jm)));
    this.leader = this.haVerified.leader;

    this.registerOutputs({
      haPath: this.haPath,
      storageDir: this.storageDir,
      masters: this.masters,
      restUrls: this.restUrls,
      leader: this.leader,
    });
  }

  /**
   * The one-shot step that gives the storage volume to Flink's user: a fresh volume is owned by
   * root, and the official image runs Flink as uid 9999. `prepared` resolves to the step's
   * container id, or fails the deployment with chown's own message. Undefined without a volume.
   */
  private prepareStorage(
    name: string,
    spec: FlinkSpec,
    args: FlinkHaClusterArgs,
  ): { step: docker.Container; prepared: pulumi.Output<string> } | undefined {
    if (spec.storageVolume === undefined || this.storageVolume === undefined) {
      return undefined;
    }
    const { mountPath, owner } = spec.storageVolume;
    const containerName = `${spec.storageVolume.name}-owner`;
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
        volumes: [{ volumeName: this.storageVolume.name, containerPath: mountPath }],
        labels: dockerLabels(
          { [LABELS.flinkCluster]: spec.prefix, [LABELS.role]: ROLES.flinkStorageOwner },
          args.labels,
        ),
      },
      { parent: this, ...FIXED_NAME },
    );
    const prepared = pulumi
      .all([step.id, step.exitCode, step.containerLogs])
      .apply(([id, exitCode, logs]) => {
        assertOneShotSucceeded(`storage owner step ${containerName}`, exitCode, logs, step);
        return id;
      });
    return { step, prepared };
  }

  /**
   * `<pathRoot>/<clusterId>` when either is an output: checked, and claimed against the other
   * clusters' HA paths on the ensemble, once both resolve; refused when a preview does not know
   * it, since the check against other clusters needs it then.
   */
  private deferredHaPath(
    label: string,
    prefix: string,
    args: FlinkHaClusterArgs,
    ensemble: string,
  ): pulumi.Output<string> {
    refuseUnknownInPreview(
      this,
      label,
      [
        ["pathRoot", args.pathRoot],
        ["clusterId", args.clusterId],
      ],
      `give a plain value or an Output known then: ${HA_PATH_REASON}`,
    );
    return pulumi.all([args.pathRoot, args.clusterId]).apply(([pathRoot, clusterId]) => {
      const resolved = { ...args, pathRoot, clusterId };
      throwIfProblems(this, label, validateFlinkCluster(prefix, resolved));
      const path = joinZnodePath(
        pathRoot ?? FLINK_DEFAULTS.pathRoot,
        clusterId ?? `/${args.namePrefix ?? prefix}`,
      );
      const field = args.clusterId === undefined ? "pathRoot" : "clusterId";
      throwIfProblems(
        this,
        label,
        claimAll(this, label, [{ kind: "haPath", ensemble, path, field }]),
      );
      return path;
    });
  }

  private createContainer(
    name: string,
    spec: FlinkSpec,
    inputs: {
      args: FlinkHaClusterArgs;
      quorum: pulumi.Output<string>;
      storagePrepared: pulumi.Output<string> | undefined;
      masters: string;
      /** The spec with every output resolved: what the configuration file is rendered from. */
      resolvedSpec: pulumi.Output<FlinkSpec>;
      haPath: pulumi.Output<string>;
    },
    host: Host,
    role: FlinkRole,
  ): docker.Container {
    const { args, quorum, storagePrepared, masters, resolvedSpec, haPath } = inputs;
    const member = role.kind === "jobmanager" ? role.jobManager : role.taskManager;
    const short = role.kind === "jobmanager" ? "jm" : "tm";
    // The label contract of src/common/labels.ts: the policy pack checks JobManager counts and
    // unique HA paths per ensemble by these.
    const labels = dockerLabels<pulumi.Input<string>>(
      {
        [LABELS.flinkCluster]: spec.prefix,
        [LABELS.flinkHaPath]: haPath,
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
      role.kind === "jobmanager"
        ? [pulumi.output(`JOB_MANAGER_RPC_ADDRESS=${member.address}`)]
        : [];
    return new docker.Container(
      `${name}-${short}-${member.index}`,
      {
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
                volumeName: this.storageVolume?.name ?? spec.storageVolume.name,
                containerPath: spec.storageVolume.mountPath,
              },
            ]
          : [],
        uploads: [
          {
            file: configFile,
            content: pulumi
              .all([resolvedSpec, quorum])
              .apply(([resolved, q]) => renderFlinkConfig(resolved, q, role)),
          },
          ...(role.kind === "jobmanager"
            ? [{ file: `${spec.confDir}/masters`, content: masters }]
            : []),
        ],
        ports: publishedPorts(spec, role),
        envs: [
          ...ownEnv,
          ...Object.keys(env)
            .sort()
            .map((key) => pulumi.interpolate`${key}=${env[key]}`),
        ],
        labels,
      },
      {
        parent: this,
        ...FIXED_NAME,
        dependsOn: [this.haZnode],
        ...(host.provider ? { provider: host.provider } : {}),
      },
    );
  }
}

/** The network and Docker provider a member runs with. */
interface Host {
  readonly networkName: pulumi.Output<string>;
  /** Undefined when not placed: the component's own provider. */
  readonly provider: docker.Provider | undefined;
}

/**
 * Placed: every port peers on other hosts dial, port for port, on the placement's bindAddress.
 * Otherwise a JobManager's REST port on `publishAddress`, and nothing for a TaskManager.
 */
export function publishedPorts(
  spec: FlinkSpec,
  role: FlinkRole,
): { internal: number; external: number; ip: string; protocol: string }[] {
  const member = role.kind === "jobmanager" ? role.jobManager : role.taskManager;
  if (member.host !== undefined) {
    const ip = member.host.bindAddress;
    return placedPorts(spec, member).map((port) => ({
      internal: port,
      external: port,
      ip,
      protocol: "tcp",
    }));
  }
  return role.kind === "jobmanager"
    ? [
        {
          internal: spec.restPort,
          external: role.jobManager.hostRestPort,
          ip: spec.publishAddress,
          protocol: "tcp",
        },
      ]
    : [];
}

/** Where a JobManager's REST API is reached: its host's address when placed, else the publish address. */
function restUrl(spec: FlinkSpec, jm: JobManagerSpec): string {
  return jm.host === undefined
    ? `http://${hostForUrl(spec.publishAddress)}:${jm.hostRestPort}`
    : `http://${hostForUrl(jm.address)}:${spec.restPort}`;
}

/**
 * Placed members on other hosts cannot resolve an unplaced ensemble's network aliases. Its connect
 * string then lists exactly its servers' aliases; an error diagnostic fails the preview.
 */
function reportUnplacedEnsemble(
  name: string,
  ensemble: ZooKeeperEnsemble,
  resource: pulumi.Resource,
): void {
  void pulumi.all([ensemble.connectString, ensemble.servers]).apply(([connect, servers]) => {
    const aliases = new Set(servers.map((s) => s.alias));
    const hosts = connect.split(",").map((endpoint) => endpoint.replace(/:\d+$/, ""));
    const unresolvable = hosts.filter((host) => aliases.has(host));
    if (unresolvable.length > 0) {
      void pulumi.log.error(
        `FlinkHaCluster "${name}": zookeeper: the ensemble is not placed: its connect string names the network aliases ${unresolvable.join(", ")}, which placed members on other hosts cannot resolve; give the ensemble a placement too`,
        resource,
      );
    }
  });
}

/** The ensemble's values, whether the component or plain values were passed. */
function zookeeperOf(zookeeper: FlinkHaClusterArgs["zookeeper"]): FlinkZooKeeperArgs {
  if (zookeeper instanceof ZooKeeperEnsemble) {
    return {
      connectString: zookeeper.connectString,
      readinessConnectString: zookeeper.readinessConnectString,
      networkName: zookeeper.networkName,
      quorumReady: zookeeper.quorumReady,
    };
  }
  return zookeeper;
}

function hostForUrl(address: string): string {
  return address.includes(":") ? `[${address}]` : address;
}
