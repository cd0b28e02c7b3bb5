import type * as pulumi from "@pulumi/pulumi";
import type { ServerPlacement } from "../zookeeper/ensembleArgs";
import type { ZooKeeperReference } from "../zookeeper/reference";
import type { FlinkS3Args, PlainFlinkS3Args } from "./s3Args";

/**
 * Where one JobManager or TaskManager runs when the cluster spans several Docker hosts: the
 * host's Docker `provider`, the `address` its peers on other hosts dial (the member advertises
 * it instead of its network alias, and its ports are published there), and the `bindAddress`
 * the ports are published on (defaults to `address` when that is an IP address, else "0.0.0.0").
 * The same shape as the ensemble's {@link ServerPlacement}.
 */
export type FlinkPlacement = ServerPlacement;

/** Placement of every member, by 1-based index: JobManager i, TaskManager i. */
export interface FlinkPlacementArgs {
  /** One entry per JobManager, 1..jobManagers; each JobManager on its own host. */
  jobManagers?: Record<number, FlinkPlacement>;
  /** One entry per TaskManager, 1..taskManagers; several may share a host. */
  taskManagers?: Record<number, FlinkPlacement>;
}

/** Inputs of {@link FlinkHaCluster}. */
export interface FlinkHaClusterArgs {
  /**
   * The Flink release the image runs, such as "1.18.1", "1.20.3" or "2.1.1" (1.15 or later).
   * Decides the configuration file: `flink-conf.yaml` up to 1.18, `config.yaml` from 1.19.
   */
  flinkVersion: string;
  /**
   * The ensemble: the ZooKeeperEnsemble itself, or a connection (connect strings, tickTime,
   * maxSessionTimeout) for one managed elsewhere. Its tickTime and maxSessionTimeout decide the
   * session timeout. With `placement`, every host must reach it: pass a placed
   * ZooKeeperEnsemble (its connect string lists host addresses; an unplaced one is reported as
   * an error), or a connection whose connect string lists addresses every host resolves (not
   * checked: the component cannot tell an alias from a hostname).
   */
  zookeeper: ZooKeeperReference;
  /**
   * Image to run. Defaults to `flink:<flinkVersion>`, the official image. It must accept the
   * commands `jobmanager` and `taskmanager` and read `<confDir>/<config file>`.
   */
  image?: pulumi.Input<string>;
  /** JobManagers: one leads, the others stand by. At least 2. Defaults to 2. */
  jobManagers?: number;
  /** TaskManagers. At least 1. Defaults to 1. */
  taskManagers?: number;
  /** Task slots per TaskManager. Defaults to 2. */
  taskSlots?: number;
  /**
   * Docker network to join. Defaults to the ensemble's network. Not allowed with `placement`,
   * which creates one network per host instead.
   */
  networkName?: pulumi.Input<string>;
  /**
   * Prefix of Docker object names and aliases. Defaults to `<project>-<stack>-<name>` (lowercased; other characters than letters, digits and '-' become '-'), so two stacks on one Docker engine never share a name; an explicit prefix is used exactly as given (see "Names, stacks and kept data" in docs/security.md).
   */
  namePrefix?: string;
  /**
   * `high-availability.zookeeper.path.root`. Defaults to "/flink". May be another resource's
   * output, checked once it resolves; it must be known in the preview (a plain value, or an
   * Output known then): with `clusterId` it names the HA znode, which the check against other
   * clusters' HA paths needs.
   */
  pathRoot?: pulumi.Input<string>;
  /**
   * `high-availability.cluster-id`: the znode below `pathRoot` holding this cluster's state.
   * Defaults to "/<namePrefix>" (so with the default prefix it carries the project and stack),
   * unique per component in a stack and stable across runs. May be an output known in the
   * preview, as `pathRoot`.
   */
  clusterId?: pulumi.Input<string>;
  /**
   * `high-availability.storageDir`, where job graphs and checkpoint metadata go. Defaults to a
   * shared named Docker volume mounted at `storageMountPath` in every JobManager and TaskManager
   * (`file:///flink-ha`). A `file://` URI gets the shared volume mounted at its path; other
   * URIs (`hdfs://`, `s3://`, ...) are used as they are, without a volume. Required with
   * `placement`, as a URI every host reaches (not `file://`): a Docker volume cannot be shared
   * across hosts. May be another resource's output (such as a bucket's URI), checked once it
   * resolves; an Output gets no volume, so it must not be a `file://` URI: a `file://` storage
   * is given as a plain value, whose scheme the component reads at preview to create the volume.
   * An `s3://` or `s3a://` URI pairs with `s3`, which sets up Flink's S3 filesystem.
   */
  storageDir?: pulumi.Input<string>;
  /**
   * Flink's S3 filesystem for an `s3://` or `s3a://` storageDir: endpoint, region, credentials
   * and the plugin to enable (see {@link FlinkS3Args}). Unset: the s3.* settings, if any, are up
   * to `extraSettings` and the image.
   */
  s3?: FlinkS3Args;
  /** Where the default storage volume is mounted. Defaults to "/flink-ha". */
  storageMountPath?: string;
  /**
   * Owner (`uid:gid`, or names the image knows) the storage volume is given before any
   * JobManager or TaskManager starts. A fresh Docker volume is owned by root while the official
   * image runs Flink as uid 9999, so a one-shot container of the image, run as root, chowns the
   * mount. Set it to the user your image runs Flink as. Defaults to "9999:9999". Only with a
   * storage volume (the default storage or a `file://` storageDir).
   */
  storageOwner?: string;
  /**
   * `high-availability.jobmanager.port`: a port (6123), a range ("50000-50025") or a list
   * ("50010,50011,50020-50025"). Defaults to 6123; every JobManager is its own container. In HA
   * mode this is also the JobManager's RPC port (`jobmanager.rpc.port` is ignored). With
   * `placement` every port of it is published, so at most 100 ports. May be another resource's
   * output, checked once it resolves; with `placement` a plain value, as it decides the
   * published ports.
   */
  jobManagerPorts?: pulumi.Input<string | number>;
  /** REST and web UI port inside the containers. Defaults to 8081. */
  restPort?: number;
  /**
   * JobManager i publishes its REST port on the host at `hostRestPortBase + i - 1`. Defaults to
   * 8081. Not allowed with `placement`, which publishes `restPort` itself on each host.
   */
  hostRestPortBase?: number;
  /**
   * Host address REST ports are published on: an IP address, a loopback one unless
   * `allowNonLoopbackPublish` is set. Defaults to "127.0.0.1". Not allowed with `placement`,
   * which publishes on each placement's `bindAddress`.
   */
  publishAddress?: string;
  /**
   * Spread the JobManagers and TaskManagers over several Docker hosts, so that one host is not a
   * single point of failure. Place every member or none; each JobManager on its own host. A
   * placed member runs on its placement's provider, joins a network `<namePrefix>-flink`
   * created once per distinct provider, advertises the placement's `address`, and publishes on
   * its `bindAddress`, port for port, what peers on other hosts dial: a JobManager its
   * `jobManagerPorts` (RPC), blob server port 6124 and `restPort`; TaskManager i its RPC port
   * `taskManagerRpcPortBase + i - 1` and data port `taskManagerDataPortBase + i - 1`. Needs
   * `allowNonLoopbackPublish`, a `storageDir` URI every host reaches, and a ZooKeeper ensemble
   * every host reaches. Defaults to every member on the component's own Docker provider.
   */
  placement?: FlinkPlacementArgs;
  /**
   * Required to publish anything beyond loopback: a `publishAddress` that is not a loopback
   * address, and `placement`, whose ports are published on the hosts' addresses. Flink's REST
   * API accepts jar uploads and runs them, and its RPC and blob ports have no authentication by
   * default; firewall them. Defaults to false.
   */
  allowNonLoopbackPublish?: boolean;
  /**
   * With `placement`: TaskManager i's `taskmanager.rpc.port` is `taskManagerRpcPortBase + i - 1`,
   * distinct per TaskManager so several can share a host. Defaults to 6200.
   */
  taskManagerRpcPortBase?: number;
  /**
   * With `placement`: TaskManager i's `taskmanager.data.port` (shuffle) is
   * `taskManagerDataPortBase + i - 1`. Defaults to 6300.
   */
  taskManagerDataPortBase?: number;
  /** Configuration directory of the image. Defaults to "/opt/flink/conf". */
  confDir?: string;
  /**
   * `high-availability.zookeeper.client.session-timeout`. A killed leader is replaced once its
   * session expires, so this bounds failover time. Defaults to 6 × the ensemble's tickTime
   * (1500 ms at the ZooKeeperEnsemble default of 250; see `zkTimeouts.ts`), or with
   * `failoverTuning: "flink-defaults"` to Flink's 60 s, either kept within what the ensemble
   * grants (2 ticks to its maxSessionTimeout). A value outside that range is refused at preview:
   * ZooKeeper would silently run the members with another timeout.
   */
  sessionTimeoutMs?: number;
  /**
   * "tuned" (default): the short timeouts described in `zkTimeouts.ts`. "flink-defaults": Flink's
   * own timeouts (60 s session, 15 s connection, 5 s × 3 retries, 10 s / 50 s heartbeats).
   */
  failoverTuning?: "tuned" | "flink-defaults";
  /** `jobmanager.memory.process.size`. Defaults to "1024m". */
  jobManagerMemory?: string;
  /** `taskmanager.memory.process.size`. Defaults to "1536m". */
  taskManagerMemory?: string;
  /**
   * `env.java.opts.all` (`env.java.opts` before 1.17): JVM options. Defaults to the module
   * opens Flink needs on Java 17, as Flink's own default configuration sets them. Set "" for Java 8.
   */
  javaOptions?: string;
  /**
   * Further Flink settings, for keys the component does not render itself. Keys are plain;
   * values may be other resources' outputs, checked once they resolve (a secret stays secret:
   * the configuration file is then a secret).
   */
  extraSettings?: Record<string, pulumi.Input<string>>;
  /** How long the FlinkHaVerified gate waits for an elected leader. Defaults to 180 s. */
  readyTimeoutSeconds?: number;
  /**
   * Replace JobManagers one at a time, highest index first (the first one started usually
   * leads, so it goes last): each next JobManager waits for a `JobManagerRejoined` gate
   * that passes once every JobManager is in leader election again and one leads (within
   * `readyTimeoutSeconds`). An image or configuration change then keeps a standby ready at
   * every step; the job fails over when the leader is replaced, usually once. Set false to
   * replace all at once. Defaults to true.
   */
  rollingReplacement?: boolean;
  /** Extra environment variables for every container. */
  env?: Record<string, pulumi.Input<string>>;
  /** Extra Docker labels for every container and volume. */
  labels?: Record<string, string>;
}

