/** The result of one attempt of a readiness check. */
export type CheckOutcome<T> = { ready: true; value: T } | { ready: false; reason: string };

/**
 * One readiness condition. `attempt` must bound its own I/O with a timeout and never throw for
 * an expected "not yet" state: it reports that as `{ ready: false, reason }`.
 */
export interface ReadinessCheck<T> {
  readonly description: string;
  attempt(): Promise<CheckOutcome<T>>;
}

export function ready<T>(value: T): CheckOutcome<T> {
  return { ready: true, value };
}

export function notReady<T>(reason: string): CheckOutcome<T> {
  return { ready: false, reason };
}
