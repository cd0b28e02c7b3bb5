import type { Problem } from "../common/problems";
import { escapeControl, hasControlCharacter } from "../common/rules";
import type { FlinkSpec, JobManagerSpec, TaskManagerSpec } from "./flinkSpec";
import type { FlinkVersion } from "./flinkVersion";

/** Keys the renderer writes; users cannot override them through extraSettings. */
export const MANAGED_FLINK_KEYS: readonly string[] = [
  "high-availability",
  "high-availability.type",
  "high-availability.zookeeper.quorum",
  "high-availability.zookeeper.path.root",
  "high-availability.cluster-id",
  "high-availability.storageDir",
  "high-availability.jobmanager.port",
  "high-availability.zookeeper.client.session-timeout",
  "high-availability.zookeeper.client.connection-timeout",
  "high-availability.zookeeper.client.retry-wait",
  "high-availability.zookeeper.client.max-retry-attempts",
  "high-availability.zookeeper.client.tolerate-suspended-connections",
  "heartbeat.interval",
  "heartbeat.timeout",
  "web.refresh-interval",
  "jobmanager.rpc.address",
  "jobmanager.rpc.port",
  "jobmanager.bind-host",
  "rest.address",
  "rest.bind-address",
  "rest.port",
  "taskmanager.host",
  "taskmanager.bind-host",
  "taskmanager.numberOfTaskSlots",
  "jobmanager.memory.process.size",
  "taskmanager.memory.process.size",
  "env.java.opts",
  "env.java.opts.all",
];

/**
 * Keys that decide the ports a placed member binds and advertises; the component renders or
 * publishes them with placement, so extraSettings cannot set them then.
 */
export const PLACEMENT_MANAGED_FLINK_KEYS: readonly string[] = [
  "blob.server.port",
  "taskmanager.rpc.port",
  "taskmanager.rpc.bind-port",
  "taskmanager.data.port",
  "taskmanager.data.bind-port",
  "jobmanager.rpc.bind-port",
  "rest.bind-port",
];

/** Keys Flink 2.0 removed; a 2.x configuration must not carry them. */
export const REMOVED_IN_FLINK_2: readonly string[] = [
  "high-availability.zookeeper.path.jobgraphs",
  "high-availability.zookeeper.path.running-registry",
  "high-availability.job.delay",
];

/** A container's role, as the renderer sees it. */
export type FlinkRole =
  | { readonly kind: "jobmanager"; readonly jobManager: JobManagerSpec }
  | { readonly kind: "taskmanager"; readonly taskManager: TaskManagerSpec };

/** The two file formats: `config.yaml` (1.19 and later) and the legacy `flink-conf.yaml`. */
export type FlinkConfigFile = FlinkVersion["configFile"];

/**
 * Why Flink would not read `value` back exactly from its configuration file; undefined when it
 * would. The formats differ:
 *
 * - `config.yaml` is standard YAML (SnakeYAML, YAML 1.1, in 1.19 and 1.20; snakeyaml-engine,
 *   YAML 1.2, in 2.x). {@link yamlScalar} writes any text as a scalar that both read back as
 *   that string, so almost nothing is refused. But the official image's entrypoint and Flink's
 *   own start scripts rewrite and read config.yaml through Flink's dumper and filter its output
 *   line by line (bin/bash-java-utils.sh keeps only lines carrying the marker below, which the
 *   flattened `key: value` form puts on the first line of a multi-line value only, and strips
 *   the marker wherever it appears). So a value may not contain a line break in YAML 1.1's sense
 *   (LF, CR, U+0085, U+2028, U+2029: 1.19 and 1.20 dump with SnakeYAML), nor that marker.
 * - `flink-conf.yaml` (up to 1.18) is not YAML: GlobalConfiguration reads it line by line, cuts
 *   each line at the first '#', splits it at the first ': ', trims key and value and skips
 *   entries with an empty value; there are no escapes. It is read in the JVM's default charset.
 *   So a value must be non-empty printable ASCII without '#' or surrounding spaces. (': ' in a
 *   value is fine: only the first one separates the key.)
 *
 * Defaults to the stricter legacy rules, for values that must fit either file.
 */
