import type * as zookeeper from "node-zookeeper-client";
import { notReady, ready, type ReadinessCheck } from "./check";
import { assessLeader, FLINK_LEADER_SERVICES, type FlinkJobManagerRef } from "./flinkLeaderCheck";
import { withSession } from "./sessionCheck";
import { describeZkError, readZnodeBytes } from "./znodeOperations";

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
        contenders: await childCount(client, `${haPath}/leader/latch`),
        datas: await Promise.all(
          FLINK_LEADER_SERVICES.map((service) =>
            readZnodeBytes(client, `${haPath}/leader/${service}/connection_info`),
          ),
        ),
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

/** The number of children of `path`; 0 when it does not exist yet. */
function childCount(client: zookeeper.Client, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    client.getChildren(path, (error, children) => {
      if (error) {
        const noNode = (error as { getCode?: () => number }).getCode?.() === -101;
        if (noNode) {
          resolve(0);
        } else {
          reject(new Error(`listing ${path}: ${describeZkError(error)}`));
        }
        return;
      }
      resolve(children.length);
    });
  });
}
