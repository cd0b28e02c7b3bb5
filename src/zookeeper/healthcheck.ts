import { goSeconds } from "../common/goDuration";
import type { EnsembleSpec } from "./ensembleSpec";

/** The shape @pulumi/docker takes for `Container.healthcheck`; durations as Go prints them. */
export interface HealthcheckSpec {
  readonly tests: string[];
  readonly interval: string;
  readonly timeout: string;
  readonly retries: number;
  readonly startPeriod: string;
}

/**
 * A healthcheck that proves quorum membership: `srvr` answers with a Mode line only while the
 * server takes part in a serving quorum (`ruok` answers "imok" even when it does not). Uses
 * bash's /dev/tcp so the image needs no netcat.
 */
export function renderHealthcheck(spec: EnsembleSpec): HealthcheckSpec {
  const modes = spec.servers.length === 1 ? "leader|follower|standalone" : "leader|follower";
  const script = `exec 3<>/dev/tcp/127.0.0.1/${spec.clientPort} && printf srvr >&3 && grep -Eq '^Mode: (${modes})$' <&3`;
  return {
    tests: ["CMD", "bash", "-c", script],
    interval: goSeconds(5),
    timeout: goSeconds(4),
    retries: 6,
    startPeriod: goSeconds(60),
  };
}
