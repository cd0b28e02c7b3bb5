import * as pulumi from "@pulumi/pulumi";
import { RecordingMonitor, type StateFor } from "../helpers/recordingMonitor";

/** The signature the SDK marks secret values with on the wire. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

interface RawRequest {
  getType(): string;
  getName(): string;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

/**
 * A recording monitor that also keeps each request's inputs as serialized for the engine, with
 * secret markers intact: the mocks only see unwrapped values.
 */
export class SecretRecordingMonitor extends RecordingMonitor {
  readonly wire = new Map<string, Record<string, unknown>>();

  override async registerResource(
    ...args: Parameters<RecordingMonitor["registerResource"]>
  ): Promise<void> {
    const raw = args[0] as unknown as RawRequest;
    this.wire.set(raw.getName(), raw.getObject()?.toJavaScript() ?? {});
    await super.registerResource(...args);
  }

  /** The inputs the mocks saw, with secret wrappers replaced by their values. */
  inputsOf(name: string): Record<string, unknown> {
    return unwrapSecrets(this.byName(name).inputs) as Record<string, unknown>;
  }

  /** The wire form of one input of the resource with this logical name. */
  wireInput(name: string, key: string): unknown {
    return this.wire.get(name)?.[key];
  }
}

/** Replaces every secret wrapper, at any depth, by the value it wraps. */
export function unwrapSecrets(value: unknown): unknown {
  if (isWireSecret(value)) {
    return unwrapSecrets((value as { value: unknown }).value);
  }
  if (Array.isArray(value)) {
    return value.map(unwrapSecrets);
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** True when the wire value is a secret (the SDK's secret wrapper object). */
export function isWireSecret(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === "object" &&
    (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const state = require("@pulumi/pulumi/runtime/state") as {
  getStore(): { supportsSecrets: boolean };
};

/** `recordProgram` with a {@link SecretRecordingMonitor} and secrets on the wire. */
export async function recordProgramWithSecrets(
  program: () => unknown,
  options: { stateFor?: StateFor; preview?: boolean } = {},
): Promise<SecretRecordingMonitor> {
  const monitor = new SecretRecordingMonitor(options.stateFor);
  pulumi.runtime.setMockOptions(monitor, "zkha", "test", options.preview ?? false);
  // As `setMocks` and the real engine do: secrets travel as secrets. `setMockOptions` alone
  // leaves the flag off, which strips every secret marker before the request is built.
  state.getStore().supportsSecrets = true;
  program();
  await settings.waitForRPCs();
  return monitor;
}
