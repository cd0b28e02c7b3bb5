import * as pulumi from "@pulumi/pulumi";

/** One bad input: the argument path (as the user wrote it) and what to do about it. */
export interface Problem {
  readonly property: string;
  readonly reason: string;
}

/**
 * Throws one `InputPropertiesError` listing every problem, so a preview shows all mistakes at
 * once instead of one per run. Does nothing when there are none.
 */
export function throwIfProblems(component: string, problems: readonly Problem[]): void {
  if (problems.length === 0) {
    return;
  }
  const lines = problems.map((p) => `  - ${p.property}: ${p.reason}`).join("\n");
  throw new pulumi.InputPropertiesError({
    message: `${component} has ${problems.length} invalid input(s):\n${lines}`,
    errors: problems.map((p) => ({ propertyPath: p.property, reason: p.reason })),
  });
}
