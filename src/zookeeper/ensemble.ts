import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { engineOf } from "../common/claims";
import { KEPT_IN_PLACE } from "../common/fixedName";
import { hostPort } from "../common/hostPort";
import { dockerLabels, LABELS } from "../common/labels";
import { defaultNamePrefix } from "../common/namePrefix";
import { distinctProviders } from "../common/placement";
import { isDeferred } from "../common/plainInputs";
import { claimAll } from "../common/ownership";
import { throwIfProblems } from "../common/problems";
import { GeneratedPassword } from "../gates/generatedPassword";
import { MembershipApplied } from "../gates/membershipApplied";
import { MembershipGuard } from "../gates/membershipGuard";
import { QuorumReady } from "../gates/quorumReady";
import { ServerRejoined } from "../gates/serverRejoined";
import { hostConnectString, networkConnectString } from "./connectString";
import type { ZooKeeperEnsembleArgs } from "./ensembleArgs";
import { ensembleClaims } from "./ensembleClaims";
import { resolveEnsembleSpec, type EnsembleSpec } from "./ensembleSpec";
import { publishedPorts, readinessEndpoint, staticEndpoint } from "./serverEndpoints";
import { createServer, type ServerResources } from "./serverResources";
import { validateEnsemble } from "./validateEnsemble";
import { renderDynamicConfig, renderMembers, renderZooCfg, superDigestOf } from "./zooCfg";

export const ENSEMBLE_TYPE = "pulumi-zk-ha:zookeeper:ZooKeeperEnsemble";

/** A server of the ensemble as other components address it. */
export interface EnsembleServer {
  readonly id: number;
  /** Network alias: what containers on the ensemble's network dial. */
  readonly alias: string;
  readonly containerName: string;
  readonly clientPort: number;
  /** Published port on the Docker host, when publishing was asked for. */
  readonly hostClientPort?: number;
}

/**
 * A ZooKeeper ensemble on Docker: one container and two named volumes per server, a network
 * with one alias per server, `zoo.cfg` and `myid` rendered by the component and uploaded before
 * each server starts, and a {@link QuorumReady} gate that passes once a leader and a majority
 * serve. Data lives in the volumes, so replacing a container loses nothing. With 3 or more
 * servers they are replaced one at a time: each next server waits for a {@link ServerRejoined}
 * gate on the previous one, so a change that replaces every container keeps a majority serving.
 *
 * ## Example
 * ```ts
 * const zk = new ZooKeeperEnsemble("zk", { size: 3, hostClientPortBase: 2181 });
 * export const connect = zk.connectString; // "<project>-<stack>-zk-zk-1:2181,..."
 * ```
 */
export class ZooKeeperEnsemble extends pulumi.ComponentResource {
  /** Network the servers are on; join it to reach them by alias. */
  readonly networkName: pulumi.Output<string>;
  /** Connect string for containers on the ensemble's network. */
  readonly connectString: pulumi.Output<string>;
  /** Connect string on the Docker host; undefined unless client ports are published. */
  readonly hostConnectString: pulumi.Output<string | undefined>;
  /**
   * Connect string Pulumi itself uses for gates: the published ports when there are any, else
   * the containers' addresses on the network (reachable where Pulumi runs beside the engine).
   */
  readonly readinessConnectString: pulumi.Output<string>;
  readonly servers: pulumi.Output<EnsembleServer[]>;
  /**
   * The servers' tickTime in ms. Session timeouts are granted from 2 ticks to
   * `maxSessionTimeout`, and expiry is checked once per tick: `FlinkHaCluster` and
   * `OozieHaCluster` derive their ZooKeeper timeouts from it when given this ensemble.
   */
  readonly tickTime: number;
  /** The longest session timeout the servers grant, in ms. */
  readonly maxSessionTimeout: number;
  /** Passes once the ensemble serves; depend on it before using ZooKeeper. */
  readonly quorumReady: QuorumReady;
  /**
   * First step of a change of members: refuses unsafe ones at preview, and on `up` removes
   * leaving servers (or moves servers to new ports) by `reconfig` before any server changes.
   */
  readonly membershipGuard: MembershipGuard;
  /** Last step: adds joining servers by `reconfig` once they run, and waits for every member. */
  readonly membershipApplied: MembershipApplied;
  /**
   * With `rollingReplacement`, one gate per server but the last: the next server is created or
   * replaced only once this one serves again.
   */
  readonly rejoinGates: ServerRejoined[];
  readonly containers: docker.Container[];
  readonly volumes: docker.Volume[];

