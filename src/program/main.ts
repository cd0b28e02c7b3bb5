import * as pulumi from "@pulumi/pulumi";
import { ZooKeeperEnsemble } from "../zookeeper/ensemble";

// The root program of this repository: what `npm start` brings up on the local Docker engine.
// Every value can be overridden in Pulumi.<stack>.yaml.
const config = new pulumi.Config("zk-ha");

const ensemble = new ZooKeeperEnsemble("zk", {
  size: config.getNumber("zookeeperSize") ?? 3,
  image: config.get("zookeeperImage") ?? "zookeeper:3.9",
  hostClientPortBase: config.getNumber("zookeeperHostPortBase") ?? 2181,
});

export const zookeeperConnectString = ensemble.connectString;
export const zookeeperHostConnectString = ensemble.hostConnectString;
export const zookeeperLeader = ensemble.quorumReady.leader;