export function flinkValueProblem(
  property: string,
  value: string,
  configFile: FlinkConfigFile = "flink-conf.yaml",
): Problem | undefined {
  const shown = escapeControl(value);
  if (configFile === "config.yaml") {
    if (/[\n\r\u0085\u2028\u2029]/.test(value)) {
      return {
        property,
        reason: `"${shown}" contains a line break, which Flink's start scripts do not pass on: they read config.yaml back through a filter that keeps single lines; remove it`,
      };
    }
    if (value.includes(SCRIPT_MARKER)) {
      return {
        property,
        reason: `"${shown}" contains "${SCRIPT_MARKER}", which Flink's start scripts strip from every line of config.yaml; remove it`,
      };
    }
    return undefined;
  }
  if (value === "") {
    return {
      property,
      reason: "must not be empty: Flink before 1.19 skips a setting with an empty value",
    };
  }
  if (hasControlCharacter(value)) {
    return {
      property,
      reason: `"${shown}" contains a line break or control character, which would inject extra settings; remove it`,
    };
  }
  if (/[^\u0020-\u007e]/.test(value)) {
    return {
      property,
      reason: `"${shown}" has characters outside printable ASCII, which Flink before 1.19 reads in the JVM's default charset; use ASCII only`,
    };
  }
  if (value.includes("#")) {
    return {
      property,
      reason: `"${shown}" contains '#', which starts a comment in flink-conf.yaml; remove it`,
    };
  }
  if (value.trim() !== value) {
    return {
      property,
      reason: `"${shown}" has leading or trailing spaces, which Flink trims away; remove them`,
    };
  }
  return undefined;
}

/** The prefix of Flink's bash-java-utils output lines; the scripts delete every occurrence. */
const SCRIPT_MARKER = "BASH_JAVA_UTILS_EXEC_RESULT:";

/**
 * A YAML scalar that YAML 1.1 and 1.2 parsers both read back as `text`: plain when that is
 * unambiguous, else double-quoted with every character outside printable ASCII escaped (so the
 * file is ASCII, and U+0085/U+2028/U+2029, line breaks to YAML 1.1, never appear raw).
 *
 * Plain is used only for a canonical decimal integer (read as a number, which Flink turns back
 * into the same digits) or for text that starts with a letter, '_', '/' or "-"/"--" and a letter
 * and uses only characters without meaning in a plain scalar, excluding the words YAML 1.1
 * reads as booleans or null. Everything else, including numbers that are not canonical
 * integers ("1.0", "0x1F", "010", "1_000", "1:20" are numbers to YAML 1.1) and timestamps, is
 * quoted.
 */
export function yamlScalar(text: string): string {
  if (CANONICAL_INTEGER.test(text)) {
    return text;
  }
  if (
    PLAIN_SAFE.test(text) &&
    !YAML_WORDS.test(text) &&
    !text.includes(": ") &&
    !text.endsWith(":") &&
    !text.endsWith(" ")
  ) {
    return text;
  }
  let quoted = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"' || char === "\\") {
      quoted += `\\${char}`;
    } else if (code >= 0x20 && code <= 0x7e) {
      quoted += char;
    } else if (code <= 0xff) {
      quoted += `\\x${hex(code, 2)}`;
    } else if (code <= 0xffff) {
      quoted += `\\u${hex(code, 4)}`;
    } else {
      quoted += `\\U${hex(code, 8)}`;
    }
  }
  return `${quoted}"`;
}

const CANONICAL_INTEGER = /^(?:0|-?[1-9][0-9]*)$/;
const PLAIN_SAFE = /^(?:[A-Za-z_/]|--?[A-Za-z])[A-Za-z0-9 _./,=+:@%*-]*$/;
/** Booleans and null of YAML 1.1 (a superset of YAML 1.2's core schema words). */
const YAML_WORDS =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

