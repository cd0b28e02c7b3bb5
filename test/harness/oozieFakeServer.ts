import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** A job as the fake server lists it. */
export interface FakeJob {
  readonly id: string;
  readonly type: "wf" | "coordinator" | "bundle";
  readonly status: string;
}

const LIST_KEYS: Record<string, [string, string]> = {
  wf: ["workflows", "id"],
  coordinator: ["coordinatorjobs", "coordJobId"],
  bundle: ["bundlejobs", "bundleJobId"],
};

/**
 * An HTTP server on 127.0.0.1 speaking the part of Oozie's REST API the DrainGate uses:
 * `GET /oozie/v1/jobs?jobtype=...&filter=...` and `PUT /oozie/v1/admin/status?systemmode=...`.
 * It records every request; `onSafeMode` lets a test finish jobs when SAFEMODE is set.
 */
export class FakeOozieServer {
  readonly requests: string[] = [];
  jobs: FakeJob[] = [];
  systemMode = "NORMAL";
  /** Answer every request with this status instead (for failure tests). */
  failWith: number | undefined;
  onSafeMode: (() => void) | undefined;
  private server: http.Server | undefined;

  async start(): Promise<string> {
    this.server = http.createServer((request, response) => {
      this.handle(request, response);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/oozie`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    }
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const raw = request.url ?? "";
    this.requests.push(`${request.method ?? "?"} ${raw}`);
    const url = new URL(raw, "http://127.0.0.1");
    const send = (status: number, body: unknown): void => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (this.failWith !== undefined) {
      send(this.failWith, { error: "failing on purpose" });
      return;
    }
    if (request.method === "GET" && url.pathname === "/oozie/v1/jobs") {
      const type = url.searchParams.get("jobtype") ?? "wf";
      const keys = LIST_KEYS[type];
      if (!keys) {
        send(400, { error: `bad jobtype ${type}` });
        return;
      }
      // Oozie's filter: `;`-separated `key=value` pairs; the same key repeated means "or".
      const statuses = (url.searchParams.get("filter") ?? "")
        .split(";")
        .filter((part) => part.startsWith("status="))
        .map((part) => part.slice("status=".length));
      const [listKey, idKey] = keys;
      const matching = this.jobs.filter(
        (j) => j.type === type && (statuses.length === 0 || statuses.includes(j.status)),
      );
      send(200, {
        total: matching.length,
        offset: 1,
        len: 1000,
        [listKey]: matching.map((j) => ({ [idKey]: j.id, status: j.status })),
      });
      return;
    }
    if (request.method === "PUT" && url.pathname === "/oozie/v1/admin/status") {
      this.systemMode = url.searchParams.get("systemmode") ?? this.systemMode;
      if (this.systemMode === "SAFEMODE") {
        this.onSafeMode?.();
      }
      send(200, {});
      return;
    }
    if (request.method === "GET" && url.pathname === "/oozie/v1/admin/status") {
      send(200, { systemMode: this.systemMode });
      return;
    }
    send(404, { error: "not found" });
  }
}

/** A loopback port nothing listens on: bound, read, and released. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  return port;
}
