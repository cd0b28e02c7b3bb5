import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems, type Problem } from "./problems";

/** True for a value known only later: a `pulumi.Output` or a promise (any thenable). */
export function isDeferred(value: unknown): boolean {
  return (
    pulumi.Output.isInstance(value) ||
    (typeof value === "object" &&
      value !== null &&
      typeof (value as { then?: unknown }).then === "function")
  );
}

/** Why a field must be known at preview, said once for every component. */
export const DECIDES_RESOURCES =
  "the component needs it at preview to decide which resources it creates and their names, ports and files";

/**
 * Problems for inputs that must be plain values but were given as an Output or a promise, and
 * the arguments without them, so that validators (which read them as strings and numbers) see
 * the defaults instead of crashing with a TypeError. `inputs` lists the fields that do take
 * `pulumi.Input`, which are left alone; `records` the fields whose entries are checked one by
 * one (`extraSettings["key"]`); `reasons` says why a field must be plain, where the general
 * reason does not fit. Nested objects other than `records` are left to their own checks.
 */
export function plainOnly<T extends object>(
  args: T,
  options: {
    inputs: readonly string[];
    records?: readonly string[];
    reasons?: Readonly<Record<string, string>>;
  },
): { problems: Problem[]; args: T } {
  const problems: Problem[] = [];
  const plain: Record<string, unknown> = { ...(args as Record<string, unknown>) };
  const reasonOf = (field: string): string =>
    `is ${describe(args, field)}; give a plain value: ${options.reasons?.[field] ?? DECIDES_RESOURCES}`;
  for (const [field, value] of Object.entries(args)) {
    if (options.inputs.includes(field)) {
      continue;
    }
    if (isDeferred(value)) {
      problems.push({ property: field, reason: reasonOf(field) });
      // Left out: the checks then see the field's default.
      plain[field] = undefined;
    } else if (options.records?.includes(field) && typeof value === "object" && value !== null) {
      const entries: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
        if (isDeferred(entry)) {
          problems.push({
            property: `${field}[${JSON.stringify(key)}]`,
            reason: `is ${isPromise(entry) ? "a promise" : "an Output"}; give a plain value: ${options.reasons?.[field] ?? DECIDES_RESOURCES}`,
          });
        } else {
          entries[key] = entry;
        }
      }
      plain[field] = entries;
    }
  }
  return { problems, args: plain as T };
}

function describe(args: object, field: string): string {
  return isPromise((args as Record<string, unknown>)[field]) ? "a promise" : "an Output";
}

function isPromise(value: unknown): boolean {
  return !pulumi.Output.isInstance(value);
}

/**
 * In a preview, fails the run with one error on `resource` for each of `fields` that is an
 * Output the preview does not know (an output of a resource not created yet): for values the
 * component must know at preview, such as those its checks against other components need.
 * Outputs known in the preview, and every value on `up`, pass.
 */
export function refuseUnknownInPreview(
  resource: pulumi.Resource,
  description: string,
  fields: readonly (readonly [property: string, value: unknown])[],
  reason: string,
): void {
  if (!pulumi.runtime.isDryRun()) {
    return;
  }
  const checks = fields.map(async ([property, value]): Promise<Problem[]> => {
    const known = await knownInPreview(value);
    return known ? [] : [{ property, reason: `is an Output not known in the preview; ${reason}` }];
  });
  void Promise.all(checks).then((problems) => {
    throwIfProblems(resource, description, problems.flat());
  });
}

/**
 * Whether an Output's value is known. The SDK keeps this on every Output (`isKnown`, which
 * `apply` itself reads) without declaring it; a value that is not an Output is known.
 */
async function knownInPreview(value: unknown): Promise<boolean> {
  if (!pulumi.Output.isInstance(value)) {
    return true;
  }
  const isKnown = (value as unknown as { isKnown?: unknown }).isKnown;
  return isKnown instanceof Promise ? Boolean(await isKnown) : true;
}
