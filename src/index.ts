export type { Problem } from "./common/problems";
export { QuorumReady, type QuorumReadyArgs, type QuorumServerArgs } from "./gates/quorumReady";
export { ZNode, type ZNodeArgs } from "./gates/znode";
export { ZooKeeperEnsemble, type EnsembleServer } from "./zookeeper/ensemble";
export { ENSEMBLE_DEFAULTS, type ZooKeeperEnsembleArgs } from "./zookeeper/ensembleArgs";
export { renderZooCfg, renderMyid } from "./zookeeper/zooCfg";
