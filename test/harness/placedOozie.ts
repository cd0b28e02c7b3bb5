import assert from "node:assert/strict";
import type { Registration } from "../helpers/recordingMonitor";
import { OozieRest } from "./oozieRest";
import { carriesLabel } from "./placedReplay";

/** An Oozie server of a recorded program, replayed on one of the test hosts. */
export interface PlacedOozieServer {
  readonly name: string;
  /** Its REST API on the port it publishes on its host's address. */
  readonly rest: OozieRest;
}

/** What a server answered when it served: its mode and the servers it found in ZooKeeper. */
export interface OozieServing {
  readonly systemMode: string;
  readonly available: string[];
  readonly workflows: number;
  readonly afterMs: number;
}

/** The Oozie servers among `registrations` (containers labelled `label`), by published port. */
export function placedOozieServers(
  registrations: readonly Registration[],
  label: string,
  httpPort = 11000,
): PlacedOozieServer[] {
  return registrations
    .filter((r) => r.type === "docker:index/container:Container" && carriesLabel(label)(r))
    .flatMap((r) => {
      const ports = (r.inputs["ports"] ?? []) as {
        internal: number;
        external: number;
        ip: string;
      }[];
      const http = ports.find((p) => p.internal === httpPort);
      // One-shot steps (the curator jar copy) publish nothing.
      return http
        ? [{ name: String(r.inputs["name"]), rest: new OozieRest(http.external, 10_000, http.ip) }]
        : [];
    });
}

/**
 * Waits until the server serves: NORMAL, `expected` servers registered in ZooKeeper as it sees
 * them (any number but none when undefined), and a read of its database answered. Fails after
 * `timeoutMs` with the last answer.
 */
export async function waitUntilServing(
  server: PlacedOozieServer,
  expected: number | undefined,
  timeoutMs: number,
): Promise<OozieServing> {
  const started = Date.now();
  let last = "";
  do {
    try {
      const systemMode = await server.rest.systemMode();
      const available = Object.keys(await server.rest.availableServers()).sort();
      const workflows = await server.rest.workflowCount();
      if (
        systemMode === "NORMAL" &&
        (expected === undefined ? available.length > 0 : available.length === expected)
      ) {
        return { systemMode, available, workflows, afterMs: Date.now() - started };
      }
      last = `${systemMode}, servers ${available.join(" ")}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  } while (Date.now() - started < timeoutMs);
  assert.fail(
    `${server.name} did not serve with ${expected ?? "its"} servers in ${timeoutMs} ms: ${last}`,
  );
}
