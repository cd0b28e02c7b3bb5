import type { FlinkHaClusterArgs } from "../flink/flinkArgs";
import type { OozieHaClusterArgs } from "../oozie/clusterArgs";
import type { ZooKeeperEnsembleArgs } from "../zookeeper/ensembleArgs";

/** Inputs of {@link HaPlatform}. Each part takes its own component's arguments. */
export interface HaPlatformArgs {
  /**
   * Prefix of every Docker object name and network alias (`<namePrefix>-zk-1`,
   * `<namePrefix>-flink-jm-1`, `<namePrefix>-oozie-1`). Defaults to the platform's name. Two
   * platforms on one Docker engine need different prefixes. Set it before the first deployment:
   * changing it replaces every container and starts from new, empty volumes (the old ones are
   * kept, not deleted).
   */
  namePrefix?: string;
  /** The ZooKeeper ensemble. Defaults to 3 servers with the ensemble's defaults. */
  zookeeper?: Omit<ZooKeeperEnsembleArgs, "namePrefix">;
  /** A Flink HA cluster on the ensemble. Omit it to run no Flink. */
  flink?: Omit<FlinkHaClusterArgs, "zookeeper" | "namePrefix">;
  /** Oozie HA servers on the ensemble. Omit it to run no Oozie. */
  oozie?: Omit<OozieHaClusterArgs, "zookeeper" | "namePrefix">;
}
