import { httpRequest } from "../../src/readiness/httpRequest";

/** Oozie's REST API on one server, as a client of the cluster sees it (its published port). */
export class OozieRest {
  constructor(
    readonly port: number,
    private readonly timeoutMs = 30_000,
    readonly host = "127.0.0.1",
  ) {}

  get baseUrl(): string {
    return `http://${this.host}:${this.port}/oozie`;
  }

  /**
   * Submits and starts a job from an application in the image (test/images/oozie-apps): the
   * property names the kind (`oozie.wf.application.path`, `oozie.coord.application.path`,
   * `oozie.bundle.application.path`). Resolves the job id; rejects with Oozie's answer.
   */
  async submit(properties: Record<string, string>): Promise<string> {
    const answer = await this.send("POST", "/v1/jobs?action=start", configurationXml(properties));
    if (answer.status !== 201) {
      throw new Error(`submit through port ${this.port} answered ${answer.status}: ${answer.body}`);
    }
    return (JSON.parse(answer.body) as { id: string }).id;
  }

  /** The job's status (RUNNING, SUCCEEDED, PREP, SUSPENDED, ...). */
  async status(jobId: string): Promise<string> {
    return (await this.info(jobId))["status"] as string;
  }

  /** `GET /v1/job/<id>?show=info`: the job as Oozie describes it. */
  async info(jobId: string): Promise<Record<string, unknown>> {
    const answer = await this.send("GET", `/v1/job/${jobId}?show=info`);
    if (answer.status !== 200) {
      throw new Error(`job ${jobId} through port ${this.port}: ${answer.status} ${answer.body}`);
    }
    return JSON.parse(answer.body) as Record<string, unknown>;
  }

  /** `kill`, `suspend` or `resume`. */
  async act(jobId: string, action: "kill" | "suspend" | "resume"): Promise<void> {
    const answer = await this.send("PUT", `/v1/job/${jobId}?action=${action}`);
    if (answer.status !== 200) {
      throw new Error(`${action} ${jobId}: ${answer.status} ${answer.body}`);
    }
  }

  async systemMode(): Promise<string> {
    const answer = await this.send("GET", "/v1/admin/status");
    return (JSON.parse(answer.body) as { systemMode: string }).systemMode;
  }

  /** `GET /v2/admin/available-oozie-servers`: instance id → URL, from ZooKeeper. */
  async availableServers(): Promise<Record<string, string>> {
    const answer = await this.send("GET", "/v2/admin/available-oozie-servers");
    if (answer.status !== 200) {
      throw new Error(`available-oozie-servers: ${answer.status} ${answer.body}`);
    }
    return JSON.parse(answer.body) as Record<string, string>;
  }

  /** `GET /v2/jobs?len=1`: how many workflow jobs the database holds (a read through the server). */
  async workflowCount(): Promise<number> {
    const answer = await this.send("GET", "/v2/jobs?jobtype=wf&len=1");
    if (answer.status !== 200) {
      throw new Error(`jobs: ${answer.status} ${answer.body}`);
    }
    return (JSON.parse(answer.body) as { total: number }).total;
  }

  /** Polls until the job's status is `expected` or final; resolves the last status seen. */
  async waitForStatus(jobId: string, expected: string, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let status = "";
    do {
      status = await this.status(jobId);
      if (status === expected || FINAL.includes(status)) {
        return status;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    } while (Date.now() < deadline);
    return status;
  }

  private async send(
    method: string,
    path: string,
    body?: string,
  ): Promise<{ status: number; body: string }> {
    if (body === undefined) {
      return httpRequest(method, `${this.baseUrl}${path}`, this.timeoutMs);
    }
    return postXml(`${this.baseUrl}${path}`, body, this.timeoutMs);
  }
}

/** Statuses a job never leaves. */
export const FINAL: readonly string[] = ["SUCCEEDED", "KILLED", "FAILED", "DONEWITHERROR"];

/** The numeric part of an Oozie job id: the value ZKUUIDService took from the shared counter. */
export function sequenceOf(jobId: string): number {
  const match = /^(\d{7})-\d+-oozie-[a-z]+-[WCB]$/.exec(jobId);
  if (!match?.[1]) {
    throw new Error(`not an Oozie job id: ${jobId}`);
  }
  return Number(match[1]);
}

function configurationXml(properties: Record<string, string>): string {
  const escape = (text: string): string =>
    text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  const entries = Object.entries({ "user.name": "oozie", ...properties })
    .map(
      ([name, value]) =>
        `<property><name>${escape(name)}</name><value>${escape(value)}</value></property>`,
    )
    .join("");
  return `<configuration>${entries}</configuration>`;
}

async function postXml(
  url: string,
  body: string,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/xml;charset=UTF-8" },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, body: await response.text() };
}
