import assert from "node:assert/strict";
import type { QuorumServer } from "../../src/readiness/quorumServer";
import { parseSrvrMode, sendFourLetterWord } from "../../src/zookeeper/fourLetterWord";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The mode `srvr` reports (leader, follower), or why there is none. */
export async function modeOf(server: QuorumServer): Promise<string> {
  const answer = await sendFourLetterWord(server.host, server.port, "srvr", 2000).catch(
    (error: unknown) => `error: ${String(error)}`,
  );
  return parseSrvrMode(answer) ?? (answer.trim().split("\n")[0] || "no answer");
}

/** Whether a server in `mode` serves clients: it is part of a quorum. */
export const serving = (mode: string): boolean => mode === "leader" || mode === "follower";

/** Polls the server until `accept` takes its mode; fails after `timeoutMs`. */
export async function waitForMode(
  server: QuorumServer,
  accept: (mode: string) => boolean,
  timeoutMs: number,
): Promise<{ mode: string; afterMs: number }> {
  const started = Date.now();
  let mode = await modeOf(server);
  while (!accept(mode) && Date.now() - started < timeoutMs) {
    await sleep(250);
    mode = await modeOf(server);
  }
  assert.ok(accept(mode), `${server.name}: ${mode} after ${timeoutMs} ms`);
  return { mode, afterMs: Date.now() - started };
}

/** The server that leads now; fails when none does within `timeoutMs`. */
export async function leaderOf(
  servers: readonly QuorumServer[],
  timeoutMs = 60_000,
): Promise<QuorumServer> {
  const deadline = Date.now() + timeoutMs;
  do {
    for (const server of servers) {
      if ((await modeOf(server)) === "leader") {
        return server;
      }
    }
    await sleep(250);
  } while (Date.now() < deadline);
  throw new Error(`no ZooKeeper leader within ${timeoutMs / 1000} s`);
}
