import type * as pulumi from "@pulumi/pulumi";
import type { HaPlatformArgs } from "../platform/platformArgs";

/**
 * The root program's settings from stack config (`pulumi config set <key> <value>`, kept
 * in Pulumi.<stack>.yaml). Only the Oozie image and database password have no default: there
 * is no official Oozie image, and a password must not have one.
 */
export function platformArgsFromConfig(config: pulumi.Config): HaPlatformArgs {
  const flinkVersion = config.get("flinkVersion") ?? "2.1.1";
  const flinkImage = config.get("flinkImage");
  // The user an image other than the official one runs Flink as.
  const flinkStorageOwner = config.get("flinkStorageOwner");
  const oozieVersion = config.get("oozieVersion");
  const legacyCuratorJarCopy = config.getBoolean("oozieLegacyCuratorJarCopy");
  const curatorVersion = config.get("oozieCuratorVersion");
  return {
    namePrefix: config.get("namePrefix") ?? "ha",
    zookeeper: {
      size: config.getNumber("zookeeperSize") ?? 3,
      image: config.get("zookeeperImage") ?? "zookeeper:3.9",
      hostClientPortBase: config.getNumber("zookeeperHostPortBase") ?? 2181,
    },
    flink: {
      flinkVersion,
      ...(flinkImage === undefined ? {} : { image: flinkImage }),
      ...(flinkStorageOwner === undefined ? {} : { storageOwner: flinkStorageOwner }),
      jobManagers: config.getNumber("flinkJobManagers") ?? 2,
      taskManagers: config.getNumber("flinkTaskManagers") ?? 1,
      hostRestPortBase: config.getNumber("flinkRestPortBase") ?? 8081,
    },
    oozie: {
      image: config.require("oozieImage"),
      serverCount: config.getNumber("oozieServers") ?? 2,
      baseUrl: config.get("oozieBaseUrl") ?? "http://127.0.0.1:11000/oozie",
      hostHttpPortBase: config.getNumber("oozieHttpPortBase") ?? 11000,
      ...(oozieVersion === undefined ? {} : { oozieVersion }),
      ...(legacyCuratorJarCopy === undefined ? {} : { legacyCuratorJarCopy }),
      ...(curatorVersion === undefined ? {} : { curatorVersion }),
      extraSiteProperties: config.getObject<Record<string, string>>("oozieSiteProperties") ?? {},
      database: {
        driver: config.get("oozieDbDriver") ?? "org.postgresql.Driver",
        url: config.get("oozieDbUrl") ?? "jdbc:postgresql://oozie-db:5432/oozie",
        username: config.get("oozieDbUser") ?? "oozie",
        password: config.requireSecret("oozieDbPassword"),
      },
    },
  };
}
