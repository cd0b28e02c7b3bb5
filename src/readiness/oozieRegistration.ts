import { notReady, ready, type ReadinessCheck } from "./check";
import { withSession } from "./sessionCheck";
import { listChildren } from "./znodeOperations";

/** Where Oozie's ZKUtils registers each server: Curator service discovery, service "servers". */
export function registrationPath(namespace: string): string {
  return `/${namespace}/services/servers`;
}

/**
 * Passes once every expected `oozie.instance.id` is a child of `/<namespace>/services/servers`.
 * Resolves the registered ids; "not ready" names the servers that have not registered.
 */
export function registrationCheck(
  connectString: string,
  namespace: string,
  expected: readonly string[],
  attemptTimeoutMs: number,
): ReadinessCheck<string[]> {
  const path = registrationPath(namespace);
  return {
    description: `registration of Oozie servers ${expected.join(", ")} under ${path}`,
    attempt: () =>
      withSession(connectString, attemptTimeoutMs, (client) => listChildren(client, path)).then(
        (children) => {
          const missing = expected.filter((id) => !children.includes(id));
          const registered = [...children].sort();
          return missing.length === 0
            ? ready(registered)
            : notReady<string[]>(
                `not registered: ${missing.join(", ")} (registered: ${registered.join(", ") || "none"})`,
              );
        },
        (error: unknown) =>
          notReady<string[]>(error instanceof Error ? error.message : String(error)),
      ),
  };
}
