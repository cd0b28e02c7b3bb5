import assert from "node:assert/strict";
import * as net from "node:net";
import type { TestContext } from "node:test";

/**
 * Makes every socket connection attempt throw for the rest of the test, and counts them: what
 * "check and diff never touch the network" is asserted with.
 */
export function forbidConnections(t: TestContext): { readonly count: () => number } {
  const connect = t.mock.method(net.Socket.prototype, "connect", () => {
    throw new Error("a pure provider method opened a network connection");
  });
  return { count: () => connect.mock.callCount() };
}

/** Resolves `promise` only if it settles within one turn of the event loop (no I/O waited on). */
export async function settledImmediately<T>(promise: Promise<T>): Promise<T> {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  await new Promise<void>((resolve) => {
    setImmediate(resolve);
  });
  assert.equal(settled, true, "the provider method waited on I/O");
  return tracked;
}
