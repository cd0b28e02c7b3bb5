import type * as pulumi from "@pulumi/pulumi";
import type { Problem } from "../common/problems";
import type { QuorumServer } from "../readiness/quorumServer";
import { serverServingCheck } from "../readiness/serverServingCheck";
import { waitFor } from "../readiness/waitFor";
import { validateServer } from "./quorumReadyProvider";
import { boundedIntegerProblems, changedProperties } from "./unknowns";

/** The inputs as the engine hands them to the provider. */
export interface ServerRejoinedInputs {
  server: QuorumServer;
  timeoutSeconds: number;
  intervalMs: number;
  attemptTimeoutMs: number;
  /** The server's container id: its replacement is what makes the gate wait. */
  triggers: string[];
}

export interface ServerRejoinedOutputs extends ServerRejoinedInputs {
  /** The server's mode when the gate last passed; "" when it was created without waiting. */
  mode: string;
}

const COMPARED: readonly (keyof ServerRejoinedInputs)[] = [
  "server",
  "timeoutSeconds",
  "intervalMs",
  "attemptTimeoutMs",
  "triggers",
];

/** Problems with the gate's inputs; unknown (preview) values are accepted as they are. */
export function validateServerRejoinedInputs(
  inputs: Partial<Record<keyof ServerRejoinedInputs, unknown>>,
): Problem[] {
  return [
    ...validateServer(inputs.server, "server", new Set()),
    ...boundedIntegerProblems(inputs, [
      ["timeoutSeconds", 3600],
      ["intervalMs", 60000],
      ["attemptTimeoutMs", 60000],
    ]),
  ];
}

/**
 * Provider of {@link ServerRejoined}. `create` does not wait: while an ensemble is first created
 * no server can serve before a majority exists, and the ensemble's QuorumReady gate waits for
 * that. `update`, run when the server's container was replaced, waits until the server serves
 * in the quorum again; unless the server was renamed (a new name prefix), which makes a new
 * ensemble on new volumes, created server by server like the first one. `check` and `diff` are
 * pure, so previews never touch the ensemble.
 */
export const serverRejoinedProvider: pulumi.dynamic.ResourceProvider = {
  check: (_olds: unknown, news: ServerRejoinedInputs) =>
    Promise.resolve({ inputs: news, failures: validateServerRejoinedInputs(news) }),
  diff: (_id: string, olds: ServerRejoinedOutputs, news: ServerRejoinedInputs) =>
    Promise.resolve({ changes: changedProperties({ ...olds }, { ...news }, COMPARED).length > 0 }),
  create: (inputs: ServerRejoinedInputs) =>
    Promise.resolve({ id: inputs.server.name, outs: { ...inputs, mode: "" } }),
  update: async (_id: string, olds: ServerRejoinedOutputs, news: ServerRejoinedInputs) => {
    if (olds.server.name !== news.server.name) {
      return { outs: { ...news, mode: "" } };
    }
    const mode = await waitFor(serverServingCheck(news.server, news.attemptTimeoutMs), {
      timeoutMs: news.timeoutSeconds * 1000,
      intervalMs: news.intervalMs,
    });
    return { outs: { ...news, mode } };
  },
};
