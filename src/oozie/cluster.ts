import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { engineOf } from "../common/claims";
import { claimAll } from "../common/ownership";
import { throwIfProblems } from "../common/problems";
import { definedProblems } from "../common/rules";
import { DrainGate } from "../gates/drainGate";
import { OozieHaVerified } from "../gates/oozieHaVerified";
import { SafeModeRelease } from "../gates/safeModeRelease";
import { ZNode } from "../gates/znode";
import { dockerLabels, LABELS } from "../common/labels";
import { FIXED_NAME, KEPT_IN_PLACE } from "../common/fixedName";
import { assertOneShotSucceeded } from "../common/oneShot";
import type { OozieHaClusterArgs } from "./clusterArgs";
import {
  knownOozieArgs,
  resolvedOozieArgs,
  resolveOozieClusterSpec,
  type OozieClusterSpec,
  type OozieServerSpec,
} from "./clusterSpec";
import { renderOozieSite } from "./oozieSite";
import { placementProviders, publishedHttpPorts, serverUrl } from "./placement";
import {
  curatorCopyArgs,
  curatorCopyLabels,
  jdbcSubprotocol,
  replacementTrigger,
  serverContainerArgs,
  type ServerContainerValues,
} from "./serverContainer";
import { isDerby } from "./derby";
import { oozieClaims } from "./clusterClaims";
import { keytabProblem, validateOozieCluster } from "./validateCluster";
import { defaultNamePrefix } from "../common/namePrefix";

export const OOZIE_CLUSTER_TYPE = "pulumi-zk-ha:oozie:OozieHaCluster";

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

export { jdbcSubprotocol } from "./serverContainer";