  constructor(
    name: string,
    args: ZooKeeperEnsembleArgs = {},
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(ENSEMBLE_TYPE, name, {}, opts);
    throwIfProblems(
      this,
      `ZooKeeperEnsemble "${name}"`,
      validateEnsemble(defaultNamePrefix(name), args),
    );
    // extraSettings values that are outputs go into zoo.cfg once they resolve (below); names,
    // ports and resources never depend on them.
    const spec = resolveEnsembleSpec(defaultNamePrefix(name), {
      ...args,
      extraSettings: plainSettings(args.extraSettings),
    });
    this.tickTime = spec.tickTime;
    this.maxSessionTimeout = spec.maxSessionTimeout;

    // One network, or under placement one per host: bridge networks do not span hosts.
    const providers = placementProviders(args);
    const engines = { own: engineOf(this), placed: providers };
    const claims = ensembleClaims(spec, args, engines, (s) => publishedPorts(spec, s));
    const label = `ZooKeeperEnsemble "${name}"`;
    throwIfProblems(this, label, claimAll(this, label, claims));

    const networkNames =
      args.networkName !== undefined
        ? [pulumi.output(args.networkName)]
        : (providers.length === 0 ? [undefined] : providers).map(
            (provider, index) =>
              new docker.Network(
                providers.length === 0 ? `${name}-zk-net` : `${name}-zk-net-${index + 1}`,
                {
                  name: `${spec.prefix}-zk`,
                  driver: "bridge",
                  labels: dockerLabels({ [LABELS.ensemble]: spec.prefix }, args.labels),
                },
                { parent: this, ...KEPT_IN_PLACE, ...(provider ? { provider } : {}) },
              ).name,
          );
    this.networkName = networkNames[0] ?? pulumi.output("");
    const superPassword =
      args.superUserPassword ??
      new GeneratedPassword(`${name}-zk-super-password`, {}, { parent: this }).value;
    // Every server waits for it: a refused change of members touches nothing.
    const staticEndpoints = spec.servers.map((s) => staticEndpoint(spec, s));
    this.membershipGuard = new MembershipGuard(
      `${name}-membership`,
      {
        ensemble: spec.prefix,
        members: renderMembers(spec),
        servers: staticEndpoints.every((e) => e !== undefined) ? staticEndpoints : [],
        placed: spec.servers.some((s) => s.hostIndex !== undefined),
        rolling: spec.rollingReplacement,
        superPassword,
        timeoutSeconds: spec.readyTimeoutSeconds,
      },
      { parent: this },
    );

    const zooCfg = renderedZooCfg(this, name, spec, args, superPassword);
    const dynamicConfig = renderDynamicConfig(spec);
    const servers: ServerResources[] = [];
    const endpoints: ReturnType<typeof readinessEndpoint>[] = [];
    this.rejoinGates = [];
    for (const server of spec.servers) {
      // Rolling: each server after the previous one serves again (see ServerRejoined).
      const previous = this.rejoinGates[this.rejoinGates.length - 1];
      const created = createServer(this, name, spec, server, {
        zooCfg,
        dynamicConfig,
        args,
        host: {
          networkName: networkNames[server.hostIndex ?? 0] ?? this.networkName,
          provider: server.hostIndex === undefined ? undefined : providers[server.hostIndex],
        },
        membershipGuard: this.membershipGuard,
        prerequisites: [this.membershipGuard, ...(previous ? [previous] : [])],
      });
      servers.push(created);
      const endpoint = readinessEndpoint(spec, server, created.container, this.networkName);
      endpoints.push(endpoint);
      if (spec.rollingReplacement && server !== spec.servers[spec.servers.length - 1]) {
        this.rejoinGates.push(
          new ServerRejoined(
            `${name}-zk-${server.id}-rejoined`,
            {
              server: endpoint,
              peers: staticEndpoints.filter(
                (e): e is NonNullable<typeof e> =>
                  e !== undefined && e.name !== server.containerName,
              ),
              timeoutSeconds: spec.readyTimeoutSeconds,
              triggers: [created.container.id],
            },
            { parent: this, dependsOn: [created.container] },
          ),
        );
      }
    }
    this.volumes = servers.flatMap((s) => s.volumes);
    this.containers = servers.map((s) => s.container);

    this.membershipApplied = new MembershipApplied(
      `${name}-members-applied`,
      {
        ensemble: spec.prefix,
        members: renderMembers(spec),
        servers: endpoints,
        superPassword,
        timeoutSeconds: spec.readyTimeoutSeconds,
        triggers: this.containers.map((c) => c.id),
      },
      { parent: this, dependsOn: [...this.containers, ...this.rejoinGates] },
    );
    // Clients wait for it: they move to a new member list only once the ensemble has it.
    this.quorumReady = new QuorumReady(
      `${name}-quorum-ready`,
      {
        servers: endpoints,
        timeoutSeconds: spec.readyTimeoutSeconds,
        triggers: this.containers.map((c) => c.id),
      },
      { parent: this, dependsOn: [...this.containers, this.membershipApplied] },
    );

    this.connectString = pulumi.output(networkConnectString(spec));
    this.hostConnectString = pulumi.output(hostConnectString(spec));
    this.readinessConnectString = pulumi
      .all(endpoints.map((e) => pulumi.all([e.host, e.port])))
      .apply((pairs) => pairs.map(([host, port]) => hostPort(host, port)).join(","));
    this.servers = pulumi.output(
      spec.servers.map((s): EnsembleServer => ({
        id: s.id,
        alias: s.alias,
        containerName: s.containerName,
        clientPort: spec.clientPort,
        ...(s.hostClientPort === undefined ? {} : { hostClientPort: s.hostClientPort }),
      })),
    );

    this.registerOutputs({
      networkName: this.networkName,
      connectString: this.connectString,
      hostConnectString: this.hostConnectString,
      readinessConnectString: this.readinessConnectString,
      servers: this.servers,
      tickTime: this.tickTime,
      maxSessionTimeout: this.maxSessionTimeout,
    });
  }
}

