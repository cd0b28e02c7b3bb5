import * as pulumi from "@pulumi/pulumi";
import { FlinkHaCluster } from "../flink/cluster";
import { OozieHaCluster } from "../oozie/cluster";
import { PostgresDatabase } from "../postgres/database";
import { throwIfProblems } from "../common/problems";
import { ZooKeeperEnsemble } from "../zookeeper/ensemble";
import type { HaPlatformArgs } from "./platformArgs";
import { validatePlatform } from "./validatePlatform";
import { defaultNamePrefix } from "../common/namePrefix";

export const PLATFORM_TYPE = "pulumi-zk-ha:platform:HaPlatform";

/**
 * The whole platform on one ZooKeeper ensemble: the ensemble, Flink JobManagers and
 * TaskManagers with HA, and Oozie servers with HA. Every prerequisite is an edge: both clusters
 * wait for the ensemble's QuorumReady gate and their own ZNode gates. Docker names start with
 * `namePrefix`, by default `<project>-<stack>-<name>` (`<prefix>-zk-1`, `<prefix>-flink-jm-1`,
 * `<prefix>-oozie-1`). Every part's arguments are checked before any part is built, and one
 * error lists every problem of every part, each named by its path in the platform's arguments
 * (`flink.jobManagers`, `oozie.database.url`).
 *
 * ## Example
 * ```ts
 * const platform = new HaPlatform("ha", {
 *   zookeeper: { size: 3, hostClientPortBase: 2181 },
 *   flink: { flinkVersion: "2.1.1", jobManagers: 2 },
 *   oozie: {
 *     image: "example/oozie:5.2.1",
 *     baseUrl: "http://oozie.example.com:11000/oozie",
 *     database: { driver: "org.postgresql.Driver", url: "jdbc:postgresql://db/oozie", username: "oozie", password },
 *   },
 * });
 * ```
 */
export class HaPlatform extends pulumi.ComponentResource {
  readonly zookeeper: ZooKeeperEnsemble;
  readonly flink: FlinkHaCluster | undefined;
  readonly oozie: OozieHaCluster | undefined;
  /** The database the platform runs for Oozie; undefined when `oozie.database` names one. */
  readonly database: PostgresDatabase | undefined;

  constructor(name: string, args: HaPlatformArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super(PLATFORM_TYPE, name, {}, opts);
    const namePrefix = args.namePrefix ?? defaultNamePrefix(name);
    // Every part is checked before any is built: one error lists every mistake of every part.
    throwIfProblems(this, `HaPlatform "${name}"`, validatePlatform(name, args, namePrefix));
    this.zookeeper = new ZooKeeperEnsemble(
      `${name}-zookeeper`,
      { ...args.zookeeper, namePrefix },
      { parent: this },
    );
    this.flink = args.flink
      ? new FlinkHaCluster(
          `${name}-flink`,
          { ...args.flink, namePrefix, zookeeper: this.zookeeper },
          { parent: this },
        )
      : undefined;
    this.database =
      args.oozie && args.oozie.database === undefined
        ? new PostgresDatabase(
            `${name}-db`,
            { ...args.postgres, namePrefix, networkName: this.zookeeper.networkName },
            { parent: this },
          )
        : undefined;
    const database = this.database;
    this.oozie = args.oozie
      ? new OozieHaCluster(
          `${name}-oozie`,
          {
            ...args.oozie,
            namePrefix,
            zookeeper: this.zookeeper,
            ...(database
              ? {
                  database: {
                    driver: "org.postgresql.Driver",
                    url: database.jdbcUrl,
                    username: database.username,
                    password: database.password,
                  },
                }
              : {}),
          },
          // The database's password resolves once its server is ready, so every Oozie server
          // (whose oozie-site.xml holds the password) starts after it.
          { parent: this },
        )
      : undefined;
    this.registerOutputs({
      zookeeperConnectString: this.zookeeper.connectString,
      flinkLeader: this.flink?.leader,
      oozieServers: this.oozie?.servers,
    });
  }
}
