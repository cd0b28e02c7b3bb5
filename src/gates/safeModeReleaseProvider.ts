import type * as pulumi from "@pulumi/pulumi";
import type { Problem } from "../common/problems";
import { setSystemMode } from "../readiness/oozieJobs";
import { boundedIntegerProblems, changedProperties, isUnknown } from "./unknowns";

/** The inputs as the engine hands them to the provider. */
export interface SafeModeReleaseInputs {
  /** Base URLs (".../oozie") of every server, as the DrainGate reaches them. */
  urls: string[];
  /** What the DrainGate left in SAFEMODE on its last run; nothing to do when empty. */
  drained: string[];
  /** The DrainGate's `passedAt`: a new run of the gate means a new release. */
  drainPassedAt: string;
  /** Bound on each HTTP request. */
  attemptTimeoutMs: number;
}

export interface SafeModeReleaseOutputs extends SafeModeReleaseInputs {
  /** Servers answered NORMAL; the others refused the connection (not running). */
  restored: string[];
}

const COMPARED: readonly (keyof SafeModeReleaseInputs)[] = [
  "urls",
  "drained",
  "drainPassedAt",
  "attemptTimeoutMs",
];

export function validateSafeModeReleaseInputs(
  inputs: Partial<Record<keyof SafeModeReleaseInputs, unknown>>,
): Problem[] {
  const problems: Problem[] = [];
  for (const key of ["urls", "drained"] as const) {
    const value = inputs[key];
    if (!isUnknown(value) && !Array.isArray(value)) {
      problems.push({ property: key, reason: "must be a list of base URLs" });
    }
  }
  problems.push(...boundedIntegerProblems(inputs, [["attemptTimeoutMs", 60000]]));
  return problems;
}

/**
 * Puts every server back in NORMAL after a drained replacement. All servers, not only the
 * drained ones: a replaced server starts in NORMAL anyway, and one that kept running is still in
 * SAFEMODE. A refused connection is a server that is not running; any other failure fails the
 * release, naming the server, so it runs again on the next update.
 */
export async function release(inputs: SafeModeReleaseInputs): Promise<SafeModeReleaseOutputs> {
  if (inputs.drained.length === 0) {
    return { ...inputs, restored: [] };
  }
  const restored: string[] = [];
  const failed: string[] = [];
  for (const url of inputs.urls) {
    try {
      await setSystemMode(url, "NORMAL", inputs.attemptTimeoutMs);
      restored.push(url);
    } catch (error) {
      if ((error as { code?: string }).code !== "ECONNREFUSED") {
        failed.push(`${url}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  if (failed.length > 0) {
    throw new Error(
      `could not put the Oozie servers back in NORMAL after the drain: ${failed.join("; ")}. They stay in SAFEMODE (no new jobs start) until this runs again or you PUT <url>/v1/admin/status?systemmode=NORMAL`,
    );
  }
  return { ...inputs, restored };
}

/** Provider of {@link SafeModeRelease}: `check` and `diff` are pure; create and update release. */
export const safeModeReleaseProvider: pulumi.dynamic.ResourceProvider = {
  check: (_olds: unknown, news: SafeModeReleaseInputs) =>
    Promise.resolve({ inputs: news, failures: validateSafeModeReleaseInputs(news) }),
  diff: (_id: string, olds: SafeModeReleaseOutputs, news: SafeModeReleaseInputs) =>
    Promise.resolve({ changes: changedProperties({ ...olds }, { ...news }, COMPARED).length > 0 }),
  create: async (inputs: SafeModeReleaseInputs) => ({
    id: inputs.urls.join(","),
    outs: await release(inputs),
  }),
  update: async (_id: string, _olds: SafeModeReleaseOutputs, news: SafeModeReleaseInputs) => ({
    outs: await release(news),
  }),
};
