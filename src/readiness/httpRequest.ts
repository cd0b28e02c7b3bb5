// Runs inside serialized dynamic providers: the node built-in is required inside the function.

/** One HTTP request with a bound on the whole exchange. Resolves status and body. */
export function httpRequest(
  method: string,
  url: string,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const http = require("http") as typeof import("http");
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString("utf8"),
        });
      });
      response.on("error", reject);
    });
    request.on("timeout", () => {
      request.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms`));
    });
    request.on("error", reject);
    request.end();
  });
}
