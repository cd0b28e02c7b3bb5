import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { engineOf } from "../common/claims";
import { KEPT_IN_PLACE } from "../common/fixedName";
import { dockerLabels, LABELS } from "../common/labels";
import { defaultNamePrefix } from "../common/namePrefix";
import type { DockerHost } from "../common/placement";
import { claimAll } from "../common/ownership";
import { throwIfProblems } from "../common/problems";
import { FlinkHaVerified } from "../gates/flinkHaVerified";
import type { JobManagerOrder } from "../gates/jobManagerOrder";
import type { JobManagerRejoined } from "../gates/jobManagerRejoined";
import type { TaskManagerRejoined } from "../gates/taskManagerRejoined";
import { ZNode } from "../gates/znode";
import { resolveZooKeeper } from "../zookeeper/reference";
import { reportUnplacedEnsemble } from "../zookeeper/unplacedEnsemble";
import { checkedQuorum, reclaimHaPathsByValue } from "./ensembleLink";
import type { FlinkHaClusterArgs } from "./flinkArgs";
import { flinkClaims, jobManagerPortProblems } from "./flinkClaims";
import { renderMasters } from "./flinkConf";
import { placementProviders, resolveFlinkSpec } from "./flinkSpec";
import { ensembleKey } from "./haPathRegistry";
import { jobManagerChain } from "./jobManagerChain";
import { taskManagerChain } from "./taskManagerChain";
import type { MemberInputs } from "./memberContainer";
import { publishedPorts, restUrl } from "./publishedPorts";
import { createStorage } from "./storage";
import { deferredHaPath } from "./deferredHaPath";
import { resolvedFlinkArgs } from "./resolvedArgs";
import { knownFlinkArgs, validateFlinkCluster, validateResolvedFlink } from "./validateFlink";

export const FLINK_CLUSTER_TYPE = "pulumi-zk-ha:flink:FlinkHaCluster";

/**
 * A Flink session cluster with JobManager high availability on ZooKeeper, on Docker: two or more
 * JobManagers (one leads, the others stand by), one or more TaskManagers, and a shared named
 * volume for `high-availability.storageDir`. Each JobManager advertises its own network alias and
 * publishes its REST / web UI port on 127.0.0.1.
 *
 * With `placement` the members run on several Docker hosts (one provider per host): each host
 * gets its own network, members advertise their host's address and publish the ports their peers
 * dial there, and storage and ZooKeeper must be reachable from every host (such as an `s3://`
 * storageDir, with `s3` setting up Flink's S3 filesystem).
 *
 * Order, as graph edges: the ensemble's QuorumReady gate, then a {@link ZNode} that creates
 * `<pathRoot>/<clusterId>`, then the containers, then a {@link FlinkHaVerified} gate that passes once
 * a leader is elected and reports which JobManager leads. With `rollingReplacement` (the
 * default) a change replaces the JobManagers one at a time, the standbys first and the leader
 * last (see {@link jobManagerChain}), and the TaskManagers one at a time, each next one once
 * the previous one has registered again (see {@link taskManagerChain}).
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
  /** With `rollingReplacement`, one gate per JobManager, in index order. */
  readonly rejoinGates: JobManagerRejoined[];
  /** With `rollingReplacement`, one gate per TaskManager, in index order. */
  readonly taskManagerGates: TaskManagerRejoined[];
  /** With `rollingReplacement`, the gate that puts the leader last in a replacement. */
  readonly jobManagerOrder: JobManagerOrder | undefined;

  constructor(name: string, args: FlinkHaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(FLINK_CLUSTER_TYPE, name, {}, opts);
    const label = `FlinkHaCluster "${name}"`;
    const prefix = defaultNamePrefix(name);
    // Inputs that may be outputs (pathRoot, clusterId, storageDir, jobManagerPorts, extraSettings
    // values) are checked now when they are plain, and once they resolve otherwise (a known
    // Output in the preview, an unknown one on `up`): the same check, the same error.
    throwIfProblems(this, label, validateFlinkCluster(prefix, args));
    // Only once checked: a missing `zookeeper` is a problem above, not a TypeError here.
    const zookeeper = resolveZooKeeper(args.zookeeper);
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
      ? deferredHaPath(this, label, prefix, args, ensemble)
      : pulumi.output(spec.haZnodePath);

    const quorum = checkedQuorum(this, label, zookeeper.connectString);
    if (typeof zookeeper.connectString !== "string") {
      reclaimHaPathsByValue(this, label, claims, quorum);
    }
    if (spec.placed) {
      reportUnplacedEnsemble(label, zookeeper, this);
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

    const storage = createStorage(this, name, spec, args);
    this.storageVolume = storage?.volume;
    this.storageOwnerStep = storage?.ownerStep;

    this.haZnode = new ZNode(
      `${name}-ha-znode`,
      { connectString: zookeeper.readinessConnectString, path: haPath },
      {
        parent: this,
        dependsOn: zookeeper.quorumReady ? [zookeeper.quorumReady] : [],
      },
    );

    const masters = renderMasters(spec);
    const members: MemberInputs = {
      spec,
      args,
      quorum,
      storageVolume: this.storageVolume,
      storagePrepared: storage?.prepared,
      masters,
      resolvedSpec,
      haPath,
      dependsOn: [this.haZnode],
    };
    const hostOf = (member: { host?: { index: number } }): DockerHost => ({
      networkName: networkNames[member.host?.index ?? 0] ?? pulumi.output(""),
      provider: member.host === undefined ? undefined : providers[member.host.index],
    });
    const chain = jobManagerChain(this, name, members, hostOf, {
      connectString: zookeeper.readinessConnectString,
      haPath,
    });
    this.jobManagers = chain.containers;
    this.rejoinGates = chain.gates;
    this.jobManagerOrder = chain.order;
    const restUrls = spec.jobManagers.map((jm) => restUrl(spec, jm));
    const taskManagers = taskManagerChain(this, name, members, hostOf, restUrls, this.jobManagers);
    this.taskManagers = taskManagers.containers;
    this.taskManagerGates = taskManagers.gates;

    this.haVerified = new FlinkHaVerified(
      `${name}-ha-verified`,
      {
        connectString: zookeeper.readinessConnectString,
        haPath,
        jobManagers: spec.jobManagers.map((jm) => ({ name: jm.containerName, alias: jm.address })),
        timeoutSeconds: spec.readyTimeoutSeconds,
        triggers: this.jobManagers.map((c) => c.id),
      },
      { parent: this, dependsOn: this.jobManagers },
    );

    this.haPath = haPath;
    this.storageDir = deferred.has("storageDir")
      ? pulumi.output(args.storageDir ?? "")
      : pulumi.output(spec.storageDir);
    this.masters = pulumi.output(masters);
    this.restUrls = pulumi.output(restUrls);
    this.leader = this.haVerified.leader;

    this.registerOutputs({
      haPath: this.haPath,
      storageDir: this.storageDir,
      masters: this.masters,
      restUrls: this.restUrls,
      leader: this.leader,
    });
  }
}