/** The Docker host a server runs on: a placement's provider and network, or the defaults. */
interface ServerHost {
  readonly provider: docker.Provider | undefined;
  readonly networkName: pulumi.Input<string>;
}

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
 * 4. the server containers, each waiting for its healthcheck (`wait`); with `rollingRestart`
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
    const zk = args.zookeeper;
    const quorum = zk.quorumReady ? [zk.quorumReady] : [];

    // Under placement one network per host: a bridge network does not span hosts.
    const providers = placementProviders(args.placement);
    const label = `OozieHaCluster "${name}"`;
    const engines = { own: engineOf(this), placed: providers };
    const claims = oozieClaims(spec, args, engines, (s) => publishedHttpPorts(spec, s));
    throwIfProblems(this, label, claimAll(this, label, claims));
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
    const hostOf = (server: OozieServerSpec): ServerHost =>
      server.placement
        ? {
            provider: providers[server.placement.hostIndex],
            networkName: this.networks[server.placement.hostIndex]?.name ?? zk.networkName,
          }
        : { provider: undefined, networkName: zk.networkName };

    this.namespaceNode = new ZNode(
      `${name}-namespace`,
      { connectString: zk.readinessConnectString, path: `/${spec.namespace}` },
      { parent: this, dependsOn: quorum },
    );

    const password = args.database ? pulumi.secret(args.database.password) : undefined;
    this.siteXmls = spec.servers.map((server) => {
      const xml = pulumi
        .all([resolvedSpec, zk.connectString, password ?? ""])
        .apply(([resolved, connect, jdbcPassword]) =>
          renderOozieSite(resolved, server, {
            zookeeperConnectString: connect,
            ...(args.database ? { jdbcPassword } : {}),
          }),
        );
      return password ? pulumi.secret(xml) : xml;
    });

    const env = args.env ?? {};
    const envs = Object.keys(env)
      .sort()
      .map((key) => pulumi.interpolate`${key}=${env[key]}`);
    // A keytab that is an Output is checked when it resolves, with the words validation uses
    // for a plain one; it stays secret, and the error never holds it.
    const keytab = args.kerberos
      ? pulumi.secret(args.kerberos.keytabBase64).apply((value) => {
          throwIfProblems(this, `OozieHaCluster "${name}"`, definedProblems(keytabProblem(value)));
          return value;
        })
      : undefined;

    // The database label: what the policy pack reads (Derby cannot be shared).
    const databaseKind = args.database
      ? resolvedSpec.apply(({ database }) =>
          database === undefined || isDerby(database) ? "derby" : jdbcSubprotocol(database.url),
        )
      : undefined;
    // What each server's containers are made of, as inputs; the same values, resolved, make
    // its replacement trigger.
    const valuesOf = (i: number): ServerContainerValues<pulumi.Input<string>> => {
      const server = spec.servers[i];
      return {
        image: args.image,
        siteXml: this.siteXmls[i] ?? "",
        envs,
        keytab,
        networkName: server ? hostOf(server).networkName : zk.networkName,
        zookeeperConnectString: zk.connectString,
        databaseKind,
        allowNonLoopbackPublish: args.allowNonLoopbackPublish === true,
        userLabels: args.labels,
      };
    };
    // A change of anything that replaces a server re-runs the drain check before it happens:
    // the trigger hashes what the containers are created from.
    const triggers = spec.servers.map((server, i) => {
      const values = valuesOf(i);
      return pulumi
        .all([
          values.image,
          values.siteXml,
          pulumi.all([...values.envs]),
          values.keytab ?? "",
          values.networkName,
          values.zookeeperConnectString,
          values.databaseKind ?? "",
          hostOf(server).provider?.urn ?? "",
        ])
        .apply(([image, siteXml, envValues, keytabValue, networkName, connect, kind, hostUrn]) =>
          replacementTrigger(
            spec,
            server,
            {
              image,
              siteXml,
              envs: envValues,
              keytab: keytab ? keytabValue : undefined,
              networkName,
              zookeeperConnectString: connect,
              databaseKind: databaseKind ? kind : undefined,
              allowNonLoopbackPublish: values.allowNonLoopbackPublish,
              userLabels: args.labels,
            },
            hostUrn,
          ),
        );
    });
    this.drainGate = new DrainGate(
      `${name}-drain`,
      {
        urls: [...spec.drainUrls],
        mode: spec.drainMode,
        timeoutSeconds: spec.drainTimeoutSeconds,
        attemptTimeoutMs: spec.drainAttemptTimeoutSeconds * 1000,
        triggers,
      },
      // After the ensemble's gates: a change the ensemble refuses (its membership guard) must
      // not run the drain check, or drain the servers, for a connect string never deployed.
      { parent: this, dependsOn: quorum },
    );

    this.volumes = [];
    this.curatorCopies = [];
    this.containers = [];
    let previous: docker.Container | undefined;
    spec.servers.forEach((server, i) => {
      const container = this.createServer(name, spec, server, {
        args,
        host: hostOf(server),
        values: valuesOf(i),
        dependsOn: [
          ...quorum,
          this.namespaceNode,
          this.drainGate,
          ...(spec.rollingRestart && previous ? [previous] : []),
        ],
      });
      this.containers.push(container);
      previous = container;
    });

    this.haVerified = spec.verifyRegistration
      ? new OozieHaVerified(
          `${name}-ha-verified`,
          {
            connectString: zk.readinessConnectString,
            namespace: spec.namespace,
            instanceIds: spec.servers.map((s) => s.alias),
            timeoutSeconds: spec.haVerifyTimeoutSeconds,
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

  private createServer(
    name: string,
    spec: OozieClusterSpec,
    server: OozieServerSpec,
    inputs: {
      args: OozieHaClusterArgs;
      host: ServerHost;
      values: ServerContainerValues<pulumi.Input<string>>;
      dependsOn: pulumi.Resource[];
    },
  ): docker.Container {
    const { args, host, values } = inputs;
    const placed = host.provider ? { provider: host.provider } : {};
    let prepared: pulumi.Output<string> | undefined;
    const preparedBy: pulumi.Resource[] = [];
    if (spec.curatorCopy) {
      const volume = new docker.Volume(
        `${name}-oozie-${server.index}-lib`,
        { name: server.libVolumeName, labels: curatorCopyLabels(spec, server, args.labels) },
        { parent: this, ...KEPT_IN_PLACE, ...placed },
      );
      this.volumes.push(volume);
      const copy = new docker.Container(
        `${name}-oozie-${server.index}-curator-copy`,
        curatorCopyArgs(spec, server, values),
        // After the drain check: the copy rewrites the lib volume of a server being replaced.
        { parent: this, dependsOn: [this.drainGate, volume], ...FIXED_NAME, ...placed },
      );
      this.curatorCopies.push(copy);
      preparedBy.push(volume);
      prepared = pulumi
        .all([copy.id, copy.exitCode, copy.containerLogs])
        .apply(([id, exitCode, logs]) => {
          assertCopySucceeded(server.containerName, exitCode, logs, copy);
          return id;
        });
    }
    const containerArgs = serverContainerArgs(spec, server, values);
    return new docker.Container(
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
        parent: this,
        replaceOnChanges: ["healthcheck"],
        ...FIXED_NAME,
        dependsOn: [...inputs.dependsOn, ...preparedBy],
        ...placed,
      },
    );
  }
}
