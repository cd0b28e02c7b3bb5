import * as pulumi from "@pulumi/pulumi";
import { claimAll, type Claim } from "../common/ownership";
import { checkedConnectString } from "../zkclient/checkedConnectString";
import type { ZooKeeperFacts } from "../zookeeper/reference";
import { ensembleKey } from "./haPathRegistry";

// How a Flink cluster reaches its ZooKeeper ensemble, and the checks that can only run once the
// ensemble's connect string is known.

/**
 * The connect string the members are configured with. A plain string was checked with the other
 * arguments; an Output is checked once it resolves, and fails the deployment when it is bad.
 */
export function checkedQuorum(
  owner: pulumi.Resource,
  label: string,
  connectString: ZooKeeperFacts["connectString"],
): pulumi.Output<string> {
  return checkedConnectString(owner, label, "zookeeper.connectString", connectString);
}

/**
 * The HA path claims were keyed on the connect string's Output, but two different Outputs may
 * still name the same ensemble: once the value is known, claim the paths again by value. An
 * error diagnostic fails the preview.
 */
export function reclaimHaPathsByValue(
  owner: pulumi.Resource,
  label: string,
  claims: readonly Claim[],
  quorum: pulumi.Output<string>,
): void {
  void quorum.apply((connect) => {
    const haPath = claims.filter((c) => c.kind === "haPath");
    const byValue = haPath.map((c) => ({ ...c, ensemble: ensembleKey(connect) }));
    for (const conflict of claimAll(owner, label, byValue)) {
      void pulumi.log.error(`${label}: ${conflict.property}: ${conflict.reason}`, owner);
    }
  });
}
