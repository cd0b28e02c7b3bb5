import * as pulumi from "@pulumi/pulumi";
import { OozieHaCluster, ZooKeeperEnsemble } from "pulumi-zk-ha";

// Oozie HA on an older installation: the image's lib/ lacks curator-x-discovery, so the
// component copies it from the embedded server's webapp lib dir before each server starts.
// Bring your own image (there is no official one):
//   pulumi config set oozieImage registry.example.com/oozie:5.1.0
//   pulumi config set --secret oozieDbPassword ...
const config = new pulumi.Config();

const zk = new ZooKeeperEnsemble("zk", { size: 3, hostClientPortBase: 2181 });

const oozie = new OozieHaCluster("oozie", {
  image: config.require("oozieImage"),
  zookeeper: zk,
  baseUrl: config.get("oozieBaseUrl") ?? "http://oozie.example.com:11000/oozie",
  serverCount: 2,
  // Older than 5.2.0: the curator jar copy is on. `legacyCuratorJarCopy: true` says so explicitly.
  oozieVersion: "5.1.0",
  legacyCuratorJarCopy: true,
  hostHttpPortBase: 11000,
  database: {
    driver: "org.postgresql.Driver",
    url: config.get("oozieDbUrl") ?? "jdbc:postgresql://oozie-db:5432/oozie",
    username: "oozie",
    password: config.requireSecret("oozieDbPassword"),
  },
});

export const oozieServers = oozie.servers;
export const zookeeperConnectString = zk.connectString;
