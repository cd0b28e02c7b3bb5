/**
 * The ensemble's timing: its tickTime and what follows from it. ZooKeeper counts most of its
 * timeouts in ticks, so changing the tickTime changes all of them unless they are derived here.
 *
 * Why these values (measured with `npm run bench` and `npm run bench:soak`, docs/benchmarks.md):
 * - tickTime 250 ms (ZooKeeper's default is 2000). A client cannot get a session shorter than
 *   2 ticks, and a JobManager killed with SIGKILL is replaced only once its session expires; the
 *   server also checks expiry once per tick. At 2000 the shortest useful Flink session (3 ticks,
 *   6 s) alone takes longer than the 5 s failover goal. Measured failover (kill to job RUNNING,
 *   median of 5): 5.7 s at tickTime 500 with a 2 s session, 3.2 s at 250 with 1.5 s (the
 *   Flink default, 6 ticks, the shortest that passed the soak); docs/benchmarks.md. A server pings its followers every half tick: 8 small
 *   packets a second, nothing next to a client's traffic.
 * - initLimit and syncLimit keep the wall-clock time of ZooKeeper's usual 10 and 5 ticks at
 *   2000 ms (20 s to connect and sync, 10 s of lag) whatever the tickTime, so a shorter tick does
 *   not make a busy follower or leader drop out of the quorum sooner.
 * - maxSessionTimeout stays 40 s, what ZooKeeper grants at its default tickTime (20 ticks), so a
 *   shorter tick does not cut the sessions of clients that ask for long ones (Flink's default
 *   60 s, Oozie's 300 s) down to 20 ticks (5 s at 250 ms).
 */
export const DEFAULT_TICK_TIME_MS = 250;

/** Wall-clock time followers get to connect and sync to a new leader (10 ticks of 2000 ms). */
export const INIT_LIMIT_MS = 20_000;
/** Wall-clock lag a follower may have before the leader drops it (5 ticks of 2000 ms). */
export const SYNC_LIMIT_MS = 10_000;
/** Longest session the ensemble grants by default: 20 ticks of ZooKeeper's default 2000 ms. */
export const DEFAULT_MAX_SESSION_TIMEOUT_MS = 40_000;

/** `initLimit` in ticks: {@link INIT_LIMIT_MS} at this tickTime, rounded up. */
export function defaultInitLimit(tickTime: number): number {
  return Math.max(1, Math.ceil(INIT_LIMIT_MS / tickTime));
}

/** `syncLimit` in ticks: {@link SYNC_LIMIT_MS} at this tickTime, rounded up. */
export function defaultSyncLimit(tickTime: number): number {
  return Math.max(1, Math.ceil(SYNC_LIMIT_MS / tickTime));
}

/**
 * `maxSessionTimeout`: {@link DEFAULT_MAX_SESSION_TIMEOUT_MS}, but never below ZooKeeper's own
 * 20 ticks (a long tickTime keeps the range ZooKeeper would give it).
 */
export function defaultMaxSessionTimeout(tickTime: number): number {
  return Math.max(DEFAULT_MAX_SESSION_TIMEOUT_MS, 20 * tickTime);
}

/** The session timeouts an ensemble grants: [2 ticks (ZooKeeper's minSessionTimeout), max]. */
export function grantedSessionRange(
  tickTime: number,
  maxSessionTimeout: number = 20 * tickTime,
): { min: number; max: number } {
  return { min: 2 * tickTime, max: maxSessionTimeout };
}
