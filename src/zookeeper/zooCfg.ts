import type { EnsembleSpec, ServerSpec } from "./ensembleSpec";

/** Keys `renderZooCfg` writes; users cannot override them through extraSettings. */
export const MANAGED_ZOO_CFG_KEYS: ReadonlySet<string> = new Set([
  "tickTime",
  "initLimit",
  "syncLimit",
  "dataDir",
  "dataLogDir",
  "clientPort",
  "clientPortAddress",
  "4lw.commands.whitelist",
  "admin.enableServer",
  "admin.serverPort",
  "autopurge.snapRetainCount",
  "autopurge.purgeInterval",
  "quorumListenOnAllIPs",
  "reconfigEnabled",
  "dynamicConfigFile",
  "standaloneEnabled",
]);

/** The four-letter words the readiness checks and healthchecks use. */
export const FOUR_LETTER_WORDS = ["srvr", "ruok", "mntr"] as const;

/**
 * Renders `zoo.cfg`. Identical for every server (the server's identity is in `myid`), so a
 * change to any setting shows as a change to every container.
 */
export function renderZooCfg(spec: EnsembleSpec): string {
  const lines = [
    "# Rendered by pulumi-zk-ha. Edits are lost when the component next updates.",
    `tickTime=${spec.tickTime}`,
    `initLimit=${spec.initLimit}`,
    `syncLimit=${spec.syncLimit}`,
    `dataDir=${spec.dataDir}`,
    `dataLogDir=${spec.dataLogDir}`,
    `clientPort=${spec.clientPort}`,
    `4lw.commands.whitelist=${FOUR_LETTER_WORDS.join(",")}`,
    `admin.enableServer=${spec.adminServer}`,
    ...(spec.adminServer ? [`admin.serverPort=${spec.adminServerPort}`] : []),
    `autopurge.snapRetainCount=${spec.autopurgeSnapRetainCount}`,
    `autopurge.purgeInterval=${spec.autopurgePurgeIntervalHours}`,
    // A server binds its quorum ports to the address its own server line names; that is a
    // host's address under placement, and Docker DNS may lag after a replacement, so listen on
    // every address of the container.
    "quorumListenOnAllIPs=true",
    // Membership comes from this file only; dynamic reconfiguration would fight Pulumi.
    "reconfigEnabled=false",
    ...Object.keys(spec.extraSettings)
      .sort()
      .map((key) => `${key}=${spec.extraSettings[key] ?? ""}`),
    ...spec.servers.map((server) => renderServerLine(spec, server)),
  ];
  return `${lines.join("\n")}\n`;
}

/** `server.<id>=<address>:<peer>:<election>:participant;0.0.0.0:<client>` */
export function renderServerLine(spec: EnsembleSpec, server: ServerSpec): string {
  return `server.${server.id}=${server.address}:${spec.peerPort}:${spec.electionPort}:participant;0.0.0.0:${spec.clientPort}`;
}

/**
 * The voting members as the quorum protocol sees them, `server.<id>=<address>:<peer>:<election>`:
 * what every server's list must agree on. The client port is left out; it can roll.
 */
export function renderMembers(spec: EnsembleSpec): string[] {
  return spec.servers.map(
    (s) => `server.${s.id}=${s.address}:${spec.peerPort}:${spec.electionPort}`,
  );
}

/** The `myid` file: the server's id and a newline. */
export function renderMyid(server: ServerSpec): string {
  return `${server.id}\n`;
}
