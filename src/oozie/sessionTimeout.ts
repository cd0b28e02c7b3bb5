import type { Problem } from "../common/problems";
import * as rules from "../common/rules";
import { resolveZooKeeper } from "../zookeeper/reference";
import { grantedDefault, sessionTimeoutProblem } from "../zookeeper/sessionTimeout";
import { referenceProblems } from "../zookeeper/validateReference";
import { OOZIE_DEFAULTS, type OozieHaClusterArgs } from "./clusterArgs";

// Oozie's ZooKeeper session timeout (`oozie.zookeeper.session.timeout`, whole seconds), derived
// from the ensemble's tickTime as Flink's is, and refused where ZooKeeper would change it.

/** What zookeeperSessionTimeoutSeconds may be before the ensemble's own range applies. */
const MIN_SESSION_TIMEOUT_SECONDS = 2;
const MAX_SESSION_TIMEOUT_SECONDS = 3600;

type SessionArgs = Pick<OozieHaClusterArgs, "zookeeper" | "zookeeperSessionTimeoutSeconds">;

/**
 * The timeout each server asks for: `zookeeperSessionTimeoutSeconds`, else
 * {@link OOZIE_DEFAULTS}.zookeeperSessionTimeoutTicks ticks in whole seconds, kept within what
 * the ensemble grants. Assumes validation passed.
 */
export function oozieSessionTimeoutSeconds(args: SessionArgs): number {
  if (args.zookeeperSessionTimeoutSeconds !== undefined) {
    return args.zookeeperSessionTimeoutSeconds;
  }
  const timing = resolveZooKeeper(args.zookeeper);
  const ticks = OOZIE_DEFAULTS.zookeeperSessionTimeoutTicks * timing.tickTime;
  return grantedDefault(ticks, timing, "seconds");
}

/**
 * The timeout's problems: outside 2..3600 s, or outside what the ensemble grants (checked for
 * the default too: with a sub-second tick and a maxSessionTimeout under a second no whole
 * second fits). Only once the reference is usable; its own problems are reported apart.
 */
export function oozieSessionProblems(args: SessionArgs): Problem[] {
  const field = "zookeeperSessionTimeoutSeconds";
  const asked = args.zookeeperSessionTimeoutSeconds;
  const bounds =
    asked === undefined
      ? undefined
      : rules.integerInRange(
          field,
          asked,
          MIN_SESSION_TIMEOUT_SECONDS,
          MAX_SESSION_TIMEOUT_SECONDS,
          "seconds; Oozie exits when its session expires, so give it a few seconds",
        );
  if (bounds || referenceProblems(args.zookeeper).length > 0) {
    return rules.definedProblems(bounds);
  }
  return rules.definedProblems(
    sessionTimeoutProblem(
      field,
      oozieSessionTimeoutSeconds(args),
      resolveZooKeeper(args.zookeeper),
      "seconds",
      `the default, ${OOZIE_DEFAULTS.zookeeperSessionTimeoutTicks} ticks`,
    ),
  );
}
