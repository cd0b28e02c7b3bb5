import type * as zookeeper from "node-zookeeper-client";

/** Creates `path` and any missing parents. Resolves whether it already existed. */
export function ensureZnode(
  client: zookeeper.Client,
  path: string,
  data?: string,
): Promise<{ existed: boolean }> {
  return new Promise((resolve, reject) => {
    client.exists(path, (existsError, stat) => {
      if (existsError) {
        reject(new Error(`checking ${path}: ${describeZkError(existsError)}`));
        return;
      }
      const existed = Boolean(stat);
      const finish = (error: unknown): void => {
        if (error) {
          reject(new Error(`writing ${path}: ${describeZkError(error)}`));
        } else {
          resolve({ existed });
        }
      };
      if (existed) {
        if (data === undefined) {
          finish(null);
        } else {
          client.setData(path, Buffer.from(data, "utf8"), -1, (e) => {
            finish(e);
          });
        }
        return;
      }
      const payload = Buffer.from(data ?? "", "utf8");
      client.mkdirp(path, payload, (e) => {
        finish(e);
      });
    });
  });
}

/** Reads a znode's data as UTF-8, or undefined when it does not exist. */
export async function readZnode(
  client: zookeeper.Client,
  path: string,
): Promise<string | undefined> {
  return (await readZnodeBytes(client, path))?.toString("utf8");
}

/** Children of `path`; none when it does not exist yet. */
export function listChildren(client: zookeeper.Client, path: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    client.getChildren(path, (error, children) => {
      if (error) {
        if (isNoNode(error)) {
          resolve([]);
        } else {
          reject(new Error(`listing ${path}: ${String(error)}`));
        }
        return;
      }
      resolve(children);
    });
  });
}

/** Whether node-zookeeper-client reported NO_NODE (-101): the znode does not exist. */
export function isNoNode(error: unknown): boolean {
  return (error as { getCode?: () => number } | null)?.getCode?.() === -101;
}

/** Reads a znode's raw data, or undefined when it does not exist. */
export function readZnodeBytes(
  client: zookeeper.Client,
  path: string,
): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    client.getData(path, (error, data) => {
      if (error) {
        if (isNoNode(error)) {
          resolve(undefined);
        } else {
          reject(new Error(`reading ${path}: ${describeZkError(error)}`));
        }
        return;
      }
      resolve(data);
    });
  });
}

/** node-zookeeper-client has removeRecursive since 1.0; its type definitions lack it. */
interface RecursiveRemover {
  removeRecursive(path: string, version: number, callback: (error: Error | null) => void): void;
}

/** Deletes `path` and everything below it; a missing path is not an error. */
export function removeZnodeTree(client: zookeeper.Client, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    (client as unknown as RecursiveRemover).removeRecursive(path, -1, (error) => {
      if (error && !isNoNode(error)) {
        reject(new Error(`deleting ${path}: ${describeZkError(error)}`));
      } else {
        resolve();
      }
    });
  });
}

/** node-zookeeper-client raises either Errors or its own Exception objects (toString names the code). */
export function describeZkError(error: { toString(): string }): string {
  return error instanceof Error ? error.message : error.toString();
}