/** The distinct Docker providers of the placement, in order of first appearance. */
export function placementProviders(args: ZooKeeperEnsembleArgs): docker.Provider[] {
  return distinctProviders(Object.values(args.placement ?? {}));
}

/** The settings whose values are plain; those that are outputs are rendered once they resolve. */
export function plainSettings(
  settings: Record<string, pulumi.Input<string>> | undefined,
): Record<string, string> | undefined {
  if (settings === undefined) {
    return undefined;
  }
  return Object.fromEntries(
    Object.entries(settings).filter((entry): entry is [string, string] => !isDeferred(entry[1])),
  );
}

/**
 * zoo.cfg, a secret (it holds the super user's digest): extraSettings values that are outputs
 * are rendered once they resolve, after the same checks as plain ones (a known Output in the
 * preview, an unknown one on `up`), failing on `owner` with the same error.
 */
export function renderedZooCfg(
  owner: pulumi.Resource,
  name: string,
  spec: EnsembleSpec,
  args: ZooKeeperEnsembleArgs,
  superPassword: pulumi.Input<string>,
): pulumi.Output<string> {
  const extra = args.extraSettings ?? {};
  const deferred = Object.values(extra).some(isDeferred);
  // Checked on their own: the super password is unknown in a preview, and a check that waited
  // for it would let a known bad value through to `up`.
  const checked = pulumi.all(extra).apply((resolved) => {
    if (deferred) {
      throwIfProblems(
        owner,
        `ZooKeeperEnsemble "${name}"`,
        validateEnsemble(defaultNamePrefix(name), { ...args, extraSettings: resolved }),
      );
    }
    return resolved;
  });
  return pulumi.secret(
    pulumi
      .all([checked, superPassword])
      .apply(([resolved, password]) =>
        renderZooCfg(
          deferred ? { ...spec, extraSettings: resolved } : spec,
          superDigestOf(password),
        ),
      ),
  );
}
