import * as http from "node:http";
import { type DockerEngine, LOCAL_ENGINE } from "./dockerEngine";

/** A response from the Docker Engine API. */
export interface ApiResponse {
  readonly status: number;
  readonly body: string;
}

/** Options of one Engine API call. */
export interface ApiOptions {
  readonly raw?: Buffer;
  readonly contentType?: string;
  readonly timeoutMs?: number;
  /** Statuses of 400 and above that are answers, not errors (404 for "already gone"). */
  readonly allow?: number[];
  /** This machine's engine unless given. */
  readonly engine?: DockerEngine;
}

/**
 * Calls the Docker Engine API, as the Docker provider does. Throws on any status of 400 and
 * above, with the engine's message.
 */
export async function dockerApi(
  method: string,
  path: string,
  body?: unknown,
  options: ApiOptions = {},
): Promise<ApiResponse> {
  const response = await dockerRequest(method, path, body, options);
  return { status: response.status, body: response.bytes.toString("utf8") };
}

/** One Engine API call, keeping the body's bytes (the log stream is binary framed). */
export function dockerRequest(
  method: string,
  path: string,
  body: unknown,
  options: ApiOptions,
): Promise<{ status: number; bytes: Buffer }> {
  const engine = options.engine ?? LOCAL_ENGINE;
  const payload =
    options.raw ?? (body === undefined ? undefined : Buffer.from(JSON.stringify(body)));
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        ...engine.connection,
        method,
        path,
        headers: payload
          ? {
              "Content-Type": options.contentType ?? "application/json",
              "Content-Length": payload.length,
            }
          : {},
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          clearTimeout(timer);
          const status = response.statusCode ?? 0;
          const bytes = Buffer.concat(chunks);
          if (status >= 400 && !(options.allow ?? []).includes(status)) {
            reject(
              new Error(
                `${method} ${path} on ${engine.label} -> ${status}: ${bytes.toString("utf8").trim()}`,
              ),
            );
          } else {
            resolve({ status, bytes });
          }
        });
      },
    );
    // A timer of our own: a connection over ssh is a pipe, without socket timeouts.
    const timer = setTimeout(() => {
      request.destroy(new Error(`${method} ${path} on ${engine.label} timed out`));
    }, timeoutMs);
    request.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    if (payload) {
      request.write(payload);
    }
    request.end();
  });
}

/** Fails with a clear message when no Docker engine answers: suites must fail, not skip. */
export async function requireDocker(
  images: string[],
  engine: DockerEngine = LOCAL_ENGINE,
): Promise<void> {
  try {
    await dockerApi("GET", "/_ping", undefined, { timeoutMs: 5000, engine });
  } catch (error) {
    throw new Error(
      `Docker engine not reachable at ${engine.label} (${String(error)}); run scripts/start-dockerd.sh`,
    );
  }
  for (const image of images) {
    const found = await dockerApi("GET", `/images/${encodeURIComponent(image)}/json`, undefined, {
      allow: [404],
      engine,
    });
    if (found.status === 404) {
      throw new Error(
        `test image ${image} is missing on ${engine.label}; build it with test/images/build.sh`,
      );
    }
  }
}
