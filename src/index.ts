export type { Problem } from "./common/problems";
export { QuorumReady, type QuorumReadyArgs, type QuorumServerArgs } from "./gates/quorumReady";
export { ZNode, type ZNodeArgs } from "./gates/znode";
export { ZooKeeperEnsemble, type EnsembleServer } from "./zookeeper/ensemble";
export { ENSEMBLE_DEFAULTS, type ZooKeeperEnsembleArgs } from "./zookeeper/ensembleArgs";
export { renderZooCfg, renderMyid } from "./zookeeper/zooCfg";
export { DrainGate, type DrainGateArgs } from "./gates/drainGate";
export { OozieHaVerified, type OozieHaVerifiedArgs } from "./gates/oozieHaVerified";
export { OozieHaCluster, type OozieServer } from "./oozie/cluster";
export {
  OOZIE_DEFAULTS,
  CURATOR_IN_LIB_SINCE,
  ZK_SERVICES,
  type OozieHaClusterArgs,
  type OozieZooKeeperArgs,
  type OozieDatabaseArgs,
  type OozieKerberosArgs,
  type DrainMode,
} from "./oozie/clusterArgs";
export { renderOozieSite, renderJaasConfig } from "./oozie/oozieSite";
export { LABELS, ROLES } from "./common/labels";
