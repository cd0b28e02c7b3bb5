import type { Problem } from "../common/problems";
import { grantedSessionRange } from "./ensembleTiming";

// What session timeout a ZooKeeper client of the ensemble may ask for. ZooKeeper grants
// [2 ticks, maxSessionTimeout] and silently raises or lowers anything outside: the client then
// runs with a timeout nobody chose. The clients' defaults are counted in ticks and kept inside;
// a timeout the user gives outside is refused at preview.

/** The ensemble's timing, as a client reads it from its `zookeeper` reference. */
export interface SessionTiming {
  readonly tickTime: number;
  readonly maxSessionTimeout: number;
}

/** A client's unit: Flink asks in ms, Oozie in whole seconds. */
export type SessionUnit = "ms" | "seconds";

const SCALE: Record<SessionUnit, number> = { ms: 1, seconds: 1000 };

/**
 * What the ensemble grants, in the client's unit: whole units only, so with seconds the range
 * may be empty (a sub-second tick and a maxSessionTimeout under a second).
 */
export function grantedRange(
  timing: SessionTiming,
  unit: SessionUnit,
): { min: number; max: number } {
  const { min, max } = grantedSessionRange(timing.tickTime, timing.maxSessionTimeout);
  return { min: Math.ceil(min / SCALE[unit]), max: Math.floor(max / SCALE[unit]) };
}

/**
 * A default of `ticks` ticks (or a fixed value in ms, such as Flink's own 60 s), in the
 * client's unit, moved into what the ensemble grants: never a value the server would change.
 */
export function grantedDefault(valueMs: number, timing: SessionTiming, unit: SessionUnit): number {
  const { min, max } = grantedRange(timing, unit);
  return Math.max(min, Math.min(max, Math.ceil(valueMs / SCALE[unit])));
}

/**
 * A refusal of a session timeout (in the client's unit) the ensemble would not grant as asked,
 * naming the field, the range and the fix. The default is the fix's alternative, in words.
 */
export function sessionTimeoutProblem(
  property: string,
  value: number,
  timing: SessionTiming,
  unit: SessionUnit,
  defaultText: string,
): Problem | undefined {
  const { min, max } = grantedRange(timing, unit);
  if (min > max) {
    return {
      property,
      reason: `the ensemble grants sessions of ${2 * timing.tickTime}..${timing.maxSessionTimeout} ms (2 ticks to its maxSessionTimeout), which holds no whole number of ${unit}; give the ensemble a maxSessionTimeout of at least ${min * SCALE[unit]} ms`,
    };
  }
  if (value >= min && value <= max) {
    return undefined;
  }
  return {
    property,
    reason: `${value} ${unit} is outside what the ensemble grants with tickTime ${timing.tickTime} ms: ${min}..${max} ${unit} (2 ticks to its maxSessionTimeout), and ZooKeeper would silently change it; set ${property} from ${min} to ${max}, or leave it unset for ${defaultText}`,
  };
}
