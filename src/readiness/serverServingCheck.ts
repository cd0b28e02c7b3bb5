import { notReady, ready, type ReadinessCheck } from "./check";
import { srvrMode } from "./quorumMembershipCheck";
import { SERVING_MODES } from "./quorumAssessment";
import { endpointOf, type QuorumServer } from "./quorumServer";

/**
 * Asks one server `srvr` and passes once it serves in a quorum (leader or follower, or
 * standalone), reporting its mode. A server that is up but has not joined answers without a
 * Mode line; one that is down does not answer.
 */
export function serverServingCheck(
  server: QuorumServer,
  attemptTimeoutMs: number,
): ReadinessCheck<string> {
  return {
    description: `ZooKeeper server ${server.name} (${endpointOf(server)}) serving in the quorum`,
    attempt: async () => {
      const answer = await srvrMode(server, attemptTimeoutMs);
      if ("error" in answer) {
        return notReady(answer.error);
      }
      return SERVING_MODES.includes(answer.mode)
        ? ready(answer.mode)
        : notReady(`mode ${answer.mode}`);
    },
  };
}
