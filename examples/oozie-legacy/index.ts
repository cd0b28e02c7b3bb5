import * as pulumi from "@pulumi/pulumi";
import { OozieHaCluster, OozieImage, RECIPE_OOZIE_VERSION, ZooKeeperEnsemble } from "pulumi-zk-ha";

// Oozie HA on an older installation: the image's lib/ lacks curator-x-discovery, so the
// component copies it from the embedded server's webapp lib dir before each server starts.
// Without oozieImage the example builds such an image from the package's recipe: upstream
// Oozie 5.2.1 in the recipe's "older" lib layout, whose webapp lib dir holds curator 2.5.0.
// The copy takes the one curator-x-discovery jar the image's webapp holds, whatever its
// version; with several there, pin one with oozieCuratorVersion:
//   pulumi config set oozieImage registry.example.com/oozie:5.1.0
//   pulumi config set oozieCuratorVersion 4.2.0
//   pulumi config set --secret oozieDbPassword ...
const config = new pulumi.Config();
const ownImage = config.get("oozieImage");
const curatorVersion = config.get("oozieCuratorVersion");

const zk = new ZooKeeperEnsemble("zk", { size: 3, hostClientPortBase: 2181 });

const image = ownImage ?? new OozieImage("oozie-image", { libLayout: "older" }).imageId;

const oozie = new OozieHaCluster("oozie", {
  image,
  zookeeper: zk,
  baseUrl: config.get("oozieBaseUrl") ?? "http://oozie.example.com:11000/oozie",
  serverCount: 2,
  oozieVersion: ownImage === undefined ? RECIPE_OOZIE_VERSION : "5.1.0",
  // Said explicitly: 5.2.1 is not older than 5.2.0, so the version alone would not turn it on.
  legacyCuratorJarCopy: true,
  ...(curatorVersion === undefined ? {} : { curatorVersion }),
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