function hex(code: number, digits: number): string {
  return code.toString(16).toUpperCase().padStart(digits, "0");
}

/**
 * Keys the official image's entrypoint sets in config.yaml itself (`jobmanager.rpc.address`,
 * `blob.server.port`, `query.server.port`, `taskmanager.numberOfTaskSlots`), beyond the ones the
 * component renders.
 */
const ENTRYPOINT_KEYS: readonly string[] = [
  "jobmanager.rpc.address",
  "blob.server.port",
  "query.server.port",
  "taskmanager.numberOfTaskSlots",
];

/**
 * Keys that can appear in a config.yaml the component renders (1.17 names), including the ones
 * the official image's entrypoint adds.
 */
export function configYamlKeys(): string[] {
  const renamedIn117 = ["high-availability", "env.java.opts"];
  return [
    ...new Set([
      ...MANAGED_FLINK_KEYS.filter((key) => !renamedIn117.includes(key)),
      ...PLACEMENT_MANAGED_FLINK_KEYS,
      ...ENTRYPOINT_KEYS,
    ]),
  ];
}

/**
 * The other key that `key` would nest into, or under, in config.yaml; undefined when none.
 * Flink's scripts rewrite config.yaml as nested YAML (`a.b: x` becomes `a:` / `  b: x`), where one
 * key cannot be both a value and a section: `state.backend` and `state.backend.type` cannot both
 * be set (Flink 2 also refuses such overlapping keys).
 */
export function overlappingKey(key: string, others: readonly string[]): string | undefined {
  return others.find(
    (other) => other !== key && (other.startsWith(`${key}.`) || key.startsWith(`${other}.`)),
  );
}

/**
 * Why a host cannot go into the `masters` file; undefined when it can. Flink's scripts
 * (readMasters in bin/config.sh) cut each line at '#', take the part after the last '/', and
 * split `host:port` at ':', so a host must be a hostname or IPv4 address: letters, digits, '.'
 * and '-' (an IPv6 address cannot be written at all).
 */
export function mastersHostProblem(property: string, host: string): Problem | undefined {
  if (/^[A-Za-z0-9.-]+$/.test(host)) {
    return undefined;
  }
  return {
    property,
    reason: `"${escapeControl(host)}" cannot be written to Flink's masters file, whose lines Flink's scripts split at ':'; give a hostname or an IPv4 address`,
  };
}

