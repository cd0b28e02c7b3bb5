import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { startRecording, type RecordingMonitor, type RecordOptions } from "./recordingMonitor";

/**
 * Runs `action` with the process's unhandled-rejection listeners replaced by a collector, as
 * the Pulumi language host's own listener would receive them, and returns what it collected.
 * A program error raised inside an Output (while a resource's inputs are serialized) reaches
 * the engine only this way. `action` gets a promise of the first rejection.
 */
export async function collectUnhandledRejections(
  action: (firstRejection: Promise<unknown>) => Promise<unknown>,
): Promise<unknown[]> {
  const previous = process.listeners("unhandledRejection");
  const collected: unknown[] = [];
  let first: (reason: unknown) => void = () => undefined;
  const firstRejection = new Promise<unknown>((resolve) => {
    first = resolve;
  });
  const collect = (reason: unknown): void => {
    collected.push(reason);
    first(reason);
  };
  process.removeAllListeners("unhandledRejection");
  process.on("unhandledRejection", collect);
  try {
    await action(firstRejection);
    // Rejections of the same failure are reported once the microtask queue drains.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    process.removeListener("unhandledRejection", collect);
    for (const listener of previous) {
      process.on("unhandledRejection", listener);
    }
  }
  return collected;
}

/**
 * Runs `program` under a fresh recording monitor until it settles or first fails, as the
 * language host sees it: what it threw at construction, what it raised once its outputs
 * resolved, and what it registered. A failed program's registrations never settle, so the
 * first rejection ends the wait.
 */
export async function failuresOf(
  program: () => unknown,
  options: RecordOptions = {},
): Promise<{ thrown: unknown; rejections: unknown[]; monitor: RecordingMonitor }> {
  let thrown: unknown;
  let monitor: RecordingMonitor | undefined;
  const rejections = await collectUnhandledRejections(async (firstRejection) => {
    const run = startRecording(() => {
      try {
        program();
      } catch (caught) {
        thrown = caught;
      }
    }, options);
    monitor = run.monitor;
    await Promise.race([run.settled, firstRejection]);
  });
  assert.ok(monitor);
  return { thrown, rejections, monitor };
}

/** The distinct messages the language host prints for `errors`: a ResourceError's without a stack. */
export function printedMessages(errors: readonly unknown[]): unknown[] {
  return [
    ...new Set(
      errors.map((e) => (pulumi.ResourceError.isInstance(e) && e.hideStack ? e.message : e)),
    ),
  ];
}
