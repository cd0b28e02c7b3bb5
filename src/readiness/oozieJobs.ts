// Runs inside serialized dynamic providers: node built-ins are required inside functions, and
// module-level values are plain arrays and strings.
import { httpRequest } from "./httpRequest";

/** A job Oozie still has active. */
export interface OozieJob {
  readonly id: string;
  readonly type: string;
  readonly status: string;
}

/** What one Oozie server said about its active jobs. */
export type JobsProbe =
  | { readonly url: string; readonly jobs: OozieJob[] }
  | { readonly url: string; readonly absent: string }
  | { readonly url: string; readonly error: string };

/** Coordinator and bundle statuses that are not final. */
const SCHEDULED_ACTIVE: readonly string[] = [
  "PREP",
  "RUNNING",
  "RUNNINGWITHERROR",
  "PREPSUSPENDED",
  "SUSPENDED",
  "SUSPENDEDWITHERROR",
  "PREPPAUSED",
  "PAUSED",
  "PAUSEDWITHERROR",
];

/**
 * The job types the REST API lists: the key of each one's list in the answer, its id field, and
 * the statuses in which a restart would interrupt or orphan the job. Oozie answers 400 to a
 * status its job type does not have, so each type is asked only for its own. A coordinator or
 * bundle suspended before it started is PREPSUSPENDED, not SUSPENDED, and one whose actions
 * failed keeps running as RUNNINGWITHERROR: both are still active.
 */
export const JOB_TYPES: readonly (readonly [string, string, string, readonly string[]])[] = [
  ["wf", "workflows", "id", ["PREP", "RUNNING", "SUSPENDED"]],
  ["coordinator", "coordinatorjobs", "coordJobId", SCHEDULED_ACTIVE],
  ["bundle", "bundlejobs", "bundleJobId", SCHEDULED_ACTIVE],
];

/** `<base>/v1/jobs?jobtype=<type>&filter=status%3D...;...&len=1000`, for a base URL ending in /oozie. */
export function jobsUrl(baseUrl: string, jobType: string): string {
  const entry = JOB_TYPES.find(([type]) => type === jobType);
  if (!entry) {
    throw new Error(`unknown job type ${jobType}`);
  }
  const filter = entry[3].map((status) => `status%3D${status}`).join(";");
  return `${baseUrl.replace(/\/+$/, "")}/v1/jobs?jobtype=${jobType}&filter=${filter}&len=1000`;
}

/** Reads the job ids and statuses out of one `/v1/jobs` answer. */
export function parseJobs(jobType: string, body: string): OozieJob[] {
  const entry = JOB_TYPES.find(([type]) => type === jobType);
  if (!entry) {
    throw new Error(`unknown job type ${jobType}`);
  }
  const [, listKey, idKey] = entry;
  const parsed = JSON.parse(body) as Record<string, unknown>;
  const list = parsed[listKey];
  if (!Array.isArray(list)) {
    throw new Error(`answer has no "${listKey}" list`);
  }
  return list.map((item: unknown) => {
    const record = (item ?? {}) as Record<string, unknown>;
    return {
      id: text(record[idKey] ?? record["id"]),
      type: jobType,
      status: text(record["status"]),
    };
  });
}

function text(value: unknown): string {
  return typeof value === "string" || typeof value === "number" ? String(value) : "?";
}

/**
 * Asks one server for its active jobs of every type. A refused connection means no server runs
 * there (`absent`); so does an unresolvable name when `unresolvableIsAbsent` (the servers are
 * being created, so their aliases cannot resolve yet). Anything else is an error.
 */
export async function probeJobs(
  baseUrl: string,
  timeoutMs: number,
  unresolvableIsAbsent: boolean,
): Promise<JobsProbe> {
  const jobs: OozieJob[] = [];
  for (const [type] of JOB_TYPES) {
    const url = jobsUrl(baseUrl, type);
    let answer: { status: number; body: string };
    try {
      answer = await httpRequest("GET", url, timeoutMs);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "ECONNREFUSED") {
        return { url: baseUrl, absent: "connection refused" };
      }
      if (unresolvableIsAbsent && (code === "ENOTFOUND" || code === "EAI_AGAIN")) {
        return { url: baseUrl, absent: "name does not resolve yet" };
      }
      return { url: baseUrl, error: error instanceof Error ? error.message : String(error) };
    }
    if (answer.status !== 200) {
      return {
        url: baseUrl,
        error: `GET ${url} answered ${answer.status}: ${answer.body.slice(0, 200)}`,
      };
    }
    try {
      jobs.push(...parseJobs(type, answer.body));
    } catch (error) {
      return {
        url: baseUrl,
        error: `GET ${url}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
  return { url: baseUrl, jobs };
}

/** Puts one server into SAFEMODE (or back to NORMAL); throws unless it answers 200. */
export async function setSystemMode(
  baseUrl: string,
  mode: "SAFEMODE" | "NORMAL",
  timeoutMs: number,
): Promise<void> {
  const url = `${baseUrl.replace(/\/+$/, "")}/v1/admin/status?systemmode=${mode}`;
  const answer = await httpRequest("PUT", url, timeoutMs);
  if (answer.status !== 200) {
    throw new Error(`PUT ${url} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
  }
}

/** The distinct jobs of several probes, by id, in the order first seen. */
export function activeJobsOf(probes: readonly JobsProbe[]): OozieJob[] {
  const seen: string[] = [];
  const jobs: OozieJob[] = [];
  for (const probe of probes) {
    if ("jobs" in probe) {
      for (const job of probe.jobs) {
        if (!seen.includes(job.id)) {
          seen.push(job.id);
          jobs.push(job);
        }
      }
    }
  }
  return jobs;
}

export function describeJobs(jobs: readonly OozieJob[]): string {
  return jobs.map((j) => `${j.id} (${j.type} ${j.status})`).join(", ");
}
