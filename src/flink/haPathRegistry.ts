import type { Problem } from "../common/problems";

/**
 * Which FlinkHaCluster claimed which HA znode on which ensemble, in this program. Two clusters
 * sharing `<pathRoot>/<clusterId>` on one ensemble would elect one leader for both and recover
 * each other's jobs, so the second one is an error at preview time.
 *
 * The ensemble is identified by its connect string when that is a plain string (endpoints
 * sorted), and otherwise by the identity of the Output object that carries it: a
 * `ZooKeeperEnsemble` hands every reader the same `connectString` Output.
 */
interface Claim {
  readonly owner: string;
}

const claims = new Map<string, Claim>();
const outputIds = new WeakMap<object, number>();
let nextOutputId = 1;

/** A stable key for the ensemble a connect string (or its Output) refers to. */
export function ensembleKey(connectString: unknown): string {
  if (typeof connectString === "string") {
    return `string:${normalizeConnectString(connectString)}`;
  }
  if (connectString !== null && typeof connectString === "object") {
    let id = outputIds.get(connectString);
    if (id === undefined) {
      id = nextOutputId++;
      outputIds.set(connectString, id);
    }
    return `output:${id}`;
  }
  return `other:${String(connectString)}`;
}

export function normalizeConnectString(connectString: string): string {
  return connectString
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .sort()
    .join(",");
}

/**
 * Records that `owner` uses `haPath` on the ensemble `key`; returns a problem when another
 * cluster of this program already does.
 */
export function claimHaPath(key: string, haPath: string, owner: string): Problem | undefined {
  const id = `${key}|${haPath}`;
  const existing = claims.get(id);
  if (existing && existing.owner !== owner) {
    return {
      property: "clusterId",
      reason: `FlinkHaCluster "${existing.owner}" already uses ${haPath} on this ensemble; give each cluster its own clusterId or pathRoot`,
    };
  }
  claims.set(id, { owner });
  return undefined;
}

/** Forgets every claim. For tests that build several programs in one process. */
export function resetHaPathClaims(): void {
  claims.clear();
}
