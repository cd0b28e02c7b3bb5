import * as pulumi from "@pulumi/pulumi";
import type { ZooKeeperFacts } from "./reference";

/**
 * Placed clients on other hosts cannot resolve an unplaced ensemble's network aliases. Its
 * connect string then lists exactly its servers' aliases (a connection lists none, so it is not
 * checked); an error diagnostic fails the preview. Shared by every component that takes
 * `placement` and a `zookeeper` reference.
 */
export function reportUnplacedEnsemble(
  label: string,
  zookeeper: ZooKeeperFacts,
  resource: pulumi.Resource,
): void {
  void pulumi.all([zookeeper.connectString, zookeeper.servers]).apply(([connect, servers]) => {
    const aliases = new Set(servers.map((s) => s.alias));
    const hosts = connect.split(",").map((endpoint) => endpoint.replace(/:\d+$/, ""));
    const unresolvable = hosts.filter((host) => aliases.has(host));
    if (unresolvable.length > 0) {
      void pulumi.log.error(
        `${label}: zookeeper: the ensemble is not placed: its connect string names the network aliases ${unresolvable.join(", ")}, which placed members on other hosts cannot resolve; give the ensemble a placement too`,
        resource,
      );
    }
  });
}
