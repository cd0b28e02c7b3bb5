import type { FlinkHaClusterArgs } from "../flink/flinkArgs";
import type { OozieHaClusterArgs } from "../oozie/clusterArgs";
import type { ZooKeeperEnsembleArgs } from "../zookeeper/ensembleArgs";

/** Inputs of {@link HaPlatform}. Each part takes its own component's arguments. */
export interface HaPlatformArgs {
  /** The ZooKeeper ensemble. Defaults to 3 servers with the ensemble's defaults. */
  zookeeper?: Omit<ZooKeeperEnsembleArgs, "namePrefix">;
  /** A Flink HA cluster on the ensemble. Omit it to run no Flink. */
  flink?: Omit<FlinkHaClusterArgs, "zookeeper" | "namePrefix">;
  /** Oozie HA servers on the ensemble. Omit it to run no Oozie. */
  oozie?: Omit<OozieHaClusterArgs, "zookeeper" | "namePrefix">;
}
