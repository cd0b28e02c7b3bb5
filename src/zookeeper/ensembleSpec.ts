import { defaultInitLimit, defaultMaxSessionTimeout, defaultSyncLimit } from "./ensembleTiming";
import { isIP } from "node:net";
import {
  ENSEMBLE_DEFAULTS,
  type PlainEnsembleArgs,
  type ZooKeeperEnsembleArgs,
} from "./ensembleArgs";

/** One server of the ensemble, as plain data. */
export interface ServerSpec {
  readonly id: number;
  /** Network alias and container hostname. */
  readonly alias: string;
  /** What the other servers and clients dial: the alias, or the placement host's address. */
  readonly address: string;
  /** Index of the server's placement host, in order of first appearance; undefined when local. */
  readonly hostIndex?: number;
  /** Host interface a placed server's ports are published on. */
  readonly bindAddress?: string;
  readonly containerName: string;
  readonly dataVolumeName: string;
  readonly dataLogVolumeName: string;
  /** Published client port on the Docker host, when publishing was asked for. */
  readonly hostClientPort?: number;
}

/** Everything the renderers need, with defaults applied. Plain values only. */
export interface EnsembleSpec {
  readonly prefix: string;
  readonly servers: readonly ServerSpec[];
  readonly confDir: string;
  readonly dataDir: string;
  readonly dataLogDir: string;
  readonly clientPort: number;
  readonly peerPort: number;
  readonly electionPort: number;
  readonly adminServer: boolean;
  readonly adminServerPort: number;
  readonly tickTime: number;
  readonly initLimit: number;
  readonly syncLimit: number;
  readonly maxSessionTimeout: number;
  readonly autopurgeSnapRetainCount: number;
  readonly autopurgePurgeIntervalHours: number;
  readonly extraSettings: Readonly<Record<string, string>>;
  readonly publishAddress: string;
  readonly retainDataOnDelete: boolean;
  readonly readyTimeoutSeconds: number;
  readonly rollingReplacement: boolean;
}

/** The server ids the arguments ask for. */
export function serverIdsOf(args: ZooKeeperEnsembleArgs): number[] {
  if (args.serverIds !== undefined) {
    return [...args.serverIds];
  }
  const size = args.size ?? ENSEMBLE_DEFAULTS.size;
  return Array.from({ length: Math.max(0, Math.floor(size)) }, (_, i) => i + 1);
}

/** Applies defaults; assumes `validateEnsemble` found no problems. */
export function resolveEnsembleSpec(name: string, args: PlainEnsembleArgs): EnsembleSpec {
  const prefix = args.namePrefix ?? name;
  const providers = [...new Set(Object.values(args.placement ?? {}).map((p) => p.provider))];
  const servers = serverIdsOf(args).map((id): ServerSpec => {
    const base = `${prefix}-zk-${id}`;
    const placement = args.placement?.[id];
    const published =
      args.hostClientPortBase === undefined
        ? {}
        : { hostClientPort: args.hostClientPortBase + id - 1 };
    return {
      id,
      alias: base,
      address: placement?.address ?? base,
      ...(placement
        ? {
            hostIndex: providers.indexOf(placement.provider),
            bindAddress:
              placement.bindAddress ?? (isIP(placement.address) ? placement.address : "0.0.0.0"),
          }
        : {}),
      containerName: base,
      dataVolumeName: `${base}-data`,
      dataLogVolumeName: `${base}-datalog`,
      ...published,
    };
  });
  const tickTime = args.tickTime ?? ENSEMBLE_DEFAULTS.tickTime;
  return {
    prefix,
    servers,
    confDir: args.confDir ?? ENSEMBLE_DEFAULTS.confDir,
    dataDir: args.dataDir ?? ENSEMBLE_DEFAULTS.dataDir,
    dataLogDir: args.dataLogDir ?? ENSEMBLE_DEFAULTS.dataLogDir,
    clientPort: args.clientPort ?? ENSEMBLE_DEFAULTS.clientPort,
    peerPort: args.peerPort ?? ENSEMBLE_DEFAULTS.peerPort,
    electionPort: args.electionPort ?? ENSEMBLE_DEFAULTS.electionPort,
    adminServer: args.adminServer ?? ENSEMBLE_DEFAULTS.adminServer,
    adminServerPort: args.adminServerPort ?? ENSEMBLE_DEFAULTS.adminServerPort,
    tickTime,
    initLimit: args.initLimit ?? defaultInitLimit(tickTime),
    syncLimit: args.syncLimit ?? defaultSyncLimit(tickTime),
    maxSessionTimeout: args.maxSessionTimeout ?? defaultMaxSessionTimeout(tickTime),
    autopurgeSnapRetainCount:
      args.autopurgeSnapRetainCount ?? ENSEMBLE_DEFAULTS.autopurgeSnapRetainCount,
    autopurgePurgeIntervalHours:
      args.autopurgePurgeIntervalHours ?? ENSEMBLE_DEFAULTS.autopurgePurgeIntervalHours,
    extraSettings: { ...(args.extraSettings ?? {}) },
    publishAddress: args.publishAddress ?? ENSEMBLE_DEFAULTS.publishAddress,
    retainDataOnDelete: args.retainDataOnDelete ?? ENSEMBLE_DEFAULTS.retainDataOnDelete,
    readyTimeoutSeconds: args.readyTimeoutSeconds ?? ENSEMBLE_DEFAULTS.readyTimeoutSeconds,
    rollingReplacement: args.rollingReplacement ?? servers.length >= 3,
  };
}

/** Majority of a voting ensemble: the servers that must be up for it to serve. */
export function majorityOf(size: number): number {
  return Math.floor(size / 2) + 1;
}

/** True when the servers are spread over placement hosts. */
export function isPlaced(spec: EnsembleSpec): boolean {
  return spec.servers.some((s) => s.hostIndex !== undefined);
}
