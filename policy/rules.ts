import { isLoopbackAddress } from "../src/common/addresses";
import { LABELS, ROLES } from "../src/common/labels";

/** What a rule needs of a resource: its type, URN and (output) properties. */
export interface ResourceView {
  readonly type: string;
  readonly urn: string;
  readonly props: Record<string, unknown>;
}

export interface Violation {
  readonly message: string;
  readonly urn?: string;
}

const CONTAINER = "docker:index/container:Container";

/**
 * Reads a property the way the policy SDK hands it over in a preview: values not known until
 * `up` (a label holding another resource's id) throw when touched. Such a value counts as
 * absent, so each rule decides on what is known instead of skipping the whole stack.
 */
function known(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    // The SDK's UnknownValueError; anything else is a real failure.
    if (error instanceof Error && error.constructor.name === "UnknownValueError") {
      return undefined;
    }
    throw error;
  }
}

function labelsOf(resource: ResourceView): Record<string, string> {
  const labels = known(() => resource.props["labels"]);
  if (!Array.isArray(labels)) {
    return {};
  }
  const result: Record<string, string> = {};
  for (const entry of labels as unknown[]) {
    const { label } = (entry ?? {}) as { label?: unknown };
    // Touched only here: the value alone may be unknown.
    const value = known(() => (entry as { value?: unknown } | undefined)?.value);
    if (typeof label === "string" && typeof value === "string") {
      result[label] = value;
    }
  }
  return result;
}

function containersWithRole(resources: readonly ResourceView[], role: string): ResourceView[] {
  return resources.filter((r) => r.type === CONTAINER && labelsOf(r)[LABELS.role] === role);
}

function groupBy(
  resources: readonly ResourceView[],
  key: (r: ResourceView) => string,
): Map<string, ResourceView[]> {
  const groups = new Map<string, ResourceView[]>();
  for (const resource of resources) {
    const k = key(resource);
    groups.set(k, [...(groups.get(k) ?? []), resource]);
  }
  return groups;
}

/** Every ensemble runs an odd number of servers, at least 3. */
export function oddQuorumOfAtLeastThree(resources: readonly ResourceView[]): Violation[] {
  const ensembles = groupBy(
    containersWithRole(resources, ROLES.zookeeper),
    (r) => labelsOf(r)[LABELS.ensemble] ?? "",
  );
  return [...ensembles].flatMap(([ensemble, servers]) =>
    servers.length >= 3 && servers.length % 2 === 1
      ? []
      : [
          {
            message: `ZooKeeper ensemble "${ensemble}" has ${servers.length} server(s); run an odd number of at least 3 so it survives a failure`,
          },
        ],
  );
}

/** Every Flink HA cluster runs at least two JobManagers. */
export function atLeastTwoJobManagers(resources: readonly ResourceView[]): Violation[] {
  const clusters = groupBy(
    containersWithRole(resources, ROLES.flinkJobManager),
    (r) => labelsOf(r)[LABELS.flinkCluster] ?? "",
  );
  return [...clusters].flatMap(([cluster, jobManagers]) =>
    jobManagers.length >= 2
      ? []
      : [
          {
            message: `Flink cluster "${cluster}" has ${jobManagers.length} JobManager; HA needs at least 2`,
          },
        ],
  );
}

/** No two Flink clusters share a ZooKeeper root/cluster-id on the same ensemble. */
export function uniqueFlinkHaPath(resources: readonly ResourceView[]): Violation[] {
  const byPath = groupBy(containersWithRole(resources, ROLES.flinkJobManager), (r) => {
    const labels = labelsOf(r);
    return `${labels[LABELS.zookeeperQuorum] ?? ""}|${labels[LABELS.flinkHaPath] ?? ""}`;
  });
  return [...byPath].flatMap(([key, jobManagers]) => {
    const clusters = [
      ...new Set(jobManagers.map((r) => labelsOf(r)[LABELS.flinkCluster] ?? "")),
    ].sort();
    if (clusters.length < 2) {
      return [];
    }
    const [quorum, path] = key.split("|");
    return [
      {
        message: `Flink clusters ${clusters.map((c) => `"${c}"`).join(" and ")} share HA path ${path ?? ""} on ZooKeeper ${quorum ?? ""}; give each its own cluster-id`,
      },
    ];
  });
}

/** Several Oozie servers need a shared database that takes concurrent connections. */
export function noDerbyWithSeveralOozieServers(resources: readonly ResourceView[]): Violation[] {
  const clusters = groupBy(
    containersWithRole(resources, ROLES.oozie),
    (r) => labelsOf(r)[LABELS.oozieCluster] ?? "",
  );
  return [...clusters].flatMap(([cluster, servers]) => {
    const derby = servers.filter((r) => labelsOf(r)[LABELS.oozieDatabase] === "derby");
    return servers.length > 1 && derby.length > 0
      ? [
          {
            message: `Oozie cluster "${cluster}" runs ${servers.length} servers on embedded Derby; use a shared database such as PostgreSQL or MySQL`,
          },
        ]
      : [];
  });
}

/** What each role's published ports are, for messages. */
const ROLE_NAMES: Record<string, string> = {
  [ROLES.zookeeper]: "ZooKeeper",
  [ROLES.flinkJobManager]: "Flink JobManager",
  [ROLES.flinkTaskManager]: "Flink TaskManager",
  [ROLES.oozie]: "Oozie",
  [ROLES.database]: "Database",
};

/**
 * Every port of every container a component labels with a role (ZooKeeper, Flink JobManagers
 * and TaskManagers, Oozie, the platform's database, and any role added later) is published on a
 * loopback address only, unless the owner opted in with `allowNonLoopbackPublish` (the
 * component then labels the container). Addresses are parsed, not pattern-matched: anything
 * that is not an IP address on the loopback interface is a violation.
 */
export function loopbackPublishedPorts(resources: readonly ResourceView[]): Violation[] {
  return resources
    .filter((r) => r.type === CONTAINER && labelsOf(r)[LABELS.role] !== undefined)
    .flatMap((container) => {
      const labels = labelsOf(container);
      if (labels[LABELS.allowNonLoopbackPublish] === "true") {
        return [];
      }
      const role = labels[LABELS.role] ?? "";
      const what = ROLE_NAMES[role] ?? `"${role}"`;
      const published = known(() => container.props["ports"]);
      const ports = Array.isArray(published) ? (published as unknown[]) : [];
      return ports.flatMap((port) => {
        const { ip, external } = (port ?? {}) as { ip?: unknown; external?: unknown };
        // Docker publishes on every interface when no address is given.
        const address = typeof ip === "string" && ip !== "" ? ip : "0.0.0.0";
        return isLoopbackAddress(address)
          ? []
          : [
              {
                message: `${what} port ${String(external)} is published on ${address}; publish on 127.0.0.1, or opt in with allowNonLoopbackPublish`,
                urn: container.urn,
              },
            ];
      });
    });
}
