import { isIP } from "node:net";
import { resolveZooKeeper } from "../zookeeper/reference";
import { grantedDefault } from "../zookeeper/sessionTimeout";
import { joinZnodePath } from "../zookeeper/znodePath";
import {
  FLINK_DEFAULTS,
  JAVA17_OPTIONS,
  PLACED_BLOB_SERVER_PORT,
  type FlinkHaClusterArgs,
  type FlinkPlacement,
  type PlainFlinkArgs,
} from "./flinkArgs";
import { parseFlinkVersion, type FlinkVersion } from "./flinkVersion";
import { parseJobManagerPorts, type PortRange } from "./jobManagerPorts";
import { resolveS3, type FlinkS3Spec } from "./s3Settings";
import {
  defaultSessionTimeout,
  FLINK_DEFAULT_TIMINGS,
  tunedTimings,
  type ZkClientTimings,
} from "./zkTimeouts";

/** The Docker host of a placed member. */
export interface MemberHost {
  /** Index of the host's provider among the distinct providers, in order of first appearance. */
  readonly index: number;
  /** Host interface the member's ports are published on. */
  readonly bindAddress: string;
}

export interface JobManagerSpec {
  /** 1-based. */
  readonly index: number;
  /** Network alias and hostname. */
  readonly alias: string;
  /** What the JobManager advertises: its alias, or its placement host's address. */
  readonly address: string;
  /** Set when placed. */
  readonly host?: MemberHost;
  readonly containerName: string;
  /** REST / web UI port published on the host (unplaced). */
  readonly hostRestPort: number;
}

export interface TaskManagerSpec {
  readonly index: number;
  readonly alias: string;
  /** What the TaskManager advertises: its alias, or its placement host's address. */
  readonly address: string;
  /** Set when placed, with the fixed RPC and data ports it publishes. */
  readonly host?: MemberHost;
  readonly rpcPort?: number;
  readonly dataPort?: number;
  readonly containerName: string;
}

/** Everything the renderers need, with defaults applied. Plain values only. */
export interface FlinkSpec {
  readonly prefix: string;
  readonly version: FlinkVersion;
  readonly jobManagers: readonly JobManagerSpec[];
  readonly taskManagers: readonly TaskManagerSpec[];
  readonly taskSlots: number;
  readonly pathRoot: string;
  readonly clusterId: string;
  /** `<pathRoot>/<clusterId>`: the znode holding this cluster's HA state. */
  readonly haZnodePath: string;
  readonly storageDir: string;
  /** The shared volume, when the storage is a local path. */
  readonly storageVolume?: {
    readonly name: string;
    readonly mountPath: string;
    /** `uid:gid` the one-shot step gives the mount before Flink starts. */
    readonly owner: string;
  };
  /** Flink's S3 filesystem, when `s3` is set: its settings and the plugin to enable. */
  readonly s3?: FlinkS3Spec;
  /** Canonical `high-availability.jobmanager.port`. */
  readonly jobManagerPorts: string;
  /** Its ranges, parsed. */
  readonly jobManagerPortRanges: readonly PortRange[];
  /** True when the members are spread over placement hosts. */
  readonly placed: boolean;
  /** `blob.server.port` of placed JobManagers; undefined when not placed (Flink picks one). */
  readonly blobServerPort?: number;
  readonly restPort: number;
  readonly publishAddress: string;
  readonly confDir: string;
  readonly tickTime: number;
  /** The longest session the ensemble grants. */
  readonly maxSessionTimeout: number;
  /** Its session timeout within what the ensemble grants. */
  readonly timings: ZkClientTimings;
  readonly jobManagerMemory: string;
  readonly taskManagerMemory: string;
  readonly javaOptions: string;
  readonly extraSettings: Readonly<Record<string, string>>;
  readonly readyTimeoutSeconds: number;
  readonly rollingReplacement: boolean;
}

/** The ensemble's tickTime, as its reference states it. */
export function ensembleTickTime(args: Pick<FlinkHaClusterArgs, "zookeeper">): number {
  return resolveZooKeeper(args.zookeeper).tickTime;
}

