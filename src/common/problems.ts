import * as pulumi from "@pulumi/pulumi";

/** One bad input: the argument path (as the user wrote it) and what to do about it. */
export interface Problem {
  readonly property: string;
  readonly reason: string;
}

/**
 * Bad input to a component, as Pulumi's own providers report it: one error on the component,
 * every problem listed with its fix, no stack trace (`hideStack`: the language host prints a
 * ResourceError's message against its resource). It also carries the structured form of an
 * `InputPropertiesError` (`errors`, recognised by `InputPropertiesError.isInstance`) for callers
 * that can use it, such as a component provider or a test.
 */
export class InvalidInputsError extends pulumi.ResourceError {
  readonly errors: { propertyPath: string; reason: string }[];
  /** The marker `InputPropertiesError.isInstance` looks for. */
  readonly __pulumiInputPropertiesError = true;

  constructor(description: string, problems: readonly Problem[], resource: pulumi.Resource) {
    const lines = problems.map((p) => `  - ${p.property}: ${p.reason}`).join("\n");
    super(`${description} has ${problems.length} invalid input(s):\n${lines}`, resource, true);
    this.name = "InvalidInputsError";
    this.errors = problems.map((p) => ({ propertyPath: p.property, reason: p.reason }));
  }
}

/**
 * Throws one {@link InvalidInputsError} listing every problem, so a preview shows all mistakes
 * at once instead of one per run. Does nothing when there are none.
 */
export function throwIfProblems(
  resource: pulumi.Resource,
  description: string,
  problems: readonly Problem[],
): void {
  if (problems.length > 0) {
    throw new InvalidInputsError(description, problems, resource);
  }
}
