import type * as pulumi from "@pulumi/pulumi";

/**
 * Docker labels every component puts on what it creates. Tooling (and the policy pack in
 * policy/) finds and checks resources by them, so they are a public contract.
 */
export const LABELS = {
  ensemble: "pulumi-zk-ha.ensemble",
  role: "pulumi-zk-ha.role",
  serverId: "pulumi-zk-ha.server-id",
  /**
   * "true" on containers (ZooKeeper, Flink, Oozie) whose owner opted in to publishing beyond
   * loopback with `allowNonLoopbackPublish`; the policy pack allows their non-loopback ports.
   */
  allowNonLoopbackPublish: "pulumi-zk-ha.allow-non-loopback-publish",
  flinkCluster: "pulumi-zk-ha.flink-cluster",
  /** `<path.root>/<cluster-id>` of a Flink cluster's HA state. */
  flinkHaPath: "pulumi-zk-ha.flink-ha-path",
  /** The ZooKeeper connect string a Flink or Oozie cluster uses. */
  zookeeperQuorum: "pulumi-zk-ha.zookeeper-quorum",
  oozieCluster: "pulumi-zk-ha.oozie-cluster",
  /** The JDBC subprotocol of an Oozie cluster's database, such as "derby" or "postgresql". */
  oozieDatabase: "pulumi-zk-ha.oozie-database",
  /** 1-based position of an Oozie server (and its copy container and lib volume). */
  serverIndex: "pulumi-zk-ha.server-index",
  /** On an Oozie server: the id of the copy container that prepared its lib volume. */
  libPreparedBy: "pulumi-zk-ha.lib-prepared-by",
  /** On a Flink JobManager or TaskManager: the id of the step that gave it its storage volume. */
  storagePreparedBy: "pulumi-zk-ha.storage-prepared-by",
  /** The name prefix of a database server a component runs, such as the platform's PostgreSQL. */
  database: "pulumi-zk-ha.database",
} as const;

export const ROLES = {
  zookeeper: "zookeeper",
  flinkJobManager: "flink-jobmanager",
  flinkTaskManager: "flink-taskmanager",
  oozie: "oozie",
  /** One-shot containers that prepare an Oozie server's lib dir; not servers themselves. */
  oozieCuratorCopy: "oozie-curator-copy",
  /** The one-shot container that gives a Flink cluster's storage volume to Flink's user. */
  flinkStorageOwner: "flink-storage-owner",
  /** A database server, such as the one the Oozie servers share. */
  database: "database",
} as const;

/**
 * Docker labels as @pulumi/docker takes them, sorted so inputs are stable across runs. Each
 * value stays its own input: a label that waits for another resource (an id) leaves the others
 * known in a preview, where the policy pack reads them.
 */
export function dockerLabels<T extends pulumi.Input<string> = string>(
  own: Record<string, T>,
  user: Record<string, string> = {},
): { label: string; value: T | string }[] {
  // The component's own labels win: tooling finds its containers by them.
  const merged: Record<string, T | string> = { ...user, ...own };
  return Object.keys(merged)
    .sort()
    .map((label) => ({ label, value: merged[label] ?? "" }));
}
