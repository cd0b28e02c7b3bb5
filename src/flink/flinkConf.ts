import type { Problem } from "../common/problems";
import { escapeControl } from "../common/rules";
import type { FlinkSpec, JobManagerSpec, TaskManagerSpec } from "./flinkSpec";

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
  "heartbeat.interval",
  "heartbeat.timeout",
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

/**
 * A value safe to write as a plain scalar both in the legacy line-by-line `flink-conf.yaml`
 * parser and in standard YAML: one line, no comment marker, no `key: value` separator, and no
 * leading character that YAML reads as syntax (quotes, anchors, tags, flow collections,
 * block scalars, directives, sequence entries). Anything else could inject settings or change
 * what Flink reads.
 */
export function flinkValueProblem(property: string, value: string): Problem | undefined {
  const shown = escapeControl(value);
  if (value === "") {
    return { property, reason: "must not be empty" };
  }
  if (hasControlCharacter(value)) {
    return {
      property,
      reason: `"${shown}" contains a line break or control character, which would inject extra settings; remove it`,
    };
  }
  if (value.includes("#")) {
    return {
      property,
      reason: `"${shown}" contains '#', which starts a comment in Flink's configuration file; remove it`,
    };
  }
  if (value.includes(": ") || value.endsWith(":")) {
    return {
      property,
      reason: `"${shown}" contains ': ', which separates a key from its value; remove it`,
    };
  }
  if (value.trim() !== value) {
    return { property, reason: `"${shown}" has leading or trailing whitespace; remove it` };
  }
  if (/^[-?:,[\]{}&*!|>'"%@`]/.test(value) && !/^--?[A-Za-z]/.test(value)) {
    return {
      property,
      reason: `"${shown}" starts with '${value.charAt(0)}', which YAML reads as syntax; use a value that starts with a letter, digit, '/' or '.'`,
    };
  }
  return undefined;
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
    ["heartbeat.interval", String(timings.heartbeatIntervalMs)],
    ["heartbeat.timeout", String(timings.heartbeatTimeoutMs)],
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
 * 1.19). Both are flat `key: value` lines; values are plain scalars that `flinkValueProblem`
 * accepted, so the same text is valid for the legacy parser and for standard YAML.
 */
export function renderFlinkConfig(spec: FlinkSpec, quorum: string, role: FlinkRole): string {
  const settings = flinkSettings(spec, quorum, role);
  const unsafe = settings
    .map(([key, value]) => flinkValueProblem(key, value))
    .find((p) => p !== undefined);
  if (unsafe) {
    throw new Error(
      `cannot render ${spec.version.configFile}: ${unsafe.property}: ${unsafe.reason}`,
    );
  }
  const header = `# Rendered by pulumi-zk-ha for Flink ${spec.version.major}.${spec.version.minor} (${spec.version.configFile}). Edits are lost when the component next updates.`;
  return `${[header, ...settings.map(([key, value]) => `${key}: ${value}`)].join("\n")}\n`;
}

/** The `masters` file: `host:webUIPort` per JobManager, by the address each advertises. */
export function renderMasters(spec: FlinkSpec): string {
  return spec.jobManagers.map((jm) => `${formatHost(jm.address)}:${spec.restPort}\n`).join("");
}

/** A setting when its value is known, else none. */
function optional(key: string, value: number | undefined): [string, string][] {
  return value === undefined ? [] : [[key, String(value)]];
}

/** Brackets IPv6 literals so the port separator stays unambiguous. */
function formatHost(address: string): string {
  return address.includes(":") ? `[${address}]` : address;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) {
      return true;
    }
  }
  return false;
}
