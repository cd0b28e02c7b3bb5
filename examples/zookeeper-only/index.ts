import * as pulumi from "pulumi-zk-ha";

// A three-server ZooKeeper ensemble on the local Docker engine, published on loopback, and a
// znode for an application's state, created only once the quorum serves.
const zk = new pulumi.ZooKeeperEnsemble("zk", {
  size: 3,
  hostClientPortBase: 2181,
});

const appRoot = new pulumi.ZNode(
  "app-root",
  { connectString: zk.readinessConnectString, path: "/my-app" },
  { dependsOn: [zk.quorumReady] },
);

export const connectString = zk.connectString;
export const hostConnectString = zk.hostConnectString;
export const leader = zk.quorumReady.leader;
export const appPath = appRoot.path;
