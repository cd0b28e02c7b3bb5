/**
 * The Flink release lines whose configuration files differ:
 * - `legacy` (1.15–1.18): `conf/flink-conf.yaml`, a flat `key: value` file read line by line
 *   (1.15 and 1.16 also use the old key names `high-availability` and `env.java.opts`);
 * - `bridge` (1.19–1.20): `conf/config.yaml`, standard YAML (the legacy file is still read when
 *   present, so the component writes only the new one);
 * - `v2` (2.x): only `conf/config.yaml`; keys removed in 2.0 must not appear.
 */
export type FlinkLine = "legacy" | "bridge" | "v2";

export interface FlinkVersion {
  readonly major: number;
  readonly minor: number;
  readonly line: FlinkLine;
  /** The configuration file name inside the conf directory. */
  readonly configFile: "flink-conf.yaml" | "config.yaml";
}

/** Oldest supported release: the ZooKeeper layout with one `leader/<service>` node per service. */
export const MIN_FLINK = { major: 1, minor: 15 } as const;

const VERSION = /^(\d+)\.(\d+)(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?$/;

/** Parses "1.20", "1.20.3", "2.1.1" or "2.0-SNAPSHOT"; undefined when unsupported or malformed. */
export function parseFlinkVersion(version: string): FlinkVersion | undefined {
  const match = VERSION.exec(version);
  if (!match) {
    return undefined;
  }
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major === 1 && minor >= MIN_FLINK.minor && minor <= 18) {
    return { major, minor, line: "legacy", configFile: "flink-conf.yaml" };
  }
  if (major === 1 && (minor === 19 || minor === 20)) {
    return { major, minor, line: "bridge", configFile: "config.yaml" };
  }
  if (major === 2) {
    return { major, minor, line: "v2", configFile: "config.yaml" };
  }
  return undefined;
}
