import type * as zookeeper from "node-zookeeper-client";
import { notReady, ready, type CheckOutcome, type ReadinessCheck } from "./check";

/**
 * Opens a real client session and reads a znode: proof that the ensemble serves clients, not
 * only that its servers agree on a leader.
 */
export function sessionCheck(
  connectString: string,
  attemptTimeoutMs: number,
): ReadinessCheck<void> {
  return {
    description: `ZooKeeper session to ${connectString}`,
    attempt: () =>
      withSession(
        connectString,
        attemptTimeoutMs,
        (client) =>
          new Promise<CheckOutcome<void>>((resolve) => {
            client.exists("/zookeeper", (error) => {
              resolve(
                error ? notReady(`read of /zookeeper failed: ${String(error)}`) : ready(undefined),
              );
            });
          }),
      ).catch((error: unknown) => notReady(error instanceof Error ? error.message : String(error))),
  };
}

/**
 * Runs `work` inside a session and always closes it. Rejects when no session is established
 * within `timeoutMs`.
 */
export function withSession<T>(
  connectString: string,
  timeoutMs: number,
  work: (client: zookeeper.Client) => Promise<T>,
): Promise<T> {
  // Loaded here, not at module scope: this function runs inside serialized dynamic providers.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zk = require("node-zookeeper-client") as typeof zookeeper;
  const client = zk.createClient(connectString, {
    sessionTimeout: Math.max(4000, timeoutMs),
    spinDelay: 200,
    retries: 0,
  });
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.close();
      reject(new Error(`no session with ${connectString} within ${timeoutMs} ms`));
    }, timeoutMs);
    client.once("connected", () => {
      clearTimeout(timer);
      work(client).then(
        (value) => {
          client.close();
          resolve(value);
        },
        (error: unknown) => {
          client.close();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
    client.connect();
  });
}
