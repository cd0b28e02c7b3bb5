import { parseMntr, parseSrvrMode, sendFourLetterWord } from "../zookeeper/fourLetterWord";
import type { ReadinessCheck } from "./check";
import { assessQuorum, type QuorumMembership, type ServerProbe } from "./quorumAssessment";
import type { QuorumServer } from "./quorumServer";

/**
 * Asks every server `srvr` (and the leader `mntr`) and passes once one leader and a majority
 * serve. A server that is up but outside the quorum answers `srvr` without a Mode line.
 */
export function quorumMembershipCheck(
  servers: readonly QuorumServer[],
  attemptTimeoutMs: number,
): ReadinessCheck<QuorumMembership> {
  return {
    description: `ZooKeeper quorum of ${servers.map((s) => s.name).join(", ")}`,
    attempt: async () =>
      assessQuorum(await Promise.all(servers.map((s) => probe(s, attemptTimeoutMs)))),
  };
}

/**
 * One server's `srvr` mode, or why there is none: it did not answer, or it answered without a
 * Mode line (up but outside a quorum). Shared with the per-server rejoin check.
 */
export async function srvrMode(
  server: QuorumServer,
  timeoutMs: number,
): Promise<{ mode: string } | { error: string }> {
  let answer: string;
  try {
    answer = await sendFourLetterWord(server.host, server.port, "srvr", timeoutMs);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const mode = parseSrvrMode(answer);
  return mode === undefined
    ? { error: answer.split("\n")[0]?.trim() || "empty answer to srvr" }
    : { mode };
}

async function probe(server: QuorumServer, timeoutMs: number): Promise<ServerProbe> {
  const answer = await srvrMode(server, timeoutMs);
  if ("error" in answer) {
    return { server, error: answer.error };
  }
  const mode = answer.mode;
  if (mode !== "leader") {
    return { server, mode };
  }
  try {
    const synced = parseMntr(await sendFourLetterWord(server.host, server.port, "mntr", timeoutMs))[
      "zk_synced_followers"
    ];
    return synced === undefined
      ? { server, mode }
      : { server, mode, syncedFollowers: Number(synced) };
  } catch {
    // mntr may be off the whitelist on images we do not configure; srvr alone still decides.
    return { server, mode };
  }
}
