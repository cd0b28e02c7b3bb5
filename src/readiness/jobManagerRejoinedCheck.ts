import { notReady, ready, type ReadinessCheck } from "./check";
import { assessLeader, readLeaderData, type FlinkJobManagerRef } from "./flinkLeaderCheck";
import { withSession } from "./sessionCheck";
import { listChildren } from "./znodeOperations";

export interface JobManagersInElection {
  /** Name of the leading JobManager. */
  readonly leader: string;
  /** How many JobManagers hold a place in the leader latch. */
  readonly contenders: number;
}

/**
 * Passes once every JobManager of the cluster takes part in leader election again, and one of
 * them leads: the leader latch under `<haPath>/leader/latch` has one ephemeral child per
 * JobManager process (Curator's LeaderLatch), so a replaced JobManager counts once its new
 * process has joined. A latch child of the process that was removed is gone within the Flink
 * session timeout, long before a new JVM has started.
 */
export function jobManagerRejoinedCheck(
  connectString: string,
  haPath: string,
  jobManagers: readonly FlinkJobManagerRef[],
  attemptTimeoutMs: number,
): ReadinessCheck<JobManagersInElection> {
  return {
    description: `${jobManagers.length} JobManagers in leader election under ${haPath}/leader/latch on ${connectString}`,
    attempt: () =>
      withSession(connectString, attemptTimeoutMs, async (client) => ({
        contenders: (await listChildren(client, `${haPath}/leader/latch`)).length,
        datas: await readLeaderData(client, haPath),
      })).then(
        ({ contenders, datas }) => {
          if (contenders < jobManagers.length) {
            return notReady<JobManagersInElection>(
              `${contenders} of ${jobManagers.length} JobManagers in leader election`,
            );
          }
          const leader = assessLeader(haPath, jobManagers, datas);
          return leader.ready
            ? ready({ leader: leader.value.leader, contenders })
            : notReady<JobManagersInElection>(leader.reason);
        },
        (error: unknown) =>
          notReady<JobManagersInElection>(error instanceof Error ? error.message : String(error)),
      ),
  };
}