/** The inputs that may be other resources' outputs. */
export type FlinkDeferredField =
  "pathRoot" | "clusterId" | "storageDir" | "jobManagerPorts" | "extraSettings" | "s3";

/** The cluster's arguments with every input that may be an output resolved to a plain value. */
export type PlainFlinkArgs = Omit<FlinkHaClusterArgs, FlinkDeferredField> & {
  pathRoot?: string;
  clusterId?: string;
  storageDir?: string;
  jobManagerPorts?: string | number;
  extraSettings?: Record<string, string>;
  s3?: PlainFlinkS3Args;
};

/** The module opens Flink's default configuration sets for Java 17 (1.18 and later). */
export const JAVA17_OPTIONS = [
  "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
  "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
  "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
  "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
  "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
  "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
  "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
  "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
  "--add-opens=java.base/java.lang=ALL-UNNAMED",
  "--add-opens=java.base/java.net=ALL-UNNAMED",
  "--add-opens=java.base/java.io=ALL-UNNAMED",
  "--add-opens=java.base/java.nio=ALL-UNNAMED",
  "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
  "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
  "--add-opens=java.base/java.text=ALL-UNNAMED",
  "--add-opens=java.base/java.time=ALL-UNNAMED",
  "--add-opens=java.base/java.util=ALL-UNNAMED",
  "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
  "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
  "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
].join(" ");

export const FLINK_DEFAULTS = {
  jobManagers: 2,
  taskManagers: 1,
  taskSlots: 2,
  pathRoot: "/flink",
  storageMountPath: "/flink-ha",
  storageOwner: "9999:9999",
  jobManagerPorts: "6123",
  restPort: 8081,
  hostRestPortBase: 8081,
  publishAddress: "127.0.0.1",
  taskManagerRpcPortBase: 6200,
  taskManagerDataPortBase: 6300,
  confDir: "/opt/flink/conf",
  failoverTuning: "tuned",
  jobManagerMemory: "1024m",
  taskManagerMemory: "1536m",
  readyTimeoutSeconds: 180,
  rollingReplacement: true,
} as const;

/**
 * `blob.server.port` of a placed JobManager. Fixed: the official image's entrypoint rewrites
 * `blob.server.port` to 6124 in the configuration file before Flink starts.
 */
export const PLACED_BLOB_SERVER_PORT = 6124;

/** Most ports `jobManagerPorts` may offer with placement: each one is a published mapping. */
export const MAX_PLACED_JOB_MANAGER_PORTS = 100;
