import * as pulumi from "@pulumi/pulumi";

/**
 * Fails the deployment when a one-shot preparation container (`attach: true`) exited non-zero.
 * The Docker provider only records the exit code; whatever reads it through this check (a
 * server's labels) is then never created, and the error carries the container's own output.
 * A ResourceError without a stack: the engine shows the message against the step.
 */
export function assertOneShotSucceeded(
  step: string,
  exitCode: number | undefined,
  logs: string | undefined,
  resource?: pulumi.Resource,
): void {
  // Unset until the container has exited, and in previews, though typed as present.
  if (exitCode !== undefined && exitCode !== 0) {
    const message = `${step} exited with ${exitCode}: ${(logs ?? "").trim()}`;
    throw keepsMessage(
      resource ? new pulumi.ResourceError(message, resource, true) : new Error(message),
    );
  }
}

/**
 * The error with a message that stays as written. The check runs while the SDK serialises the
 * dependent's inputs, and the SDK prefixes the message of an error raised there with the input's
 * name (`error serializing property "labels": ...`), which says nothing about the failed step.
 */
function keepsMessage<T extends Error>(error: T): T {
  const message = error.message;
  Object.defineProperty(error, "message", {
    get: () => message,
    set: () => undefined,
    enumerable: false,
    configurable: true,
  });
  return error;
}
