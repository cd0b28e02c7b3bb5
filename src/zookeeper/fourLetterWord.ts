/**
 * Sends a four-letter word (`srvr`, `mntr`, `ruok`) and returns the full answer. The server
 * closes the connection after answering; the timeout bounds a server that accepts but stalls.
 */
export function sendFourLetterWord(
  host: string,
  port: number,
  word: string,
  timeoutMs: number,
): Promise<string> {
  // Loaded here, not at module scope: this function runs inside serialized dynamic providers.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const net = require("net") as typeof import("net");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to ${word} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on("connect", () => socket.end(word));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (error: Error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
  });
}

/** The `Mode:` line of a `srvr` answer, or undefined when the server is not serving. */
export function parseSrvrMode(answer: string): string | undefined {
  const match = /^Mode: (\S+)\s*$/m.exec(answer);
  return match?.[1];
}

/** `mntr` answers tab-separated `key value` lines. */
export function parseMntr(answer: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const line of answer.split("\n")) {
    const [key, ...rest] = line.trim().split(/\s+/);
    if (key && rest.length > 0) {
      result[key] = rest.join(" ");
    }
  }
  return result;
}
