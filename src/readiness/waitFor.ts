import type { ReadinessCheck } from "./check";
import { systemClock, type Clock } from "./clock";

export interface WaitOptions {
  /** Give up after this long. */
  readonly timeoutMs: number;
  /** Pause between attempts. */
  readonly intervalMs: number;
  readonly clock?: Clock;
}

/** Raised when a check is still not ready at the deadline; carries the last reason. */
export interface ReadinessTimeout extends Error {
  readonly attempts: number;
  readonly lastReason: string;
}

/**
 * Retries `check` until it is ready or the deadline passes. The loop is bounded by time and,
 * through the interval, by count; the last "not ready" reason becomes the error message.
 */
export async function waitFor<T>(check: ReadinessCheck<T>, options: WaitOptions): Promise<T> {
  const clock = options.clock ?? systemClock;
  const interval = Math.max(1, options.intervalMs);
  const deadline = clock.now() + options.timeoutMs;
  const maxAttempts = Math.ceil(options.timeoutMs / interval) + 1;
  let lastReason = "no attempt was made";
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const outcome = await check.attempt();
    if (outcome.ready) {
      return outcome.value;
    }
    lastReason = outcome.reason;
    if (clock.now() + interval > deadline) {
      throw readinessTimeout(check.description, options.timeoutMs, attempt, lastReason);
    }
    await clock.sleep(interval);
  }
  throw readinessTimeout(check.description, options.timeoutMs, maxAttempts, lastReason);
}

function readinessTimeout(
  description: string,
  timeoutMs: number,
  attempts: number,
  lastReason: string,
): ReadinessTimeout {
  const seconds = Math.round(timeoutMs / 100) / 10;
  const error = new Error(
    `${description} was not ready after ${seconds} s (${attempts} attempts): ${lastReason}`,
  );
  return Object.assign(error, { attempts, lastReason });
}
