import type { PolicyResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import type { Registration } from "./recordingMonitor";

/** What the policy SDK's server wraps properties in during a preview; not in its typings. */
interface PolicyProxy {
  unknownCheckingProxy: <T extends object>(props: T) => T;
  UnknownValueError: new (...args: unknown[]) => Error;
  unknownStringValue: unknown;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as PolicyProxy;
const { unknownCheckingProxy, UnknownValueError, unknownStringValue } = proxy;

/** Mock previews record an unknown value as an object marked `__pulumiUnknown`. */
export function isRecordedUnknown(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === "object" &&
    (value as { __pulumiUnknown?: unknown }).__pulumiUnknown === true
  );
}

function withPolicyUnknowns(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withPolicyUnknowns);
  }
  if (isRecordedUnknown(value)) {
    return unknownStringValue;
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [key, withPolicyUnknowns(entry)]),
    );
  }
  return value;
}

/** The outcome of one stack policy, as `pulumi preview --policy-pack` would report it. */
export type PolicyOutcome =
  | { readonly ran: true; readonly violations: string[] }
  | { readonly ran: false; readonly reason: string };

/**
 * Runs a stack policy over a recorded preview the way the policy SDK's server does: each
 * resource's properties behind its unknown-checking proxy, and an UnknownValueError turned
 * into "can't run policy during preview".
 */
export function runInPreview(
  policy: StackValidationPolicy,
  registrations: readonly Registration[],
): PolicyOutcome {
  const resources = registrations
    .filter((r) => r.custom)
    .map(
      (r) =>
        ({
          type: r.type,
          urn: r.urn,
          name: r.name,
          props: unknownCheckingProxy(withPolicyUnknowns(r.inputs) as Record<string, unknown>),
        }) as unknown as PolicyResource,
    );
  const violations: string[] = [];
  try {
    void policy.validateStack(
      { resources, stackTags: new Map(), getConfig: () => ({}) } as unknown as StackValidationArgs,
      (message) => violations.push(message),
    );
  } catch (error) {
    if (error instanceof UnknownValueError) {
      return { ran: false, reason: error.message };
    }
    throw error;
  }
  return { ran: true, violations };
}
