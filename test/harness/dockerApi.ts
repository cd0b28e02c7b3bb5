import * as http from "node:http";

/** A response from the Docker Engine API. */
export interface ApiResponse {
  readonly status: number;
  readonly body: string;
}

const SOCKET = process.env["DOCKER_SOCKET"] ?? "/var/run/docker.sock";

/**
 * Calls the local Docker Engine API over its unix socket, as the Docker provider does. Throws
 * on any status of 400 and above, with the engine's message.
 */
export function dockerApi(
  method: string,
  path: string,
  body?: unknown,
  options: { raw?: Buffer; contentType?: string; timeoutMs?: number; allow?: number[] } = {},
): Promise<ApiResponse> {
  const payload =
    options.raw ?? (body === undefined ? undefined : Buffer.from(JSON.stringify(body)));
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        socketPath: SOCKET,
        method,
        path,
        headers: payload
          ? {
              "Content-Type": options.contentType ?? "application/json",
              "Content-Length": payload.length,
            }
          : {},
        timeout: options.timeoutMs ?? 120_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString("utf8");
          if (status >= 400 && !(options.allow ?? []).includes(status)) {
            reject(new Error(`${method} ${path} -> ${status}: ${text.trim()}`));
          } else {
            resolve({ status, body: text });
          }
        });
      },
    );
    request.on("timeout", () => request.destroy(new Error(`${method} ${path} timed out`)));
    request.on("error", reject);
    if (payload) {
      request.write(payload);
    }
    request.end();
  });
}

/** Fails with a clear message when no Docker engine answers: suites must fail, not skip. */
export async function requireDocker(images: string[]): Promise<void> {
  try {
    await dockerApi("GET", "/_ping", undefined, { timeoutMs: 5000 });
  } catch (error) {
    throw new Error(
      `Docker engine not reachable at ${SOCKET} (${String(error)}); run scripts/start-dockerd.sh`,
    );
  }
  for (const image of images) {
    const found = await dockerApi("GET", `/images/${encodeURIComponent(image)}/json`, undefined, {
      allow: [404],
    });
    if (found.status === 404) {
      throw new Error(`test image ${image} is missing; build it with test/images/build.sh`);
    }
  }
}
