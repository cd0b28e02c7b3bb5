import type { Problem } from "../common/problems";
import { isDeferred } from "../common/plainInputs";
import * as rules from "../common/rules";
import { connectStringProblem } from "../zkclient/connectString";
import { isEnsemble, type ZooKeeperConnection, type ZooKeeperReference } from "./reference";

// The checks of a `zookeeper` reference shared by the client components. A ZooKeeperEnsemble
// checked its own values; a connection's are the user's, checked here.

/** Longest tickTime a connection may state, as the ensemble allows. */
const MAX_TICK_TIME_MS = 60000;
/** Longest maxSessionTimeout a connection may state, as the ensemble allows. */
const MAX_SESSION_TIMEOUT_MS = 3600000;

/**
 * Problems of the reference, with properties under `zookeeper.`; empty when usable. Takes what
 * a JavaScript caller may pass: anything.
 */
export function referenceProblems(input: ZooKeeperReference | undefined): Problem[] {
  const reference: unknown = input;
  if (reference === undefined || reference === null || typeof reference !== "object") {
    return [
      {
        property: "zookeeper",
        reason:
          "pass the ZooKeeperEnsemble, or a connection: connectString, readinessConnectString and tickTime",
      },
    ];
  }
  if (isEnsemble(reference as ZooKeeperReference)) {
    return [];
  }
  const connection = reference as Partial<Record<keyof ZooKeeperConnection, unknown>>;
  const problems: Problem[] = [];
  for (const key of ["connectString", "readinessConnectString", "tickTime"] as const) {
    if (connection[key] === undefined) {
      problems.push({ property: `zookeeper.${key}`, reason: "is required" });
    }
  }
  for (const key of ["connectString", "readinessConnectString"] as const) {
    const value = connection[key];
    // Outputs are checked once they resolve (checkedConnectString).
    if (value !== undefined && !isDeferred(value)) {
      problems.push(...rules.definedProblems(connectStringProblem(`zookeeper.${key}`, value)));
    }
  }
  const { tickTime, maxSessionTimeout } = connection as Partial<ZooKeeperConnection>;
  if (tickTime !== undefined) {
    problems.push(
      ...rules.definedProblems(
        rules.positiveInteger("zookeeper.tickTime", tickTime, MAX_TICK_TIME_MS),
      ),
    );
  }
  if (maxSessionTimeout !== undefined) {
    // ZooKeeper refuses to start below 2 ticks, so a connection stating that is a typo.
    const min =
      tickTime !== undefined && Number.isInteger(tickTime) && tickTime > 0 ? 2 * tickTime : 1;
    problems.push(
      ...rules.definedProblems(
        rules.integerInRange(
          "zookeeper.maxSessionTimeout",
          maxSessionTimeout,
          min,
          MAX_SESSION_TIMEOUT_MS,
          "ms; at least 2 ticks, the shortest session ZooKeeper grants",
        ),
      ),
    );
  }
  return problems;
}
