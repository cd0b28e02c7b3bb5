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
