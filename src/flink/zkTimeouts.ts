/**
 * ZooKeeper client timings for Flink's HA services, chosen so a lost leader is replaced in
 * seconds rather than the minute Flink's defaults take.
 *
 * Why these values:
 * - Session timeout: a JobManager killed with SIGKILL never closes its session, so its
 *   leader latch and `connection_info` nodes (ephemeral) disappear only when the session
 *   expires. That expiry dominates failover time. ZooKeeper clamps what a client asks for to
 *   [2 × tickTime, 20 × tickTime]; Flink's default of 60 s becomes 40 s with tickTime 2000.
 *   The default here is 3 ticks (6 s at tickTime 2000): long enough to ride out a garbage
 *   collection pause or a follower restart (a client reconnects to another server within the
 *   session), short enough to fail over quickly.
 * - Connection timeout: how long Curator waits for a connection before retrying. It must not
 *   exceed the session timeout, or a session can expire while the client is still waiting.
 *   Defaults to the session timeout (Flink: 15 s).
 * - Retry wait and attempts: after losing a server, the client retries the remaining servers
 *   after `retry-wait`; 1 s × 5 attempts keeps the client trying for about as long as a ZooKeeper
 *   leader election plus a session timeout (Flink: 5 s × 3).
 * - Heartbeats: TaskManagers learn about a new leader from ZooKeeper directly; heartbeats decide
 *   how fast a dead TaskManager (not JobManager) is noticed. 5 s / 20 s instead of 10 s / 50 s.
 */
export interface ZkClientTimings {
  readonly sessionTimeoutMs: number;
  readonly connectionTimeoutMs: number;
  readonly retryWaitMs: number;
  readonly maxRetryAttempts: number;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
}

export const DEFAULT_SESSION_TICKS = 3;

/** Flink's own defaults, for comparison (and for `failoverTuning: "flink-defaults"`). */
export const FLINK_DEFAULT_TIMINGS: ZkClientTimings = {
  sessionTimeoutMs: 60000,
  connectionTimeoutMs: 15000,
  retryWaitMs: 5000,
  maxRetryAttempts: 3,
  heartbeatIntervalMs: 10000,
  heartbeatTimeoutMs: 50000,
};

/** The session timeouts a ZooKeeper server with this tickTime grants. */
export function sessionTimeoutBounds(tickTime: number): { min: number; max: number } {
  return { min: 2 * tickTime, max: 20 * tickTime };
}

/** What the server will grant for a requested session timeout. */
export function clampSessionTimeout(requestedMs: number, tickTime: number): number {
  const { min, max } = sessionTimeoutBounds(tickTime);
  return Math.min(max, Math.max(min, requestedMs));
}

/** A warning text when the server would not grant the requested timeout; undefined when it would. */
export function clampWarning(requestedMs: number, tickTime: number): string | undefined {
  const granted = clampSessionTimeout(requestedMs, tickTime);
  if (granted === requestedMs) {
    return undefined;
  }
  const { min, max } = sessionTimeoutBounds(tickTime);
  return `ZooKeeper session timeout ${requestedMs} ms is outside what the ensemble grants with tickTime ${tickTime} (${min}..${max} ms); Flink will get ${granted} ms`;
}

/** The tuned timings for a session timeout (already chosen by the user or defaulted). */
export function tunedTimings(sessionTimeoutMs: number): ZkClientTimings {
  return {
    sessionTimeoutMs,
    connectionTimeoutMs: Math.min(FLINK_DEFAULT_TIMINGS.connectionTimeoutMs, sessionTimeoutMs),
    retryWaitMs: 1000,
    maxRetryAttempts: 5,
    heartbeatIntervalMs: 5000,
    heartbeatTimeoutMs: 20000,
  };
}
