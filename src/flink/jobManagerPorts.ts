import type { Problem } from "../common/problems";
import { escapeControl } from "../common/rules";

/** An inclusive range of TCP ports; a single port is a range of one. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** The parsed form of `high-availability.jobmanager.port`, or the problems that prevent it. */
export type PortSpecResult =
  | { readonly ok: true; readonly ranges: readonly PortRange[]; readonly text: string }
  | { readonly ok: false; readonly problems: readonly Problem[] };

const PART = /^(\d{1,5})(?:-(\d{1,5}))?$/;

/**
 * Parses a JobManager HA port specification as Flink reads it: a single port (`50010`), a range
 * (`50000-50025`) or a comma-separated list of both (`50010,50011,50020-50025,50050-50075`).
 * Rejects empty parts, reversed ranges, ports outside 1..65535 and overlapping parts (Flink
 * would silently try an overlapping port twice; an overlap is almost always a typo). Port 0
 * ("any free port") is not accepted: a container needs a port known in advance.
 * `text` is the canonical form: the parts as given, without spaces.
 */
export function parseJobManagerPorts(property: string, spec: string | number): PortSpecResult {
  const raw = typeof spec === "number" ? String(spec) : spec;
  const shown = escapeControl(raw);
  if (typeof spec === "number" && !Number.isInteger(spec)) {
    return failure(property, `${raw} is not a TCP port; use a whole number from 1 to 65535`);
  }
  const parts = raw.split(",").map((p) => p.trim());
  if (raw.trim() === "" || parts.some((p) => p === "")) {
    return failure(
      property,
      `"${shown}" has an empty part; write ports like 50010 or 50000-50025 separated by commas`,
    );
  }
  const problems: Problem[] = [];
  const ranges: PortRange[] = [];
  for (const part of parts) {
    const match = PART.exec(part);
    if (!match) {
      problems.push({
        property,
        reason: `"${escapeControl(part)}" in "${shown}" is neither a port nor a range like 50000-50025`,
      });
      continue;
    }
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    const outOfRange = [from, to].filter((p) => p < 1 || p > 65535);
    if (outOfRange.length > 0) {
      problems.push({
        property,
        reason: `"${part}" in "${shown}" is outside the TCP ports 1..65535`,
      });
      continue;
    }
    if (to < from) {
      problems.push({
        property,
        reason: `"${part}" in "${shown}" is a reversed range; write ${to}-${from}`,
      });
      continue;
    }
    const overlap = ranges.find((r) => from <= r.to && r.from <= to);
    if (overlap) {
      problems.push({
        property,
        reason: `"${part}" in "${shown}" overlaps ${describe(overlap)}; list each port once`,
      });
      continue;
    }
    ranges.push({ from, to });
  }
  if (problems.length > 0) {
    return { ok: false, problems };
  }
  return { ok: true, ranges, text: parts.join(",") };
}

/** How many ports a parsed specification offers. */
export function portCount(ranges: readonly PortRange[]): number {
  return ranges.reduce((sum, r) => sum + r.to - r.from + 1, 0);
}

function describe(range: PortRange): string {
  return range.from === range.to ? `port ${range.from}` : `range ${range.from}-${range.to}`;
}

function failure(property: string, reason: string): PortSpecResult {
  return { ok: false, problems: [{ property, reason }] };
}
