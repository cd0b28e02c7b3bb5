// The configuration keys the component renders, or that Flink or its image set, and the rules
// that keep user settings from colliding with them.

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
