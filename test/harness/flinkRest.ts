/** A small client for the Flink REST API of one JobManager, as the tests and the benchmark use it. */
export interface RestAnswer {
  readonly status: number;
  readonly body: string;
}

/** GET with a bounded time; network errors come back as status 0 with the message. */
export async function restGet(
  baseUrl: string,
  path: string,
  timeoutMs = 3000,
): Promise<RestAnswer> {
  try {
    const response = await fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    // fetch reports the socket's error (refused, reset, timed out) as its cause.
    const cause =
      error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return { status: 0, body: `${error instanceof Error ? error.message : String(error)}${cause}` };
  }
}

/** Uploads a job jar; resolves the jar id the JobManager assigned. */
export async function uploadJar(baseUrl: string, jar: Buffer, fileName: string): Promise<string> {
  const form = new FormData();
  form.append("jarfile", new Blob([jar], { type: "application/x-java-archive" }), fileName);
  const response = await fetch(`${baseUrl}/jars/upload`, {
    method: "POST",
    body: form,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  if (response.status !== 200) {
    throw new Error(`jar upload answered ${response.status}: ${text}`);
  }
  const filename = (JSON.parse(text) as { filename: string }).filename;
  return filename.split("/").pop() ?? filename;
}

/** Runs an uploaded jar; resolves the job id. */
export async function runJar(baseUrl: string, jarId: string): Promise<string> {
  const response = await fetch(`${baseUrl}/jars/${encodeURIComponent(jarId)}/run`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: "{}",
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  if (response.status !== 200) {
    throw new Error(`jar run answered ${response.status}: ${text}`);
  }
  return (JSON.parse(text) as { jobid: string }).jobid;
}

/** The job's state ("RUNNING", "RESTARTING"...), or undefined when the JobManager cannot say. */
export async function jobState(baseUrl: string, jobId: string): Promise<string | undefined> {
  const answer = await restGet(baseUrl, `/jobs/${jobId}`);
  if (answer.status !== 200) {
    return undefined;
  }
  return (JSON.parse(answer.body) as { state?: string }).state;
}

/** Whether every vertex of the job has all its subtasks RUNNING (the job really processes). */
export async function allTasksRunning(baseUrl: string, jobId: string): Promise<boolean> {
  const answer = await restGet(baseUrl, `/jobs/${jobId}`);
  if (answer.status !== 200) {
    return false;
  }
  const job = JSON.parse(answer.body) as {
    state?: string;
    vertices?: { parallelism: number; tasks?: Record<string, number> }[];
  };
  return (
    job.state === "RUNNING" &&
    (job.vertices ?? []).length > 0 &&
    (job.vertices ?? []).every((v) => (v.tasks?.["RUNNING"] ?? 0) === v.parallelism)
  );
}

/**
 * Retries `probe` every `intervalMs` until it returns a value, at most `timeoutMs` long and
 * `timeoutMs / intervalMs + 1` times; throws with `what` and the last note on timeout.
 */
export async function poll<T>(
  what: string,
  timeoutMs: number,
  intervalMs: number,
  probe: () => Promise<{ value: T } | { note: string }>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const maxAttempts = Math.ceil(timeoutMs / intervalMs) + 1;
  let note = "no attempt";
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const outcome = await probe();
    if ("value" in outcome) {
      return outcome.value;
    }
    note = outcome.note;
    if (Date.now() + intervalMs > deadline) {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${what} not reached within ${timeoutMs} ms: ${note}`);
}
