/**
 * The settings that decide how fast a FlinkHaCluster replaces a lost leader, derived from the
 * ensemble's tickTime, and why each has its value. Measured with `npm run bench` (failover after
 * `docker kill` of the leading JobManager, 5 kills per setting) and `npm run bench:soak` (10
 * minutes with both cores busy and 200 ms extra latency on one ZooKeeper server); the figures
 * are in docs/benchmarks.md.
 *
 * Where the time goes (Flink 2.1.1 logs of the new leader, tickTime 500, session 2000 ms): the
 * killed JobManager never closes its ZooKeeper session, so its leader latch and
 * `connection_info` znodes (ephemeral) go only when that session expires, which the server
 * notices within one more tick; the standby's latch fires at once. Then about 3 s pass until
 * every task runs: the dispatcher reads the job back from ZooKeeper and the storageDir, the
 * TaskManager registers with the new ResourceManager, the JobMaster starts from the latest
 * checkpoint, and the task is deployed. The job does not go through its restart strategy on
 * this path (the new JobMaster schedules it afresh; no RESTARTING state), so restart-strategy
 * settings do not change the failover time and the component leaves Flink's defaults.
 *
 * - Session timeout: {@link DEFAULT_SESSION_TICKS} ticks, the one setting that moves the figure.
 *   ZooKeeper grants [2 ticks, maxSessionTimeout] and silently changes anything outside, so a
 *   default is kept inside (Flink's own 60 s becomes a ZooKeeperEnsemble's 40 s) and a
 *   `sessionTimeoutMs` outside is refused (`zookeeper/sessionTimeout.ts`).
 * - Connection timeout: how long Curator waits for a connection before retrying. Not above the
 *   session timeout, or a session can expire while the client still waits (Flink: 15 s).
 * - Retry wait and attempts: 1 s × 5 keeps a client retrying an operation through a ZooKeeper
 *   leader election (well under a second after a server dies) and a reconnection (Flink: 5 s × 3).
 * - Tolerate suspended connections: true. A short session leaves little time to reconnect: a
 *   client whose server dies or lags (the soak's 200 ms) sees its connection SUSPENDED and moves
 *   to another server within the session. Flink's default (false) revokes leadership on every
 *   suspension, a failover when nothing failed; with true only an expired session (LOST) does,
 *   and a session outlives a reconnection.
 * - Heartbeats, 5 s / 20 s (Flink: 10 s / 50 s): they decide how fast a dead TaskManager is
 *   noticed, not a dead JobManager (TaskManagers learn of the new leader through ZooKeeper, at
 *   session expiry, as the logs show). 20 s stays far above the soak's stalls.
 * - REST refresh interval, 500 ms (`web.refresh-interval`, Flink: 3 s): the REST API serves a
 *   job's state from a cache of this age, so clients saw RUNNING up to 3 s after it happened.
 */
export interface ZkClientTimings {
  readonly sessionTimeoutMs: number;
  readonly connectionTimeoutMs: number;
  readonly retryWaitMs: number;
  readonly maxRetryAttempts: number;
  readonly tolerateSuspendedConnections: boolean;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  readonly webRefreshIntervalMs: number;
}

/**
 * Session timeout in ticks: 6 ticks is 1500 ms at the ensemble's default tickTime of 250. The
 * ZooKeeper client gives each server of its connect string the session timeout divided by their
 * number to accept a new session, and a new session is a write the ensemble's leader commits:
 * two of its round trips. With 200 ms extra latency on the leader (the soak), 4 ticks (333 ms per
 * server of three) let no JobManager create a session at all, and each one exited after its
 * retries; 6 ticks (500 ms) and 8 ticks held for the whole soak. Not more: every tick of session
 * is a tick of failover. Sized for a connect string of three servers; with more, or slower links,
 * set `sessionTimeoutMs` to at least 2 ticks per server. The measured trade-off is in
 * docs/benchmarks.md.
 */
export const DEFAULT_SESSION_TICKS = 6;

/** Flink's own defaults, for comparison (and for `failoverTuning: "flink-defaults"`). */
export const FLINK_DEFAULT_TIMINGS: ZkClientTimings = {
  sessionTimeoutMs: 60000,
  connectionTimeoutMs: 15000,
  retryWaitMs: 5000,
  maxRetryAttempts: 3,
  tolerateSuspendedConnections: false,
  heartbeatIntervalMs: 10000,
  heartbeatTimeoutMs: 50000,
  webRefreshIntervalMs: 3000,
};

/** The default session timeout for an ensemble's tickTime: {@link DEFAULT_SESSION_TICKS} ticks. */
export function defaultSessionTimeout(tickTime: number): number {
  return DEFAULT_SESSION_TICKS * tickTime;
}

/** The tuned settings for a session timeout (already chosen by the user or derived). */
export function tunedTimings(sessionTimeoutMs: number): ZkClientTimings {
  return {
    sessionTimeoutMs,
    connectionTimeoutMs: Math.min(FLINK_DEFAULT_TIMINGS.connectionTimeoutMs, sessionTimeoutMs),
    retryWaitMs: 1000,
    maxRetryAttempts: 5,
    tolerateSuspendedConnections: true,
    heartbeatIntervalMs: 5000,
    heartbeatTimeoutMs: 20000,
    webRefreshIntervalMs: 500,
  };
}
