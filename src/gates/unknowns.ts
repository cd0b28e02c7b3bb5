import type { Problem } from "../common/problems";
import { definedProblems } from "../common/rules";
import { connectStringProblem } from "../zkclient/connectString";

/**
 * The value the engine sends in preview for inputs not known yet. Providers' `check` and `diff`
 * must treat it as "anything" rather than validate it.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** True when `value` or anything nested in it is still unknown. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) {
    return true;
  }
  if (Array.isArray(value)) {
    return value.some(containsUnknown);
  }
  if (value !== null && typeof value === "object") {
    return Object.values(value).some(containsUnknown);
  }
  return false;
}

/** Compares the named properties; unknown new values count as changed. */
export function changedProperties(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  keys: readonly string[],
): string[] {
  return keys.filter(
    (key) => containsUnknown(news[key]) || JSON.stringify(olds[key]) !== JSON.stringify(news[key]),
  );
}

/**
 * Checks that each named input is a whole number from its lower bound (1 unless given) to its
 * upper bound, leaving unknown (preview) values alone. Shared by the gates' `check` methods.
 */
export function boundedIntegerProblems(
  inputs: Readonly<Record<string, unknown>>,
  bounds: readonly (readonly [key: string, max: number, min?: number])[],
): { property: string; reason: string }[] {
  return bounds.flatMap(([key, max, min = 1]) => {
    const value = inputs[key];
    const valid =
      isUnknown(value) ||
      (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max);
    return valid
      ? []
      : [
          {
            property: key,
            reason: `${String(value)} is not allowed; use a whole number from ${min} to ${max}`,
          },
        ];
  });
}

/**
 * The problem with a gate's `connectString` input, by the check every client uses; none while
 * it is unknown (preview). Shared by the gates' `check` methods.
 */
export function connectStringInputProblems(connectString: unknown): Problem[] {
  return isUnknown(connectString)
    ? []
    : definedProblems(connectStringProblem("connectString", connectString));
}
