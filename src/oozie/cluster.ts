import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { engineOf } from "../common/claims";
import { KEPT_IN_PLACE } from "../common/fixedName";
import { dockerLabels, LABELS } from "../common/labels";
import { defaultNamePrefix } from "../common/namePrefix";
import { claimAll } from "../common/ownership";
import type { DockerHost } from "../common/placement";
import { throwIfProblems } from "../common/problems";
import { DrainGate } from "../gates/drainGate";
import { OozieHaVerified } from "../gates/oozieHaVerified";
import { SafeModeRelease } from "../gates/safeModeRelease";
import { ZNode } from "../gates/znode";
import { checkedConnectString } from "../zkclient/checkedConnectString";
import { resolveZooKeeper } from "../zookeeper/reference";
import { reportUnplacedEnsemble } from "../zookeeper/unplacedEnsemble";
import type { OozieHaClusterArgs } from "./clusterArgs";
import { oozieClaims } from "./clusterClaims";
import {
  knownOozieArgs,
  resolvedOozieArgs,
  resolveOozieClusterSpec,
  type OozieServerSpec,
} from "./clusterSpec";
import { containerValues, drainTriggers, siteXmls, type PlannedServer } from "./containerValues";
import { placementProviders, publishedHttpPorts, serverUrl } from "./placement";
import { createServer } from "./serverResources";
import { validateOozieCluster } from "./validateCluster";

export const OOZIE_CLUSTER_TYPE = "pulumi-zk-ha:oozie:OozieHaCluster";

// Kept where they have always been imported from.
export { assertCopySucceeded } from "./serverResources";
export { jdbcSubprotocol } from "./serverContainer";

/** A server of the cluster as other components and people address it. */
export interface OozieServer {
  readonly index: number;
  /** Network alias, hostname, `oozie.http.hostname` and `oozie.instance.id`. */
  readonly alias: string;
  readonly containerName: string;
  /** URL on the cluster's Docker network; under placement on the host's address. */
  readonly url: string;
  /** Published port on the Docker host, when publishing was asked for. */
  readonly hostHttpPort?: number;
  /** The host's address, under placement. */
  readonly address?: string;
}

/**
 * Apache Oozie servers in HA on Docker, following the seed procedure (ZooKeeper services in
 * `oozie.services.ext`, connect string, namespace, optional Kerberos) as a resource graph:
 *
 * 1. a {@link ZNode} gate creates `/<namespace>` once the ensemble's QuorumReady has passed;
 * 2. a {@link DrainGate} asks the running servers for active jobs before any server is
 *    created or replaced ("No task is running");
 * 3. with the curator jar copy, a one-shot container per server prepares the server's lib
 *    volume (image lib dir + curator-x-discovery from the webapp lib dir) and exits; the
 *    provider waits for it (`attach`), and the server container mounts that volume at the lib
 *    dir, so the jar is in place before the Oozie process starts. A failed copy stops the
 *    deployment with the script's message, which names both paths;
 * 4. the server containers, each waiting for its healthcheck (`wait`); with `rollingReplacement`
 *    each one depends on the previous one, so replacements go one at a time;
 * 5. an {@link OozieHaVerified} gate passes once every server has registered in ZooKeeper
 *    (not in secure mode by default: Oozie's SASL ACLs keep unauthenticated readers out);
 * 6. with drainMode "safemode", a {@link SafeModeRelease} puts the servers the DrainGate left in
 *    SAFEMODE back in NORMAL once every server is up (and registered).
 *
 * With `placement` the servers run on several Docker hosts, each on a network the component
 * creates on its host, publishing `httpPort` on the host's address; see
 * {@link OozieHaClusterArgs.placement}.
 *
 * ## Example
 * ```ts
 * const zk = new ZooKeeperEnsemble("zk", { size: 3 });
 * const oozie = new OozieHaCluster("oozie", {
 *   image: "example/oozie:5.2.1",
 *   zookeeper: zk,
 *   baseUrl: "http://oozie-vip.example.com:11000/oozie",
 *   database: {
 *     driver: "org.postgresql.Driver",
 *     url: "jdbc:postgresql://db:5432/oozie",
 *     username: "oozie",
 *     password: config.requireSecret("oozieDbPassword"),
 *   },
 * });
 * ```
 */
export class OozieHaCluster extends pulumi.ComponentResource {
  readonly servers: pulumi.Output<OozieServer[]>;
  /** The load balancer / VIP URL every server advertises (`oozie.base.url`). */
  readonly baseUrl: pulumi.Output<string>;
  /** Each server's oozie-site.xml; secret when it holds the database password. */
  readonly siteXmls: pulumi.Output<string>[];
  readonly namespaceNode: ZNode;
  readonly drainGate: DrainGate;
  /** One-shot curator copy containers, one per server; empty without the copy. */
  readonly curatorCopies: docker.Container[];
  readonly containers: docker.Container[];
  readonly volumes: docker.Volume[];
  /** Under placement, one network per Docker host, in order of first appearance; else empty. */
  readonly networks: docker.Network[];
  /** Passes once every server has registered in ZooKeeper; absent when `verifyRegistration` is off. */
  readonly haVerified: OozieHaVerified | undefined;
  /** With drainMode "safemode": puts the servers back in NORMAL after a drained replacement. */
  readonly safeModeRelease: SafeModeRelease | undefined;

