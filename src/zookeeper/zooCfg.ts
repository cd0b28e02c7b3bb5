import { createHash } from "node:crypto";
import type { Problem } from "../common/problems";
import { escapeControl, javaTrim } from "../common/rules";
import { formatHost } from "../common/hostPort";
import type { EnsembleSpec, ServerSpec } from "./ensembleSpec";

/** Keys `renderZooCfg` writes; users cannot override them through extraSettings. */
export const MANAGED_ZOO_CFG_KEYS: ReadonlySet<string> = new Set([
  "tickTime",
  "initLimit",
  "syncLimit",
  "maxSessionTimeout",
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
  "DigestAuthenticationProvider.superDigest",
]);

/** The file the members are listed in, beside zoo.cfg; ZooKeeper writes its successors there. */
export const DYNAMIC_CONFIG_FILE = "zoo.cfg.dynamic";

/** The four-letter words the readiness checks and healthchecks use. */
export const FOUR_LETTER_WORDS = ["srvr", "ruok", "mntr"] as const;

/**
 * Renders `zoo.cfg`. Identical for every server (the server's identity is in `myid`), so a
 * change to any setting shows as a change to every container. The members are not in it: they
 * are in the dynamic file ({@link renderDynamicConfig}), which ZooKeeper's reconfiguration
 * replaces. `superDigest` is `super:<base64 SHA-1>` of the super user's password (see
 * {@link superDigestOf}): the user allowed to `reconfig`.
 */
export function renderZooCfg(spec: EnsembleSpec, superDigest: string): string {
  const settings: [string, string][] = [
    ["tickTime", String(spec.tickTime)],
    ["initLimit", String(spec.initLimit)],
    ["syncLimit", String(spec.syncLimit)],
    ["maxSessionTimeout", String(spec.maxSessionTimeout)],
    ["dataDir", spec.dataDir],
    ["dataLogDir", spec.dataLogDir],
    ["clientPort", String(spec.clientPort)],
    ["4lw.commands.whitelist", FOUR_LETTER_WORDS.join(",")],
    ["admin.enableServer", String(spec.adminServer)],
    ...(spec.adminServer
      ? [["admin.serverPort", String(spec.adminServerPort)] as [string, string]]
      : []),
    ["autopurge.snapRetainCount", String(spec.autopurgeSnapRetainCount)],
    ["autopurge.purgeInterval", String(spec.autopurgePurgeIntervalHours)],
    // A server binds its quorum ports to the address its own server line names; that is a
    // host's address under placement, and Docker DNS may lag after a replacement, so listen on
    // every address of the container.
    ["quorumListenOnAllIPs", "true"],
    // Members change by `reconfig` (MembershipGuard, MembershipApplied), never by two
    // servers holding different static lists.
    ["reconfigEnabled", "true"],
    // Reconfiguration needs a quorum even of one server: a single server must not be standalone.
    ["standaloneEnabled", "false"],
    ["dynamicConfigFile", `${spec.confDir}/${DYNAMIC_CONFIG_FILE}`],
    // Unknown keys become `zookeeper.`-prefixed system properties when zoo.cfg is read.
    ["DigestAuthenticationProvider.superDigest", superDigest],
    ...Object.keys(spec.extraSettings)
      .sort()
      .map((key): [string, string] => [key, spec.extraSettings[key] ?? ""]),
  ];
  const unsafe = settings
    .map(([key, value]) => zooCfgValueProblem(key, value))
    .find((p) => p !== undefined);
  if (unsafe) {
    throw new Error(`cannot render zoo.cfg: ${unsafe.property}: ${unsafe.reason}`);
  }
  const lines = [
    "# Rendered by pulumi-zk-ha. Edits are lost when the component next updates.",
    ...settings.map(([key, value]) => propertiesLine(key, value)),
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * The dynamic file: one line per member. A server reads it only to find the others when it
 * starts; ZooKeeper keeps the members it last committed in files it writes beside it and adopts
 * any newer list its peers hold, so this list never overrides a committed reconfiguration.
 */
export function renderDynamicConfig(spec: EnsembleSpec): string {
  return `${spec.servers.map((server) => renderServerLine(spec, server)).join("\n")}\n`;
}

/** `super:<base64 of SHA-1("super:<password>")>`, as ZooKeeper's digest provider expects. */
export function superDigestOf(password: string): string {
  return `super:${createHash("sha1").update(`super:${password}`, "utf8").digest("base64")}`;
}

/** `server.<id>=<address>:<peer>:<election>:participant;0.0.0.0:<client>` */
export function renderServerLine(spec: EnsembleSpec, server: ServerSpec): string {
  return propertiesLine(`server.${server.id}`, serverLineValue(spec, server));
}

/**
 * The value of a server line. ZooKeeper splits it at ':' (ConfigUtils.getHostAndPort), so an
 * IPv6 address goes in brackets; addresses are hostnames or IP addresses (validated), so no ';'
 * (client address) or '|' (multi-address) can appear in them.
 */
function serverLineValue(spec: EnsembleSpec, server: ServerSpec): string {
  return `${formatHost(server.address)}:${spec.peerPort}:${spec.electionPort}:participant;0.0.0.0:${spec.clientPort}`;
}

/**
 * Why ZooKeeper would not read `value` back exactly; undefined when it would.
 *
 * zoo.cfg is a java.util.Properties file, and {@link propertiesLine} escapes every character
 * that format gives a meaning to (a trailing '\' would otherwise continue the line and swallow
 * the next setting), so any text survives the file itself. What cannot be written is whitespace
 * or control characters at either end: ZooKeeper trims every value after loading
 * (QuorumPeerConfig.parseProperties, String.trim: every character up to U+0020).
 */
export function zooCfgValueProblem(property: string, value: string): Problem | undefined {
  if (javaTrim(value) !== value) {
    return {
      property,
      reason: `"${escapeControl(value)}" starts or ends with whitespace or a control character, which ZooKeeper trims away; remove it`,
    };
  }
  return undefined;
}

/**
 * One `key=value` line of a java.util.Properties file, escaped so that Properties.load reads
 * back exactly `key` and `value`. The file stays printable ASCII (Properties.load reads bytes as
 * ISO 8859-1): other characters become `\uXXXX`.
 */
export function propertiesLine(key: string, value: string): string {
  return `${escapeProperties(key, true)}=${escapeProperties(value, false)}`;
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  "\t": "\\t",
  "\n": "\\n",
  "\r": "\\r",
  "\f": "\\f",
};

function escapeProperties(text: string, isKey: boolean): string {
  let escaped = "";
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    const code = text.charCodeAt(i);
    const named = NAMED_ESCAPES[char];
    if (named !== undefined) {
      escaped += named;
    } else if (code < 0x20 || code > 0x7e) {
      escaped += `\\u${code.toString(16).padStart(4, "0")}`;
    } else if (char === " " && (isKey || i === 0)) {
      // Properties.load skips whitespace before a value and ends a key at whitespace.
      escaped += "\\ ";
    } else if (isKey && "=:#!".includes(char)) {
      // Separators end a key; '#' and '!' at the start of a line make it a comment.
      escaped += `\\${char}`;
    } else {
      escaped += char;
    }
  }
  return escaped;
}

/** The members' server lines, as `reconfig` takes them and `/zookeeper/config` lists them. */
export function renderMembers(spec: EnsembleSpec): string[] {
  return spec.servers.map((s) => `server.${s.id}=${serverLineValue(spec, s)}`);
}

/** The `myid` file: the server's id and a newline. */
export function renderMyid(server: ServerSpec): string {
  return `${server.id}\n`;
}