/** The settings of one container's configuration file, in order. */
export function flinkSettings(
  spec: FlinkSpec,
  quorum: string,
  role: FlinkRole,
): [string, string][] {
  const { timings, version } = spec;
  // Flink 1.17 renamed `high-availability` to `high-availability.type` and `env.java.opts` to
  // `env.java.opts.all` (checked in flink-core 1.15.4, 1.16.3, 1.17.2 and 1.18.1); 1.15 and 1.16
  // ignore the new names, later releases warn about the old ones.
  const before117 = version.major === 1 && version.minor < 17;
  const common: [string, string][] = [
    [before117 ? "high-availability" : "high-availability.type", "zookeeper"],
    ["high-availability.zookeeper.quorum", quorum],
    ["high-availability.zookeeper.path.root", spec.pathRoot],
    ["high-availability.cluster-id", spec.clusterId],
    ["high-availability.storageDir", spec.storageDir],
    ["high-availability.jobmanager.port", spec.jobManagerPorts],
    ["high-availability.zookeeper.client.session-timeout", String(timings.sessionTimeoutMs)],
    ["high-availability.zookeeper.client.connection-timeout", String(timings.connectionTimeoutMs)],
    ["high-availability.zookeeper.client.retry-wait", String(timings.retryWaitMs)],
    ["high-availability.zookeeper.client.max-retry-attempts", String(timings.maxRetryAttempts)],
    [
      "high-availability.zookeeper.client.tolerate-suspended-connections",
      String(timings.tolerateSuspendedConnections),
    ],
    ["heartbeat.interval", String(timings.heartbeatIntervalMs)],
    ["heartbeat.timeout", String(timings.heartbeatTimeoutMs)],
    ["web.refresh-interval", String(timings.webRefreshIntervalMs)],
    ["rest.port", String(spec.restPort)],
  ];
  // A member advertises its address (its alias, or its placement host's address) and binds every
  // interface. Placed members also fix the ports their peers on other hosts dial, which are
  // published port for port; in HA mode the JobManager's RPC port is high-availability.jobmanager.port.
  const own: [string, string][] =
    role.kind === "jobmanager"
      ? [
          ["jobmanager.rpc.address", role.jobManager.address],
          ["jobmanager.bind-host", "0.0.0.0"],
          ["rest.address", role.jobManager.address],
          ["rest.bind-address", "0.0.0.0"],
          ...optional("blob.server.port", spec.blobServerPort),
          ["jobmanager.memory.process.size", spec.jobManagerMemory],
        ]
      : [
          ["taskmanager.host", role.taskManager.address],
          ["taskmanager.bind-host", "0.0.0.0"],
          ...optional("taskmanager.rpc.port", role.taskManager.rpcPort),
          ...optional("taskmanager.data.port", role.taskManager.dataPort),
          ["taskmanager.numberOfTaskSlots", String(spec.taskSlots)],
          ["taskmanager.memory.process.size", spec.taskManagerMemory],
        ];
  const javaKey = before117 ? "env.java.opts" : "env.java.opts.all";
  const java: [string, string][] = spec.javaOptions === "" ? [] : [[javaKey, spec.javaOptions]];
  const extra = Object.keys(spec.extraSettings)
    .sort()
    .map((key): [string, string] => [key, spec.extraSettings[key] ?? ""]);
  return [...common, ...own, ...java, ...extra];
}

/**
 * Renders one container's configuration file (`flink-conf.yaml` up to 1.18, `config.yaml` from
 * 1.19): flat `key: value` lines. In config.yaml keys and values are YAML scalars
 * ({@link yamlScalar}); the legacy file has no escapes, so its values are written as they are,
 * and `flinkValueProblem` refused what it cannot hold.
 */
export function renderFlinkConfig(spec: FlinkSpec, quorum: string, role: FlinkRole): string {
  const settings = flinkSettings(spec, quorum, role);
  const file = spec.version.configFile;
  const unsafe = settings
    .map(([key, value]) => flinkValueProblem(key, value, file))
    .find((p) => p !== undefined);
  if (unsafe) {
    throw new Error(`cannot render ${file}: ${unsafe.property}: ${unsafe.reason}`);
  }
  const line =
    file === "config.yaml"
      ? ([key, value]: [string, string]) => `${yamlScalar(key)}: ${yamlScalar(value)}`
      : ([key, value]: [string, string]) => `${key}: ${value}`;
  const header = `# Rendered by pulumi-zk-ha for Flink ${spec.version.major}.${spec.version.minor} (${file}). Edits are lost when the component next updates.`;
  return `${[header, ...settings.map(line)].join("\n")}\n`;
}

/**
 * The `masters` file: `host:webUIPort` per JobManager, by the address each advertises. Refuses a
 * host the file cannot hold (see {@link mastersHostProblem}; validation refuses it first).
 */
export function renderMasters(spec: FlinkSpec): string {
  const unsafe = spec.jobManagers
    .map((jm) => mastersHostProblem(`jobManager ${jm.index}`, jm.address))
    .find((p) => p !== undefined);
  if (unsafe) {
    throw new Error(`cannot render masters: ${unsafe.property}: ${unsafe.reason}`);
  }
  return spec.jobManagers.map((jm) => `${jm.address}:${spec.restPort}\n`).join("");
}

/** A setting when its value is known, else none. */
function optional(key: string, value: number | undefined): [string, string][] {
  return value === undefined ? [] : [[key, String(value)]];
}