  constructor(name: string, args: OozieHaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super(OOZIE_CLUSTER_TYPE, name, {}, opts);
    const description = `OozieHaCluster "${name}"`;
    // Inputs that may be outputs (baseUrl, the database's driver, URL and user, site property
    // values) are checked now when they are plain, and once they resolve otherwise (a known
    // Output in the preview, an unknown one on `up`): the same check, the same error.
    throwIfProblems(this, description, validateOozieCluster(defaultNamePrefix(name), args));
    const spec = resolveOozieClusterSpec(defaultNamePrefix(name), knownOozieArgs(args));
    const resolvedSpec = resolvedOozieArgs(args).apply((resolved) => {
      throwIfProblems(this, description, validateOozieCluster(defaultNamePrefix(name), resolved));
      return resolveOozieClusterSpec(defaultNamePrefix(name), resolved);
    });
    const zk = resolveZooKeeper(args.zookeeper);
    if (args.placement !== undefined) {
      reportUnplacedEnsemble(description, zk, this);
    }
    // Validation required it without placement; placed servers use their hosts' networks.
    const zkNetwork = zk.networkName ?? "";
    const quorum = zk.quorumReady ? [zk.quorumReady] : [];

    // Under placement one network per host: a bridge network does not span hosts.
    const providers = placementProviders(args.placement);
    const engines = { own: engineOf(this), placed: providers };
    const claims = oozieClaims(spec, args, engines, (s) => publishedHttpPorts(spec, s));
    throwIfProblems(this, description, claimAll(this, description, claims));
    this.networks = providers.map(
      (provider, index) =>
        new docker.Network(
          `${name}-oozie-net-${index + 1}`,
          {
            name: `${spec.prefix}-oozie`,
            driver: "bridge",
            labels: dockerLabels({ [LABELS.oozieCluster]: spec.prefix }, args.labels),
          },
          { parent: this, provider, ...KEPT_IN_PLACE },
        ),
    );
    const hostOf = (server: OozieServerSpec): DockerHost =>
      server.placement
        ? {
            provider: providers[server.placement.hostIndex],
            networkName: this.networks[server.placement.hostIndex]?.name ?? zkNetwork,
          }
        : { provider: undefined, networkName: zkNetwork };

    this.namespaceNode = new ZNode(
      `${name}-namespace`,
      { connectString: zk.readinessConnectString, path: `/${spec.namespace}` },
      { parent: this, dependsOn: quorum },
    );

    // Checked once it resolves when it is an Output; a plain one was checked above.
    const connectString = checkedConnectString(
      this,
      description,
      "zookeeper.connectString",
      zk.connectString,
    );
    this.siteXmls = siteXmls(spec, args, resolvedSpec, connectString);
    const valuesOf = containerValues(this, description, {
      args,
      resolvedSpec,
      siteXmls: this.siteXmls,
    });
    const planned = spec.servers.map((server, i): PlannedServer => {
      const host = hostOf(server);
      return { server, host, values: valuesOf(i, host) };
    });
    this.drainGate = new DrainGate(
      `${name}-drain`,
      {
        urls: [...spec.drainUrls],
        mode: spec.drainMode,
        timeoutSeconds: spec.drainTimeoutSeconds,
        attemptTimeoutMs: spec.drainAttemptTimeoutSeconds * 1000,
        triggers: drainTriggers(spec, planned),
      },
      // After the ensemble's gates: a change the ensemble refuses (its membership guard) must
      // not run the drain check, or drain the servers, for a connect string never deployed.
      { parent: this, dependsOn: quorum },
    );

    this.volumes = [];
    this.curatorCopies = [];
    this.containers = [];
    for (const { server, host, values } of planned) {
      // With rollingReplacement each server waits for the previous one: one replacement at a time.
      const previous = this.containers[this.containers.length - 1];
      const created = createServer(this, name, spec, server, {
        args,
        host,
        values,
        drainGate: this.drainGate,
        dependsOn: [
          ...quorum,
          this.namespaceNode,
          this.drainGate,
          ...(spec.rollingReplacement && previous ? [previous] : []),
        ],
      });
      if (created.libVolume) {
        this.volumes.push(created.libVolume);
      }
      if (created.curatorCopy) {
        this.curatorCopies.push(created.curatorCopy);
      }
      this.containers.push(created.container);
    }

    this.haVerified = spec.verifyRegistration
      ? new OozieHaVerified(
          `${name}-ha-verified`,
          {
            connectString: zk.readinessConnectString,
            namespace: spec.namespace,
            instanceIds: spec.servers.map((s) => s.alias),
            timeoutSeconds: spec.readyTimeoutSeconds,
            triggers: this.containers.map((c) => c.id),
          },
          { parent: this, dependsOn: this.containers },
        )
      : undefined;

    this.safeModeRelease =
      spec.drainMode === "safemode"
        ? new SafeModeRelease(
            `${name}-safemode-release`,
            {
              urls: [...spec.drainUrls],
              drained: this.drainGate.drained,
              drainPassedAt: this.drainGate.passedAt,
              attemptTimeoutMs: spec.drainAttemptTimeoutSeconds * 1000,
            },
            {
              parent: this,
              dependsOn: [...this.containers, ...(this.haVerified ? [this.haVerified] : [])],
            },
          )
        : undefined;

    this.baseUrl = resolvedSpec.apply((resolved) => resolved.baseUrl);
    this.servers = pulumi.output(
      spec.servers.map((s): OozieServer => ({
        index: s.index,
        alias: s.alias,
        containerName: s.containerName,
        url: serverUrl(spec, s),
        ...(s.hostHttpPort === undefined ? {} : { hostHttpPort: s.hostHttpPort }),
        ...(s.placement ? { address: s.placement.address } : {}),
      })),
    );
    this.registerOutputs({ servers: this.servers, baseUrl: this.baseUrl });
  }
}
