import type { StackValidationPolicy } from "@pulumi/policy";
import * as rules from "./rules";

function stackPolicy(
  name: string,
  description: string,
  rule: (resources: readonly rules.ResourceView[]) => rules.Violation[],
): StackValidationPolicy {
  return {
    name,
    description,
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
      for (const violation of rule(args.resources)) {
        reportViolation(violation.message, violation.urn);
      }
    },
  };
}

/** The pack's policies, apart from the PolicyPack that serves them, so tests can call them. */
export const policies: StackValidationPolicy[] = [
  stackPolicy(
    "zookeeper-odd-quorum",
    "ZooKeeper ensembles run an odd number of servers, at least 3.",
    rules.oddQuorumOfAtLeastThree,
  ),
  stackPolicy(
    "flink-two-jobmanagers",
    "Flink HA clusters run at least two JobManagers.",
    rules.atLeastTwoJobManagers,
  ),
  stackPolicy(
    "flink-unique-ha-path",
    "Flink clusters on one ensemble use distinct root/cluster-id paths.",
    rules.uniqueFlinkHaPath,
  ),
  stackPolicy(
    "oozie-no-derby-ha",
    "Several Oozie servers share a real database, not embedded Derby.",
    rules.noDerbyWithSeveralOozieServers,
  ),
  stackPolicy(
    "loopback-only",
    "Every role (ZooKeeper, Flink, Oozie, the database) is published beyond loopback only with an explicit opt-in.",
    rules.loopbackPublishedPorts,
  ),
];
