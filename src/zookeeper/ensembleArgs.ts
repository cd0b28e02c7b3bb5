import { DEFAULT_TICK_TIME_MS } from "./ensembleTiming";
import type * as docker from "@pulumi/docker";
import type * as pulumi from "@pulumi/pulumi";

/** Where one server runs when the ensemble spans several Docker hosts. */
export interface ServerPlacement {
  /** The Docker host, e.g. `new docker.Provider("host-a", { host: "ssh://ops@host-a" })`. */
  provider: docker.Provider;
  /**
   * The host's address that the other servers, clients and Pulumi reach. The server's client,
   * peer and election ports are published on it.
   */
  address: string;
  /**
   * Host interface the ports are published on. Defaults to `address` when that is an IP
   * address, else "0.0.0.0".
   */
  bindAddress?: string;
}

/** Inputs of {@link ZooKeeperEnsemble}. */
export interface ZooKeeperEnsembleArgs {
  /**
   * Number of servers when `serverIds` is not given; the servers get ids 1..size. Must be odd:
   * an even size adds no fault tolerance. Defaults to 3.
   */
  size?: number;
  /**
   * Explicit server ids (1..255). Ids are the servers' identities: removing one server never
   * renumbers the others, and its data volume keeps its name. Defaults to 1..size.
   */
  serverIds?: number[];
  /**
   * Image to run. Defaults to "zookeeper:3.9", the official image. Vendor images work when the
   * path inputs below match their layout and their start command reads `<confDir>/zoo.cfg`.
   */
  image?: pulumi.Input<string>;
  /** Directory the server reads `zoo.cfg` from. Defaults to "/conf" (official image). */
  confDir?: string;
  /** Snapshot directory; holds `myid`; backed by a named volume. Defaults to "/data". */
  dataDir?: string;
  /** Transaction log directory; backed by a named volume. Defaults to "/datalog". */
  dataLogDir?: string;
  /** Client port inside the network. Defaults to 2181. */
  clientPort?: number;
  /** Quorum (follower-to-leader) port. Defaults to 2888. */
  peerPort?: number;
  /** Leader election port. Defaults to 3888. */
  electionPort?: number;
  /** Whether the embedded AdminServer (HTTP /commands) runs. Defaults to true. */
  adminServer?: boolean;
  /** AdminServer port inside the container. Defaults to 8080. */
  adminServerPort?: number;
  /**
   * Basic time unit in ms. The server grants session timeouts from 2 ticks to
   * `maxSessionTimeout` and checks expiry once per tick, so this bounds how fast a dead client's
   * ephemeral znodes (a Flink leader's latch) go. Clients read it back from the component's
   * `tickTime`. Defaults to 250 (ZooKeeper's own default is 2000; see `ensembleTiming.ts`).
   */
  tickTime?: number;
  /**
   * Ticks a follower may take to connect and sync to the leader. Defaults to 20 s in ticks,
   * rounded up (10 at tickTime 2000, 80 at 250).
   */
  initLimit?: number;
  /**
   * Ticks a follower may lag behind the leader. Defaults to 10 s in ticks, rounded up (5 at
   * tickTime 2000, 40 at 250).
   */
  syncLimit?: number;
  /**
   * `maxSessionTimeout` in ms: the longest session the servers grant. Defaults to 40000 (what
   * ZooKeeper grants at its default tickTime of 2000), or 20 ticks when that is longer.
   */
  maxSessionTimeout?: number;
  /** Snapshots kept by autopurge. Defaults to 3. */
  autopurgeSnapRetainCount?: number;
  /** Hours between autopurge runs; 0 turns autopurge off. Defaults to 24. */
  autopurgePurgeIntervalHours?: number;
  /**
   * Additional `zoo.cfg` settings, for keys this component does not manage (for example
   * "maxClientCnxns"). Keys the component renders itself are rejected. Keys are plain; values
   * may be other resources' outputs, checked once they resolve (a secret stays secret: zoo.cfg
   * is then a secret).
   */
  extraSettings?: Record<string, pulumi.Input<string>>;
  /**
   * Publish each server's client port on the Docker host at `hostClientPortBase + id - 1`.
   * Not published unless set.
   */
  hostClientPortBase?: number;
  /**
   * Host address client ports are published on. Defaults to "127.0.0.1". Refused with
   * `placement`, where each server's `bindAddress` applies.
   */
  publishAddress?: string;
  /**
   * Required to publish on anything but a loopback address: ZooKeeper has no authentication by
   * default. Defaults to false.
   */
  allowNonLoopbackPublish?: boolean;
  /**
   * An existing Docker network to join instead of creating one. Containers are reachable on it
   * by their alias `<namePrefix>-zk-<id>`.
   */
  networkName?: pulumi.Input<string>;
  /**
   * Spread the servers over several Docker hosts, by server id; one server per host. Every
   * server needs a placement, and `allowNonLoopbackPublish` must be set: the servers talk to
   * each other through ports published on the hosts' addresses. Defaults to every server on the
   * component's own Docker provider, on one network.
   */
  placement?: Record<number, ServerPlacement>;
  /**
   * Prefix of Docker object names and aliases. Defaults to `<project>-<stack>-<name>` (lowercased; other characters than letters, digits and '-' become '-'), so two stacks on one Docker engine never share a name; an explicit prefix is used exactly as given (see "Names, stacks and kept data" in docs/security.md).
   */
  namePrefix?: string;
  /**
   * Keep the data volumes when the component is destroyed, so a later `pulumi up` finds the
   * same data. Defaults to true.
   */
  retainDataOnDelete?: boolean;
  /** How long the QuorumReady gate waits for a leader and a majority. Defaults to 180 s. */
  readyTimeoutSeconds?: number;
  /**
   * Replace servers one at a time, in id order: each next server waits for a
   * {@link ServerRejoined} gate that passes once the replaced server serves in the quorum again
   * (within `readyTimeoutSeconds`). A change that replaces every container (image, `zoo.cfg`)
   * then never takes the ensemble below a majority, and a server that cannot rejoin stops the
   * deployment with the others still serving. Set false to replace all at once, for example to
   * repair an ensemble that has no quorum. Defaults to true with 3 or more servers.
   */
  rollingReplacement?: boolean;
  /**
   * Password of ZooKeeper's super user, the only user allowed to change the members
   * (`reconfig`). Only its digest reaches zoo.cfg. Defaults to a generated one, kept as a secret
   * in the stack.
   */
  superUserPassword?: pulumi.Input<string>;
  /** Extra environment variables for every server container (for example JVMFLAGS). */
  env?: Record<string, pulumi.Input<string>>;
  /** Extra Docker labels for every container and volume. */
  labels?: Record<string, string>;
}

export const ENSEMBLE_DEFAULTS = {
  size: 3,
  image: "zookeeper:3.9",
  confDir: "/conf",
  dataDir: "/data",
  dataLogDir: "/datalog",
  clientPort: 2181,
  peerPort: 2888,
  electionPort: 3888,
  adminServer: true,
  adminServerPort: 8080,
  tickTime: DEFAULT_TICK_TIME_MS,
  autopurgeSnapRetainCount: 3,
  autopurgePurgeIntervalHours: 24,
  publishAddress: "127.0.0.1",
  retainDataOnDelete: true,
  readyTimeoutSeconds: 180,
} as const;

/** The ensemble's arguments with every `extraSettings` value plain, as zoo.cfg is rendered from. */
export type PlainEnsembleArgs = Omit<ZooKeeperEnsembleArgs, "extraSettings"> & {
  extraSettings?: Record<string, string>;
};
