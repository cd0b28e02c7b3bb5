/**
 * A duration written the way Go's `time.Duration.String()` prints it ("500ms", "4s", "1m0s",
 * "2m0s", "1h0m0s"). The docker provider reads healthcheck durations back in that form, so any
 * other spelling ("60s") shows as a diff on every later run.
 */
export function goDuration(milliseconds: number): string {
  if (!Number.isInteger(milliseconds) || milliseconds < 0) {
    throw new RangeError(
      `goDuration takes a whole, non-negative number of ms, not ${milliseconds}`,
    );
  }
  if (milliseconds === 0) {
    return "0s";
  }
  if (milliseconds < 1000) {
    return `${milliseconds}ms`;
  }
  const hours = Math.floor(milliseconds / 3_600_000);
  const minutes = Math.floor((milliseconds % 3_600_000) / 60_000);
  const seconds = (milliseconds % 60_000) / 1000;
  // Go prints fractional seconds without trailing zeros ("1.5s"), which JavaScript's number
  // formatting matches for whole ms.
  if (hours > 0) {
    return `${hours}h${minutes}m${seconds}s`;
  }
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}

/** {@link goDuration} of whole seconds. */
export function goSeconds(seconds: number): string {
  return goDuration(seconds * 1000);
}
