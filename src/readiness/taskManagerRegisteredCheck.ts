import { notReady, ready, type CheckOutcome, type ReadinessCheck } from "./check";
import { httpRequest } from "./httpRequest";

/**
 * Passes once the cluster's ResourceManager lists a TaskManager process whose resource id starts
 * with `processPrefix` and is not one of `before`, and gives that id. Flink names a TaskManager
 * process `<taskmanager.host>:<rpc port>-<random>`, so a replaced TaskManager counts only once
 * its new process has registered, even while the old one's entry waits out its heartbeat
 * timeout. Any JobManager's REST API answers for the leader; each is asked in turn.
 */
export function taskManagerRegisteredCheck(
  restUrls: readonly string[],
  processPrefix: string,
  before: readonly string[],
  attemptTimeoutMs: number,
): ReadinessCheck<string> {
  return {
    description: `a new TaskManager process ${processPrefix}… registered with the ResourceManager`,
    attempt: async () => {
      const reasons: string[] = [];
      for (const url of restUrls) {
        try {
          const answer = await httpRequest("GET", `${url}/taskmanagers`, attemptTimeoutMs);
          if (answer.status !== 200) {
            reasons.push(`${url} answered ${answer.status}`);
            continue;
          }
          return registeredProcess(answer.body, processPrefix, before);
        } catch (error: unknown) {
          reasons.push(error instanceof Error ? error.message : String(error));
        }
      }
      return notReady<string>(reasons.join("; "));
    },
  };
}

/** Decides from a `/taskmanagers` answer. */
export function registeredProcess(
  body: string,
  processPrefix: string,
  before: readonly string[],
): CheckOutcome<string> {
  let ids: string[];
  try {
    const parsed = JSON.parse(body) as { taskmanagers?: { id?: unknown }[] };
    ids = (parsed.taskmanagers ?? []).map((tm) => String(tm.id));
  } catch {
    return notReady<string>(`not a list of TaskManagers: ${body.slice(0, 200)}`);
  }
  const own = ids.filter((id) => id.startsWith(processPrefix));
  const fresh = own.find((id) => !before.includes(id));
  if (fresh !== undefined) {
    return ready(fresh);
  }
  return notReady<string>(
    own.length === 0
      ? `no TaskManager ${processPrefix}… among the ${ids.length} registered`
      : `only the replaced process ${own.join(", ")} is registered`,
  );
}
