import type { OozieClusterSpec } from "./clusterSpec";

/** Where the copy step mounts the server's lib volume while it prepares it. */
export const STAGING_LIB_DIR = "/zkha-staging/lib";

/**
 * The script of the one-shot curator copy container. It fills the server's lib volume
 * (mounted at {@link STAGING_LIB_DIR}) with the image's own lib dir plus the curator jar from
 * the webapp lib dir; the server mounts that volume at the lib dir. Rebuilding the volume from
 * the image on every run keeps it in step with image upgrades, and the result is byte for byte
 * the same each time (`cp -a` keeps modes and times), so a second run changes nothing. A missing
 * source jar fails the run, naming both paths.
 */
export function renderCuratorCopyScript(spec: OozieClusterSpec): string {
  const source = `${spec.embeddedLibDir}/${spec.curatorJar}`;
  const target = `${spec.libDir}/${spec.curatorJar}`;
  return [
    "set -eu",
    `src='${source}'`,
    `lib='${spec.libDir}'`,
    `out='${STAGING_LIB_DIR}'`,
    `jar='${spec.curatorJar}'`,
    `if [ ! -f "$src" ]; then echo "curator copy: cannot copy $src to ${target}: the source jar $src does not exist in the image" >&2; exit 1; fi`,
    `if [ ! -d "$lib" ]; then echo "curator copy: cannot copy $src to ${target}: the lib dir $lib does not exist in the image" >&2; exit 1; fi`,
    `state=copied; if cmp -s "$src" "$out/$jar"; then state=present; fi`,
    `find "$out" -mindepth 1 -delete`,
    `cp -a "$lib/." "$out/"`,
    `cp -a "$src" "$out/$jar"`,
    `if [ "$state" = present ]; then echo "curator copy: ${target} already present"; else echo "curator copy: copied $src to ${target}"; fi`,
  ].join("\n");
}
