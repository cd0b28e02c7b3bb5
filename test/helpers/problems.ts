import assert from "node:assert/strict";
import type { Problem } from "../../src/common/problems";

/** Asserts the problems name exactly these fields, in order, each with a reason matching. */
export function assertProblems(
  problems: readonly Problem[],
  expected: readonly (readonly [property: string, reason: RegExp])[],
): void {
  assert.deepEqual(
    problems.map((p) => p.property),
    expected.map(([property]) => property),
    JSON.stringify(problems),
  );
  expected.forEach(([, reason], i) => {
    assert.match(problems[i]?.reason ?? "", reason);
  });
}
