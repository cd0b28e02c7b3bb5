export type { Problem } from "./common/problems";
export { QuorumReady, type QuorumReadyArgs, type QuorumServerArgs } from "./gates/quorumReady";
export { ZNode, type ZNodeArgs } from "./gates/znode";
export { ServerRejoined, type ServerRejoinedArgs } from "./gates/serverRejoined";
export { MembershipGuard, type MembershipGuardArgs } from "./gates/membershipGuard";
export { MembershipApplied, type MembershipAppliedArgs } from "./gates/membershipApplied";
export { InvalidInputsError } from "./common/problems";
export { ZooKeeperEnsemble, ENSEMBLE_TYPE, type EnsembleServer } from "./zookeeper/ensemble";
export {
  ENSEMBLE_DEFAULTS,
  type ServerPlacement,
  type ZooKeeperEnsembleArgs,
} from "./zookeeper/ensembleArgs";
export {
  resolveZooKeeper,
  type ZooKeeperConnection,
  type ZooKeeperFacts,
  type ZooKeeperReference,
} from "./zookeeper/reference";
export { renderZooCfg, renderDynamicConfig, renderMyid } from "./zookeeper/zooCfg";
// What the renderers take: the resolved spec of each component.
export type { EnsembleSpec, ServerSpec } from "./zookeeper/ensembleSpec";
export { DrainGate, type DrainGateArgs } from "./gates/drainGate";
export { SafeModeRelease, type SafeModeReleaseArgs } from "./gates/safeModeRelease";
export { OozieHaVerified, type OozieHaVerifiedArgs } from "./gates/oozieHaVerified";
export { OozieHaCluster, OOZIE_CLUSTER_TYPE, type OozieServer } from "./oozie/cluster";
export {
  OOZIE_DEFAULTS,
  CURATOR_IN_LIB_SINCE,
  ZK_SERVICES,
  type OozieHaClusterArgs,
  type OozieDatabaseArgs,
  type OozieKerberosArgs,
  type DrainMode,
} from "./oozie/clusterArgs";
export { renderOozieSite, renderJaasConfig, type SiteValues } from "./oozie/oozieSite";
export type { OozieClusterSpec, OozieServerSpec } from "./oozie/clusterSpec";
export type { OozieServerPlacementSpec } from "./oozie/placement";
export { OozieImage, OOZIE_IMAGE_TYPE } from "./oozie/image";
export {
  OOZIE_IMAGE_DEFAULTS,
  RECIPE_CURATOR_VERSION,
  RECIPE_OOZIE_VERSION,
  type OozieImageArgs,
  type OozieImageBuilderVersion,
  type OozieLibLayout,
} from "./oozie/imageArgs";
export { LABELS, ROLES } from "./common/labels";
export { FlinkHaCluster, FLINK_CLUSTER_TYPE } from "./flink/cluster";
export {
  FLINK_DEFAULTS,
  JAVA17_OPTIONS,
  type FlinkHaClusterArgs,
  type FlinkPlacement,
  type FlinkPlacementArgs,
} from "./flink/flinkArgs";
export type { FlinkS3Args } from "./flink/s3Args";
export {
  renderFlinkConfig,
  renderMasters,
  flinkValueProblem,
  type FlinkConfigFile,
  type FlinkRole,
} from "./flink/flinkConf";
export type { FlinkSpec, JobManagerSpec, MemberHost, TaskManagerSpec } from "./flink/flinkSpec";
export type { FlinkS3Spec } from "./flink/s3Settings";
export type { FlinkLine, FlinkVersion } from "./flink/flinkVersion";
export type { ZkClientTimings } from "./flink/zkTimeouts";
export { parseJobManagerPorts, type PortRange, type PortSpecResult } from "./flink/jobManagerPorts";
export {
  FlinkHaVerified,
  type FlinkHaVerifiedArgs,
  type FlinkHaVerifiedJobManagerArgs,
} from "./gates/flinkHaVerified";
export { JobManagerRejoined, type JobManagerRejoinedArgs } from "./gates/jobManagerRejoined";
export { JobManagerOrder, type JobManagerOrderArgs } from "./gates/jobManagerOrder";
export { TaskManagerRejoined, type TaskManagerRejoinedArgs } from "./gates/taskManagerRejoined";
export { replacementOrder } from "./flink/replacementOrder";
export { HaPlatform, PLATFORM_TYPE } from "./platform/platform";
export { PostgresDatabase, POSTGRES_DATABASE_TYPE } from "./postgres/database";
export { POSTGRES_DEFAULTS, type PostgresDatabaseArgs } from "./postgres/databaseArgs";
export { GeneratedPassword, type GeneratedPasswordArgs } from "./gates/generatedPassword";
export type { HaPlatformArgs } from "./platform/platformArgs";
