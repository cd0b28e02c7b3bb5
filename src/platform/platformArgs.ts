import type { FlinkHaClusterArgs } from "../flink/flinkArgs";
import type { OozieHaClusterArgs } from "../oozie/clusterArgs";
import type { PostgresDatabaseArgs } from "../postgres/databaseArgs";
import type { ZooKeeperEnsembleArgs } from "../zookeeper/ensembleArgs";

/** Inputs of {@link HaPlatform}. Each part takes its own component's arguments. */
export interface HaPlatformArgs {
  /**
   * Prefix of every Docker object name and network alias (`<namePrefix>-zk-1`,
   * `<namePrefix>-flink-jm-1`, `<namePrefix>-oozie-1`). Defaults to `<project>-<stack>-<name>`
   * (see the components' `namePrefix`). Two platforms on one Docker engine need different
   * prefixes. Set it before the first deployment:
   * changing it replaces every container and starts from new, empty volumes (the old ones are
   * kept, not deleted).
   */
  namePrefix?: string;
  /** The ZooKeeper ensemble. Defaults to 3 servers with the ensemble's defaults. */
  zookeeper?: Omit<ZooKeeperEnsembleArgs, "namePrefix">;
  /** A Flink HA cluster on the ensemble. Omit it to run no Flink. */
  flink?: Omit<FlinkHaClusterArgs, "zookeeper" | "namePrefix">;
  /**
   * Oozie HA servers on the ensemble. Omit it to run no Oozie. Without `oozie.database`, the
   * platform runs the shared database itself (see `postgres`).
   */
  oozie?: Omit<OozieHaClusterArgs, "zookeeper" | "namePrefix">;
  /**
   * The PostgreSQL server the platform runs for Oozie when `oozie.database` is not given, on the
   * ensemble's network as `<namePrefix>-db`, with a generated password unless one is given.
   * Defaults to the official image with the component's defaults.
   */
  postgres?: Omit<PostgresDatabaseArgs, "networkName" | "namePrefix">;
}
