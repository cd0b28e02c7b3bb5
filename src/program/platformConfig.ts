import type * as pulumi from "@pulumi/pulumi";
import type { HaPlatformArgs } from "../platform/platformArgs";
import { StackConfigReader } from "./stackConfig";

/**
 * The root program's settings from stack config (`pulumi config set <key> <value>`, kept
 * in Pulumi.<stack>.yaml). Only the Oozie image has no default: there is no official Oozie
 * image. Without `oozieDbUrl` the platform runs its own PostgreSQL with a generated password;
 * with it, `oozieDbPassword` is required. Every value of the wrong type or missing is reported
 * at once, before anything is created.
 */
export function platformArgsFromConfig(config: pulumi.Config): HaPlatformArgs {
  const read = new StackConfigReader(config);
  const flinkVersion = read.string("flinkVersion") ?? "2.1.1";
  const flinkImage = read.string("flinkImage");
  // The user an image other than the official one runs Flink as.
  const flinkStorageOwner = read.string("flinkStorageOwner");
  const oozieVersion = read.string("oozieVersion");
  const legacyCuratorJarCopy = read.boolean("oozieLegacyCuratorJarCopy");
  const curatorVersion = read.string("oozieCuratorVersion");
  const zookeeperSessionTimeoutSeconds = read.number("oozieZookeeperSessionTimeoutSeconds");
  const oozieDbUrl = read.string("oozieDbUrl");
  const postgresImage = read.string("postgresImage");
  const args: HaPlatformArgs = {
    namePrefix: read.string("namePrefix") ?? "ha",
    zookeeper: {
      size: read.number("zookeeperSize") ?? 3,
      image: read.string("zookeeperImage") ?? "zookeeper:3.9",
      hostClientPortBase: read.number("zookeeperHostPortBase") ?? 2181,
    },
    flink: {
      flinkVersion,
      ...(flinkImage === undefined ? {} : { image: flinkImage }),
      ...(flinkStorageOwner === undefined ? {} : { storageOwner: flinkStorageOwner }),
      jobManagers: read.number("flinkJobManagers") ?? 2,
      taskManagers: read.number("flinkTaskManagers") ?? 1,
      hostRestPortBase: read.number("flinkRestPortBase") ?? 8081,
    },
    oozie: {
      image:
        read.requiredString(
          "oozieImage",
          "there is no official Oozie image: pulumi config set oozieImage <your Oozie 5 image>",
        ) ?? "",
      serverCount: read.number("oozieServers") ?? 2,
      baseUrl: read.string("oozieBaseUrl") ?? "http://127.0.0.1:11000/oozie",
      hostHttpPortBase: read.number("oozieHttpPortBase") ?? 11000,
      ...(oozieVersion === undefined ? {} : { oozieVersion }),
      ...(legacyCuratorJarCopy === undefined ? {} : { legacyCuratorJarCopy }),
      ...(curatorVersion === undefined ? {} : { curatorVersion }),
      ...(zookeeperSessionTimeoutSeconds === undefined ? {} : { zookeeperSessionTimeoutSeconds }),
      extraSiteProperties: read.stringMap("oozieSiteProperties") ?? {},
      // Your own database when its URL is set; otherwise the platform runs PostgreSQL itself.
      ...(oozieDbUrl === undefined
        ? {}
        : {
            database: {
              driver: read.string("oozieDbDriver") ?? "org.postgresql.Driver",
              url: oozieDbUrl,
              username: read.string("oozieDbUser") ?? "oozie",
              password:
                read.requiredSecret(
                  "oozieDbPassword",
                  "with oozieDbUrl set, give its password: pulumi config set --secret oozieDbPassword <password>",
                ) ?? "",
            },
          }),
    },
    ...(postgresImage === undefined ? {} : { postgres: { image: postgresImage } }),
  };
  read.throwIfProblems();
  return args;
}
