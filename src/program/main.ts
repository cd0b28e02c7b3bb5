import * as pulumi from "@pulumi/pulumi";
import { OozieImage } from "../oozie/image";
import { HaPlatform } from "../platform/platform";
import { platformArgsFromConfig } from "./platformConfig";

// The root program of this repository: what `npm start` brings up on the local Docker engine,
// 3 ZooKeeper servers, 2 Flink JobManagers (and a TaskManager) and 2 Oozie servers on an Oozie
// image built from the package's recipe (unless `oozieImage` names one). Every value can be
// overridden in Pulumi.<stack>.yaml; see platformConfig.ts for the keys.
const platform = new HaPlatform(
  "ha",
  platformArgsFromConfig(
    new pulumi.Config(),
    // The servers run the built image by its id, so a build that changes it replaces them.
    (args) => new OozieImage("oozie-image", args).imageId,
    "ha",
  ),
);

export const zookeeperConnectString = platform.zookeeper.connectString;
export const zookeeperHostConnectString = platform.zookeeper.hostConnectString;
export const zookeeperLeader = platform.zookeeper.quorumReady.leader;
export const flinkRestUrls = platform.flink?.restUrls;
export const flinkLeader = platform.flink?.leader;
export const oozieServers = platform.oozie?.servers;
