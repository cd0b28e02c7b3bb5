import type { Claim } from "../common/ownership";
import { flinkClaims } from "../flink/flinkClaims";
import { placementProviders as flinkProviders, resolveFlinkSpec } from "../flink/flinkSpec";
import { publishedPorts as flinkPorts } from "../flink/publishedPorts";
import { knownFlinkArgs } from "../flink/validateFlink";
import { oozieClaims } from "../oozie/clusterClaims";
import { knownOozieArgs, resolveOozieClusterSpec } from "../oozie/clusterSpec";
import { placementProviders as oozieProviders, publishedHttpPorts } from "../oozie/placement";
import { placementProviders as zooKeeperProviders, plainSettings } from "../zookeeper/ensemble";
import { ensembleClaims } from "../zookeeper/ensembleClaims";
import { resolveEnsembleSpec } from "../zookeeper/ensembleSpec";
import { publishedPorts as zooKeeperPorts } from "../zookeeper/serverEndpoints";
import type { HaPlatformArgs } from "./platformArgs";
import type { ZooKeeperConnection } from "../zookeeper/reference";

/** What one part of the platform will own, named as the platform's own field prefix. */
export interface PartClaims {
  readonly part: "zookeeper" | "flink" | "oozie";
  /** How messages name the part: the component it becomes. */
  readonly label: string;
  readonly claims: readonly Claim[];
}

/**
 * The Docker names and host ports each part will claim, computed from its arguments before any
 * part exists, so that the platform reports a clash between two parts with every other problem.
 * Every part runs on the platform's own engine unless placed. A part whose arguments cannot be
 * resolved into a spec (its own problems are reported anyway) claims nothing here; HA paths are
 * left out, since one platform has one Flink cluster.
 */
export function platformPartClaims(
  name: string,
  args: HaPlatformArgs,
  namePrefix: string,
  ensemble: ZooKeeperConnection,
): PartClaims[] {
  const parts: PartClaims[] = [];
  const add = (part: PartClaims["part"], label: string, claims: () => Claim[]): void => {
    try {
      parts.push({ part, label, claims: claims().filter((c) => c.kind !== "haPath") });
    } catch {
      // Arguments too broken to resolve: their validator already reported them.
    }
  };
  add("zookeeper", `ZooKeeperEnsemble "${name}-zookeeper"`, () => {
    const zk = { ...args.zookeeper, namePrefix };
    const spec = resolveEnsembleSpec(namePrefix, {
      ...zk,
      extraSettings: plainSettings(zk.extraSettings),
    });
    const engines = { own: undefined, placed: zooKeeperProviders(zk) };
    return ensembleClaims(spec, zk, engines, (s) => zooKeeperPorts(spec, s));
  });
  if (args.flink) {
    const flink = { ...args.flink, namePrefix, zookeeper: ensemble };
    add("flink", `FlinkHaCluster "${name}-flink"`, () => {
      const spec = resolveFlinkSpec(namePrefix, knownFlinkArgs(flink).args);
      const engines = { own: undefined, placed: flinkProviders(flink) };
      return flinkClaims(spec, flink, engines, "", (role) => flinkPorts(spec, role));
    });
  }
  if (args.oozie) {
    const oozie = { ...args.oozie, namePrefix, zookeeper: ensemble };
    add("oozie", `OozieHaCluster "${name}-oozie"`, () => {
      const spec = resolveOozieClusterSpec(namePrefix, knownOozieArgs(oozie));
      const engines = { own: undefined, placed: oozieProviders(oozie.placement) };
      return oozieClaims(spec, oozie, engines, (s) => publishedHttpPorts(spec, s));
    });
  }
  return parts;
}