/** The longest session the ensemble grants: its `maxSessionTimeout`, else 20 ticks. */
export function ensembleMaxSessionTimeout(args: Pick<FlinkHaClusterArgs, "zookeeper">): number {
  return resolveZooKeeper(args.zookeeper).maxSessionTimeout;
}

/**
 * The session timeout the members ask for: `sessionTimeoutMs` (refused by validation when the
 * ensemble would not grant it), else the tuning's default moved into what the ensemble grants.
 */
export function sessionTimeoutOf(
  args: Pick<FlinkHaClusterArgs, "zookeeper" | "sessionTimeoutMs" | "failoverTuning">,
): number {
  if (args.sessionTimeoutMs !== undefined) {
    return args.sessionTimeoutMs;
  }
  const timing = resolveZooKeeper(args.zookeeper);
  const asked =
    (args.failoverTuning ?? FLINK_DEFAULTS.failoverTuning) === "flink-defaults"
      ? FLINK_DEFAULT_TIMINGS.sessionTimeoutMs
      : defaultSessionTimeout(timing.tickTime);
  return grantedDefault(asked, timing, "ms");
}

/**
 * Applies defaults; assumes `validateFlinkCluster` found no problems. A `storageDir` of ""
 * stands for one not known yet (an output): a URI without a volume.
 */
export function resolveFlinkSpec(name: string, args: PlainFlinkArgs): FlinkSpec {
  const prefix = args.namePrefix ?? name;
  const version = parseFlinkVersion(args.flinkVersion);
  if (!version) {
    throw new Error(`unsupported Flink version ${args.flinkVersion}; validate first`);
  }
  const hostRestPortBase = args.hostRestPortBase ?? FLINK_DEFAULTS.hostRestPortBase;
  const providers = placementProviders(args);
  const hostOf = (
    placement: FlinkPlacement | undefined,
  ): { address?: string; host?: MemberHost } =>
    placement
      ? {
          address: placement.address,
          host: {
            index: providers.indexOf(placement.provider),
            bindAddress:
              placement.bindAddress ?? (isIP(placement.address) ? placement.address : "0.0.0.0"),
          },
        }
      : {};
  const jobManagers = range(args.jobManagers ?? FLINK_DEFAULTS.jobManagers).map(
    (index): JobManagerSpec => {
      const alias = `${prefix}-flink-jm-${index}`;
      return {
        index,
        alias,
        address: alias,
        ...hostOf(args.placement?.jobManagers?.[index]),
        containerName: alias,
        hostRestPort: hostRestPortBase + index - 1,
      };
    },
  );
  const rpcBase = args.taskManagerRpcPortBase ?? FLINK_DEFAULTS.taskManagerRpcPortBase;
  const dataBase = args.taskManagerDataPortBase ?? FLINK_DEFAULTS.taskManagerDataPortBase;
  const taskManagers = range(args.taskManagers ?? FLINK_DEFAULTS.taskManagers).map(
    (index): TaskManagerSpec => {
      const alias = `${prefix}-flink-tm-${index}`;
      const placement = args.placement?.taskManagers?.[index];
      return {
        index,
        alias,
        address: alias,
        ...hostOf(placement),
        ...(placement ? { rpcPort: rpcBase + index - 1, dataPort: dataBase + index - 1 } : {}),
        containerName: alias,
      };
    },
  );
  const placed = args.placement !== undefined;
  const pathRoot = args.pathRoot ?? FLINK_DEFAULTS.pathRoot;
  const clusterId = args.clusterId ?? `/${prefix}`;
  const storage = resolveStorage(prefix, args);
  const ports = parseJobManagerPorts(
    "jobManagerPorts",
    args.jobManagerPorts ?? FLINK_DEFAULTS.jobManagerPorts,
  );
  const tuning = args.failoverTuning ?? FLINK_DEFAULTS.failoverTuning;
  const tickTime = ensembleTickTime(args);
  const maxSessionTimeout = ensembleMaxSessionTimeout(args);
  const sessionTimeoutMs = sessionTimeoutOf(args);
  const timings =
    tuning === "flink-defaults"
      ? { ...FLINK_DEFAULT_TIMINGS, sessionTimeoutMs }
      : tunedTimings(sessionTimeoutMs);
  return {
    prefix,
    version,
    jobManagers,
    taskManagers,
    taskSlots: args.taskSlots ?? FLINK_DEFAULTS.taskSlots,
    pathRoot,
    clusterId,
    haZnodePath: joinZnodePath(pathRoot, clusterId),
    ...storage,
    ...(args.s3 === undefined ? {} : { s3: resolveS3(args.flinkVersion, args.s3) }),
    jobManagerPorts: ports.ok ? ports.text : "",
    jobManagerPortRanges: ports.ok ? ports.ranges : [],
    placed,
    ...(placed ? { blobServerPort: PLACED_BLOB_SERVER_PORT } : {}),
    restPort: args.restPort ?? FLINK_DEFAULTS.restPort,
    publishAddress: args.publishAddress ?? FLINK_DEFAULTS.publishAddress,
    confDir: args.confDir ?? FLINK_DEFAULTS.confDir,
    tickTime,
    maxSessionTimeout,
    timings,
    jobManagerMemory: args.jobManagerMemory ?? FLINK_DEFAULTS.jobManagerMemory,
    taskManagerMemory: args.taskManagerMemory ?? FLINK_DEFAULTS.taskManagerMemory,
    javaOptions: args.javaOptions ?? JAVA17_OPTIONS,
    extraSettings: { ...(args.extraSettings ?? {}) },
    readyTimeoutSeconds: args.readyTimeoutSeconds ?? FLINK_DEFAULTS.readyTimeoutSeconds,
    rollingReplacement: args.rollingReplacement ?? FLINK_DEFAULTS.rollingReplacement,
  };
}

