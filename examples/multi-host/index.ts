import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { HaPlatform } from "pulumi-zk-ha";

// The whole platform over three Docker hosts reached over SSH: one host is a single point of
// failure, so every ZooKeeper server, JobManager and Oozie server gets a host of its own.
// Servers dial each other by host address; their ports are published there (firewall them).
const config = new pulumi.Config();
const hosts = [
  { name: "a", address: "10.20.0.11" },
  { name: "b", address: "10.20.0.12" },
  { name: "c", address: "10.20.0.13" },
].map((host) => ({
  ...host,
  provider: new docker.Provider(`host-${host.name}`, {
    host: `ssh://${config.get("sshUser") ?? "ops"}@${host.address}`,
  }),
}));
const on = (index: number): { provider: docker.Provider; address: string } => {
  const host = hosts[index % hosts.length] ?? hosts[0];
  if (!host) {
    throw new Error("no hosts");
  }
  return { provider: host.provider, address: host.address };
};

// Images from your own registry, when the hosts cannot pull the public ones.
const zookeeperImage = config.get("zookeeperImage");
const flinkImage = config.get("flinkImage");
// Flink's HA storage is an S3 bucket (or an S3-compatible store) every host reaches; without
// keys, the S3 client's own chain (environment, instance role) is used.
const s3Endpoint = config.get("s3Endpoint");
const s3AccessKey = config.get("s3AccessKey");
const s3SecretKey = config.getSecret("s3SecretKey");

const platform = new HaPlatform("ha", {
  zookeeper: {
    ...(zookeeperImage === undefined ? {} : { image: zookeeperImage }),
    size: 3,
    allowNonLoopbackPublish: true,
    placement: { 1: on(0), 2: on(1), 3: on(2) },
  },
  flink: {
    flinkVersion: "2.1.1",
    ...(flinkImage === undefined ? {} : { image: flinkImage }),
    jobManagers: 2,
    taskManagers: 2,
    // A fixed range: ports chosen at random could not be published.
    jobManagerPorts: "50100-50105",
    // A lost or cut-off host sends nothing: its ZooKeeper server is noticed only after syncLimit
    // (10 s), and when it led, no server serves until a new leader is elected. JobManager
    // sessions outlive that, or every JobManager gives up leadership at once; failover after
    // losing the leader's host takes that much longer.
    sessionTimeoutMs: 20000,
    // A local volume cannot be shared across hosts.
    storageDir: config.get("flinkStorageDir") ?? "s3://flink-ha/recovery",
    s3: {
      ...(s3Endpoint === undefined ? {} : { endpoint: s3Endpoint }),
      ...(s3AccessKey === undefined ? {} : { accessKey: s3AccessKey }),
      ...(s3SecretKey === undefined ? {} : { secretKey: s3SecretKey }),
    },
    // Many S3-compatible stores are slow at the directory-marker clean-up after each write.
    extraSettings: { "s3.directory.marker.retention": "keep" },
    allowNonLoopbackPublish: true,
    placement: {
      jobManagers: { 1: on(0), 2: on(1) },
      taskManagers: { 1: on(1), 2: on(2) },
    },
  },
  oozie: {
    image: config.require("oozieImage"),
    serverCount: 2,
    baseUrl: config.get("oozieBaseUrl") ?? "http://oozie.example.com:11000/oozie",
    allowNonLoopbackPublish: true,
    placement: { 1: on(1), 2: on(2) },
    database: {
      driver: "org.postgresql.Driver",
      url: config.get("oozieDbUrl") ?? "jdbc:postgresql://10.20.0.20:5432/oozie",
      username: "oozie",
      password: config.requireSecret("oozieDbPassword"),
    },
  },
});

export const zookeeperConnectString = platform.zookeeper.connectString;
export const flinkUi = platform.flink?.restUrls;
export const oozieServers = platform.oozie?.servers;
