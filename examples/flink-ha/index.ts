import { FlinkHaCluster, ZooKeeperEnsemble } from "pulumi-zk-ha";

// Flink JobManager HA on a ZooKeeper ensemble: two JobManagers (one leads, one stands by), two
// TaskManagers, HA state in a shared volume. The JobManagers start only once the quorum serves
// and <path.root>/<cluster-id> exists in ZooKeeper.
const zk = new ZooKeeperEnsemble("zk", { size: 3, hostClientPortBase: 2181 });

const flink = new FlinkHaCluster("analytics", {
  flinkVersion: "2.1.1",
  zookeeper: zk,
  jobManagers: 2,
  taskManagers: 2,
  // A single port, a range, or a list such as "50010,50011,50020-50025".
  jobManagerPorts: "50100-50110",
});

export const flinkUi = flink.restUrls;
export const flinkLeader = flink.leader;
export const haPath = flink.haPath;
export const masters = flink.masters;
