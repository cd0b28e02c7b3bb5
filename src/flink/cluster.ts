import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems, type Problem } from "../common/problems";
import { FlinkHaVerified } from "../gates/flinkHaVerified";
import { ZNode } from "../gates/znode";
import { dockerLabels, LABELS, ROLES } from "../common/labels";
import { ZooKeeperEnsemble } from "../zookeeper/ensemble";
import { joinZnodePath } from "../zookeeper/znodePath";
import { FLINK_DEFAULTS, type FlinkHaClusterArgs, type FlinkZooKeeperArgs } from "./flinkArgs";
import { renderFlinkConfig, renderMasters, type FlinkRole } from "./flinkConf";
import { resolveFlinkSpec, requestedSessionTimeout, type FlinkSpec } from "./flinkSpec";
import { claimHaPath, ensembleKey } from "./haPathRegistry";
import { connectStringProblem, validateFlinkCluster } from "./validateFlink";
import { clampWarning } from "./zkTimeouts";

export const FLINK_CLUSTER_TYPE = "pulumi-zk-ha:flink:FlinkHaCluster";

/**
 * A Flink session cluster with JobManager high availability on ZooKeeper, on Docker: two or more
 * JobManagers (one leads, the others stand by), one or more TaskManagers, and a shared named
 * volume for `high-availability.storageDir`. Each JobManager advertises its own network alias and
 * publishes its REST / web UI port on 127.0.0.1.
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
 * export const leader = flink.leader;   // "analytics-flink-jm-1"
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
  readonly haZnode: ZNode;
  readonly haVerified: FlinkHaVerified;

  constructor(name: string, args: FlinkHaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(FLINK_CLUSTER_TYPE, name, {}, opts);
    const zookeeper = zookeeperOf(args.zookeeper);
    const problems: Problem[] = validateFlinkCluster(name, args);
    const haPath = joinZnodePath(
      args.pathRoot ?? FLINK_DEFAULTS.pathRoot,
      args.clusterId ?? `/${args.namePrefix ?? name}`,
    );
    if (problems.length === 0) {
      const conflict = claimHaPath(ensembleKey(zookeeper.connectString), haPath, name);
      if (conflict) {
        problems.push(conflict);
      }
    }
    throwIfProblems(`FlinkHaCluster "${name}"`, problems);
    const spec = resolveFlinkSpec(name, args);

    const warning = clampWarning(requestedSessionTimeout(args), spec.tickTime);
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
        const conflict = claimHaPath(ensembleKey(connect), haPath, name);
        if (conflict) {
          void pulumi.log.error(
            `FlinkHaCluster "${name}": ${conflict.property}: ${conflict.reason}`,
            this,
          );
        }
      });
    }
    const networkName = pulumi.output(args.networkName ?? zookeeper.networkName ?? "");

    this.storageVolume = spec.storageVolume
      ? new docker.Volume(
          `${name}-ha-storage`,
          {
            name: spec.storageVolume.name,
            labels: dockerLabels({ [LABELS.flinkCluster]: spec.prefix }, args.labels),
          },
          // Job graphs and checkpoint metadata must outlive replaced containers.
          { parent: this, retainOnDelete: true },
        )
      : undefined;

    this.haZnode = new ZNode(
      `${name}-ha-znode`,
      { connectString: zookeeper.readinessConnectString, path: spec.haZnodePath },
      {
        parent: this,
        dependsOn: zookeeper.quorumReady ? [zookeeper.quorumReady] : [],
      },
    );

    const masters = renderMasters(spec);
    this.jobManagers = spec.jobManagers.map((jm) =>
      this.createContainer(name, spec, args, quorum, networkName, masters, {
        kind: "jobmanager",
        jobManager: jm,
      }),
    );
    this.taskManagers = spec.taskManagers.map((tm) =>
      this.createContainer(name, spec, args, quorum, networkName, masters, {
        kind: "taskmanager",
        taskManager: tm,
      }),
    );

    this.haVerified = new FlinkHaVerified(
      `${name}-ha-verified`,
      {
        connectString: zookeeper.readinessConnectString,
        haPath: spec.haZnodePath,
        jobManagers: spec.jobManagers.map((jm) => ({ name: jm.containerName, alias: jm.alias })),
        timeoutSeconds: spec.haVerifiedTimeoutSeconds,
        triggers: this.jobManagers.map((c) => c.id),
      },
      { parent: this, dependsOn: this.jobManagers },
    );

    this.haPath = pulumi.output(spec.haZnodePath);
    this.storageDir = pulumi.output(spec.storageDir);
    this.masters = pulumi.output(masters);
    this.restUrls = pulumi.output(
      spec.jobManagers.map((jm) => `http://${hostForUrl(spec.publishAddress)}:${jm.hostRestPort}`),
    );
    this.leader = this.haVerified.leader;

    this.registerOutputs({
      haPath: this.haPath,
      storageDir: this.storageDir,
      masters: this.masters,
      restUrls: this.restUrls,
      leader: this.leader,
    });
  }

  private createContainer(
    name: string,
    spec: FlinkSpec,
    args: FlinkHaClusterArgs,
    quorum: pulumi.Output<string>,
    networkName: pulumi.Output<string>,
    masters: string,
    role: FlinkRole,
  ): docker.Container {
    const member = role.kind === "jobmanager" ? role.jobManager : role.taskManager;
    const short = role.kind === "jobmanager" ? "jm" : "tm";
    // The label contract of src/common/labels.ts: the policy pack checks JobManager counts and
    // unique HA paths per ensemble by these.
    const labels = dockerLabels(
      {
        [LABELS.flinkCluster]: spec.prefix,
        [LABELS.flinkHaPath]: spec.haZnodePath,
        [LABELS.role]: role.kind === "jobmanager" ? ROLES.flinkJobManager : ROLES.flinkTaskManager,
        [LABELS.zookeeperQuorum]: "",
      },
      args.labels,
    ).map(({ label, value }) =>
      label === LABELS.zookeeperQuorum ? { label, value: quorum } : { label, value },
    );
    const configFile = `${spec.confDir}/${spec.version.configFile}`;
    const env = args.env ?? {};
    const ownEnv =
      role.kind === "jobmanager" ? [pulumi.output(`JOB_MANAGER_RPC_ADDRESS=${member.alias}`)] : [];
    return new docker.Container(
      `${name}-${short}-${member.index}`,
      {
        name: member.containerName,
        image: args.image ?? `flink:${args.flinkVersion}`,
        hostname: member.alias,
        restart: "unless-stopped",
        mustRun: true,
        command: [role.kind],
        networksAdvanced: [{ name: networkName, aliases: [member.alias] }],
        volumes: spec.storageVolume
          ? [
              {
                volumeName: this.storageVolume?.name ?? spec.storageVolume.name,
                containerPath: spec.storageVolume.mountPath,
              },
            ]
          : [],
        uploads: [
          { file: configFile, content: quorum.apply((q) => renderFlinkConfig(spec, q, role)) },
          ...(role.kind === "jobmanager"
            ? [{ file: `${spec.confDir}/masters`, content: masters }]
            : []),
        ],
        ports:
          role.kind === "jobmanager"
            ? [
                {
                  internal: spec.restPort,
                  external: role.jobManager.hostRestPort,
                  ip: spec.publishAddress,
                  protocol: "tcp",
                },
              ]
            : [],
        envs: [
          ...ownEnv,
          ...Object.keys(env)
            .sort()
            .map((key) => pulumi.interpolate`${key}=${env[key]}`),
        ],
        labels,
      },
      { parent: this, dependsOn: [this.haZnode] },
    );
  }
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
