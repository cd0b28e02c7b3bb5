/**
 * Identifies the ZooKeeper ensemble a Flink cluster keeps its HA path on, for the run's
 * ownership registry (src/common/ownership.ts): two clusters sharing or nesting
 * `<pathRoot>/<clusterId>` on one ensemble would elect one leader for both, recover each other's
 * jobs, and delete each other's state on cleanup.
 *
 * The ensemble is identified by its connect string when that is a plain string (endpoints
 * sorted), and otherwise by the identity of the Output object that carries it: a
 * `ZooKeeperEnsemble` hands every reader the same `connectString` Output.
 */
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