/**
 * The distinct Docker providers of the placement, in order of first appearance (JobManagers by
 * index, then TaskManagers): one network per provider.
 */
export function placementProviders(
  args: Pick<FlinkHaClusterArgs, "placement">,
): FlinkPlacement["provider"][] {
  const placements = [
    ...Object.values(args.placement?.jobManagers ?? {}),
    ...Object.values(args.placement?.taskManagers ?? {}),
  ];
  return [...new Set(placements.map((p) => p.provider))];
}

/** Every port a member publishes, port for port, on its host when placed; [] when not placed. */
export function placedPorts(spec: FlinkSpec, member: JobManagerSpec | TaskManagerSpec): number[] {
  if (member.host === undefined) {
    return [];
  }
  if ("hostRestPort" in member) {
    const haPorts = spec.jobManagerPortRanges.flatMap((r) =>
      Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i),
    );
    return [
      ...haPorts,
      ...(spec.blobServerPort === undefined ? [] : [spec.blobServerPort]),
      spec.restPort,
    ];
  }
  return [member.rpcPort, member.dataPort].filter((p): p is number => p !== undefined);
}

/** The scheme of a storage URI ("file", "hdfs", "s3"...), lowercased; undefined if none. */
export function storageScheme(uri: string): string | undefined {
  return /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(uri)?.[1]?.toLowerCase();
}

/** The local path of a `file://` URI (`file:///x` → `/x`). */
export function fileUriPath(uri: string): string {
  return uri.replace(/^file:\/\//i, "");
}

function resolveStorage(
  prefix: string,
  args: PlainFlinkArgs,
): Pick<FlinkSpec, "storageDir" | "storageVolume"> {
  const name = `${prefix}-flink-ha`;
  const owner = args.storageOwner ?? FLINK_DEFAULTS.storageOwner;
  if (args.storageDir === undefined) {
    const mountPath = args.storageMountPath ?? FLINK_DEFAULTS.storageMountPath;
    return { storageDir: `file://${mountPath}`, storageVolume: { name, mountPath, owner } };
  }
  if (storageScheme(args.storageDir) === "file") {
    return {
      storageDir: args.storageDir,
      storageVolume: { name, mountPath: fileUriPath(args.storageDir), owner },
    };
  }
  return { storageDir: args.storageDir };
}

function range(count: number): number[] {
  return Array.from({ length: Math.max(0, Math.floor(count)) }, (_, i) => i + 1);
}
