import { parseSrvrMode, sendFourLetterWord } from "../zookeeper/fourLetterWord";
import { notReady, ready, type ReadinessCheck } from "./check";
import { endpointOf, type QuorumServer } from "./quorumServer";

// An array, not a Set: this module runs inside serialized dynamic providers.
const SERVING_MODES: readonly string[] = ["leader", "follower", "standalone"];

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
      let answer: string;
      try {
        answer = await sendFourLetterWord(server.host, server.port, "srvr", attemptTimeoutMs);
      } catch (error) {
        return notReady(error instanceof Error ? error.message : String(error));
      }
      const mode = parseSrvrMode(answer);
      if (mode === undefined) {
        return notReady(answer.split("\n")[0]?.trim() || "empty answer to srvr");
      }
      return SERVING_MODES.includes(mode) ? ready(mode) : notReady(`mode ${mode}`);
    },
  };
}
