import type * as pulumi from "@pulumi/pulumi";
import type { Problem } from "../common/problems";
import { notReady, ready } from "../readiness/check";
import {
  activeJobsOf,
  describeJobs,
  probeJobs,
  setSystemMode,
  type JobsProbe,
} from "../readiness/oozieJobs";
import { waitFor } from "../readiness/waitFor";
import { boundedIntegerProblems, changedProperties, isUnknown } from "./unknowns";

/** The inputs as the engine hands them to the provider. */
export interface DrainGateInputs {
  /** Base URLs (".../oozie") of the servers that may be running. */
  urls: string[];
  mode: "refuse" | "safemode" | "force";
  /** How long "safemode" waits for workflows to finish. */
  timeoutSeconds: number;
  /** Bound on each HTTP request. */
  attemptTimeoutMs: number;
  /** Values whose change means servers are about to be replaced: the gate runs again. */
  triggers: string[];
}

export interface DrainGateOutputs extends DrainGateInputs {
  /** Servers that answered, and the jobs that were active when the gate passed. */
  answered: string[];
  activeJobs: string[];
  /**
   * Servers this run left in SAFEMODE for the replacement ("safemode" only, else empty); a
   * {@link SafeModeRelease} puts them back in NORMAL once the replacement is done.
   */
  drained: string[];
  /** When this run passed (ISO 8601): a new value on every run, so the release runs after it. */
  passedAt: string;
}

const COMPARED: readonly (keyof DrainGateInputs)[] = [
  "urls",
  "mode",
  "timeoutSeconds",
  "attemptTimeoutMs",
  "triggers",
];

const MODES: readonly string[] = ["refuse", "safemode", "force"];

export function validateDrainGateInputs(
  inputs: Partial<Record<keyof DrainGateInputs, unknown>>,
): Problem[] {
  const problems: Problem[] = [];
  const { urls, mode } = inputs;
  if (!isUnknown(urls)) {
    if (!Array.isArray(urls) || urls.length === 0) {
      problems.push({ property: "urls", reason: "list the base URL of every Oozie server" });
    } else {
      urls.forEach((url: unknown, index) => {
        if (!isUnknown(url) && (typeof url !== "string" || !/^http:\/\/[^\s/]+/.test(url))) {
          problems.push({
            property: `urls[${index}]`,
            reason: `${JSON.stringify(url)} is not an http URL such as http://127.0.0.1:11000/oozie`,
          });
        }
      });
    }
  }
  if (!isUnknown(mode) && !(typeof mode === "string" && MODES.includes(mode))) {
    problems.push({
      property: "mode",
      reason: `${JSON.stringify(mode)} is not a drain mode; use "refuse", "safemode" or "force"`,
    });
  }
  problems.push(
    ...boundedIntegerProblems(inputs, [
      ["timeoutSeconds", 3600],
      ["attemptTimeoutMs", 60000],
    ]),
  );
  return problems;
}

/**
 * Asks every server for active jobs and decides: none → pass; "force" → pass; "refuse" → fail
 * listing the job ids; "safemode" → put the answering servers in SAFEMODE and wait until no
 * workflow is active (coordinators and bundles stay RUNNING by design, but start nothing new
 * in SAFEMODE). Unreachable servers (not refused) fail the gate: it cannot prove anything.
 * A "safemode" run that fails puts every server it drained back in NORMAL before it reports.
 */
export async function drain(inputs: DrainGateInputs, firstRun: boolean): Promise<DrainGateOutputs> {
  const probeAll = (): Promise<JobsProbe[]> =>
    Promise.all(inputs.urls.map((url) => probeJobs(url, inputs.attemptTimeoutMs, firstRun)));
  const probes = await probeAll();
  const errors = probes.flatMap((p) => ("error" in p ? [`${p.url}: ${p.error}`] : []));
  if (errors.length > 0) {
    throw new Error(
      `cannot tell whether Oozie jobs are running, so no server is replaced: ${errors.join("; ")}. Make the servers reachable from where Pulumi runs (hostHttpPortBase or drainUrls), or set drainMode "force"`,
    );
  }
  const answered = probes.flatMap((p) => ("jobs" in p ? [p.url] : []));
  const jobs = activeJobsOf(probes);
  const outputs = (drained: string[]): DrainGateOutputs => ({
    ...inputs,
    answered,
    activeJobs: jobs.map((j) => j.id),
    drained,
    passedAt: new Date().toISOString(),
  });
  if (jobs.length === 0 || inputs.mode === "force") {
    return outputs([]);
  }
  if (inputs.mode === "refuse") {
    throw new Error(
      `${jobs.length} Oozie job(s) are still active, so no server is replaced: ${describeJobs(jobs)}. Wait for them to finish or kill them, or set drainMode "safemode" (drain) or "force"`,
    );
  }
  const drained: string[] = [];
  try {
    for (const url of answered) {
      await setSystemMode(url, "SAFEMODE", inputs.attemptTimeoutMs);
      drained.push(url);
    }
    await waitForWorkflows(answered, probeAll, inputs.timeoutSeconds);
  } catch (error) {
    await restoreNormal(drained, inputs.attemptTimeoutMs, error);
  }
  return outputs(drained);
}

async function waitForWorkflows(
  answered: readonly string[],
  probeAll: () => Promise<JobsProbe[]>,
  timeoutSeconds: number,
): Promise<void> {
  await waitFor(
    {
      description: `workflows to finish on ${answered.join(", ")} in SAFEMODE`,
      attempt: async () => {
        const round = await probeAll();
        const failed = round.flatMap((p) => ("error" in p ? [`${p.url}: ${p.error}`] : []));
        if (failed.length > 0) {
          return notReady(failed.join("; "));
        }
        const workflows = activeJobsOf(round).filter((j) => j.type === "wf");
        return workflows.length === 0
          ? ready(undefined)
          : notReady(`still active: ${describeJobs(workflows)}`);
      },
    },
    { timeoutMs: timeoutSeconds * 1000, intervalMs: 2000 },
  );
}

/** Puts drained servers back in NORMAL after a failed run, then rethrows what failed it. */
async function restoreNormal(
  drained: readonly string[],
  attemptTimeoutMs: number,
  cause: unknown,
): Promise<never> {
  const unrestored: string[] = [];
  for (const url of drained) {
    try {
      await setSystemMode(url, "NORMAL", attemptTimeoutMs);
    } catch (error) {
      unrestored.push(`${url} (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  throw new Error(
    unrestored.length === 0
      ? `${message}. The servers drained by this run are back in NORMAL`
      : `${message}. Still in SAFEMODE, put them back with PUT <url>/v1/admin/status?systemmode=NORMAL: ${unrestored.join(", ")}`,
  );
}

/**
 * Provider of {@link DrainGate}. `check` and `diff` are pure; `create` and `update` query the
 * servers. It never replaces itself: a change of triggers is an update that runs the check again.
 */
export const drainGateProvider: pulumi.dynamic.ResourceProvider = {
  check: (_olds: unknown, news: DrainGateInputs) =>
    Promise.resolve({ inputs: news, failures: validateDrainGateInputs(news) }),
  diff: (_id: string, olds: DrainGateOutputs, news: DrainGateInputs) =>
    Promise.resolve({ changes: changedProperties({ ...olds }, { ...news }, COMPARED).length > 0 }),
  create: async (inputs: DrainGateInputs) => ({
    id: inputs.urls.join(","),
    outs: await drain(inputs, true),
  }),
  update: async (_id: string, _olds: DrainGateOutputs, news: DrainGateInputs) => ({
    outs: await drain(news, false),
  }),
};
