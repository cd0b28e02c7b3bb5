import * as pulumi from "@pulumi/pulumi";

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
export function ensembleKey(connectString: unknown): string {
  if (typeof connectString === "string") {
    return `string:${normalizeConnectString(connectString)}`;
  }
  if (connectString !== null && typeof connectString === "object") {
    return `output:${runOutputNumbers().numberOf(connectString)}`;
  }
  return `other:${String(connectString)}`;
}

/** Numbers Output objects in the order a run first meets them. */
class OutputNumbers {
  private readonly numbers = new WeakMap<object, number>();
  private next = 1;

  numberOf(output: object): number {
    let number = this.numbers.get(output);
    if (number === undefined) {
      number = this.next++;
      this.numbers.set(output, number);
    }
    return number;
  }
}

/**
 * The numbering of the run in progress, keyed on its resource monitor like the ownership
 * registry (see there why that is one run): nothing is shared between runs in one process.
 */
const numberingsByRun = new WeakMap<object, OutputNumbers>();
/** Stands in for the monitor when none is connected (pure unit tests). */
const NO_MONITOR = {};

function runOutputNumbers(): OutputNumbers {
  const monitor = (pulumi.runtime.getMonitor() as object | undefined) ?? NO_MONITOR;
  let numbering = numberingsByRun.get(monitor);
  if (numbering === undefined) {
    numbering = new OutputNumbers();
    numberingsByRun.set(monitor, numbering);
  }
  return numbering;
}

export function normalizeConnectString(connectString: string): string {
  return connectString
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .sort()
    .join(",");
}
