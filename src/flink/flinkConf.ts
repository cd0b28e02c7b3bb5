import type { Problem } from "../common/problems";
import { escapeControl } from "../common/rules";
import type { FlinkSpec, JobManagerSpec, TaskManagerSpec } from "./flinkSpec";
import { flinkValueProblem, yamlScalar } from "./flinkValues";
import { S3_KEYS, SECRET_KEY_SHOWN } from "./s3Settings";

// The configuration files a Flink container is given: its settings, rendered as flink-conf.yaml
// or config.yaml, and the masters file. The keys and the value rules live in flinkKeys.ts and
// flinkValues.ts; they are exported here too, where their importers have always found them.
export {
  configYamlKeys,
  MANAGED_FLINK_KEYS,
  overlappingKey,
  PLACEMENT_MANAGED_FLINK_KEYS,
  REMOVED_IN_FLINK_2,
} from "./flinkKeys";
export { flinkValueProblem, yamlScalar, type FlinkConfigFile } from "./flinkValues";

/** A container's role, as the renderer sees it. */
export type FlinkRole =
  | { readonly kind: "jobmanager"; readonly jobManager: JobManagerSpec }
  | { readonly kind: "taskmanager"; readonly taskManager: TaskManagerSpec };

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
  const s3 = spec.s3?.settings ?? [];
  const extra = Object.keys(spec.extraSettings)
    .sort()
    .map((key): [string, string] => [key, spec.extraSettings[key] ?? ""]);
  return [...common, ...own, ...java, ...s3, ...extra];
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
    .map(([key, value]) =>
      flinkValueProblem(key, value, file, key === S3_KEYS.secretKey ? SECRET_KEY_SHOWN : undefined),
    )
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
