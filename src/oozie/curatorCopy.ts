import type { OozieClusterSpec } from "./clusterSpec";

/** Where the copy step mounts the server's lib volume while it prepares it. */
export const STAGING_LIB_DIR = "/zkha-staging/lib";

/**
 * The jar the copy step looks for in the webapp lib dir: the pinned version's, else whichever
 * `curator-x-discovery-<version>.jar` the image holds (5.2.1 ships 2.5.0; others differ).
 */
export function curatorJarPattern(curatorVersion: string | undefined): string {
  return `curator-x-discovery-${curatorVersion ?? "[0-9]*"}.jar`;
}

/**
 * The script of the one-shot curator copy container. It fills the server's lib volume
 * (mounted at {@link STAGING_LIB_DIR}) with the image's own lib dir plus the curator jar from
 * the webapp lib dir; the server mounts that volume at the lib dir. Rebuilding the volume from
 * the image on every run keeps it in step with image upgrades, and the result is byte for byte
 * the same each time (`cp -a` keeps modes and times), so a second run changes nothing. No
 * matching jar, several of them, or no lib dir fails the run, naming the paths and the fix.
 */
export function renderCuratorCopyScript(spec: OozieClusterSpec): string {
  // The pattern is a version checked at preview, or the glob above: safe unquoted.
  const pattern = spec.curatorJar;
  const noJar = `curator copy: no ${pattern} in $webapp to copy to $lib: the image does not ship one there; ${spec.curatorVersion === undefined ? "set embeddedLibDir to where it is" : "check curatorVersion, or leave it unset to copy the version the image holds"}`;
  return [
    "set -eu",
    `webapp='${spec.embeddedLibDir}'`,
    `lib='${spec.libDir}'`,
    `out='${STAGING_LIB_DIR}'`,
    `jars=(); for f in "$webapp"/${pattern}; do if [ -f "$f" ]; then jars+=("$f"); fi; done`,
    `if [ "\${#jars[@]}" -eq 0 ]; then echo "${noJar}" >&2; exit 1; fi`,
    `if [ "\${#jars[@]}" -gt 1 ]; then echo "curator copy: several jars match ${pattern} in $webapp (\${jars[*]##*/}); pin one with curatorVersion" >&2; exit 1; fi`,
    `src="\${jars[0]}"`,
    `jar="\${src##*/}"`,
    `if [ ! -d "$lib" ]; then echo "curator copy: cannot copy $src to $lib/$jar: the lib dir $lib does not exist in the image" >&2; exit 1; fi`,
    `state=copied; if cmp -s "$src" "$out/$jar"; then state=present; fi`,
    `find "$out" -mindepth 1 -delete`,
    `cp -a "$lib/." "$out/"`,
    `cp -a "$src" "$out/$jar"`,
    `if [ "$state" = present ]; then echo "curator copy: $lib/$jar already present"; else echo "curator copy: copied $src to $lib/$jar"; fi`,
  ].join("\n");
}
