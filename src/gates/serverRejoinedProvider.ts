import type * as pulumi from "@pulumi/pulumi";
import type { Problem } from "../common/problems";
import type { QuorumServer } from "../readiness/quorumServer";
import { srvrMode } from "../readiness/quorumMembershipCheck";
import { SERVING_MODES } from "../readiness/quorumAssessment";
import { serverServingCheck } from "../readiness/serverServingCheck";
import { waitFor } from "../readiness/waitFor";
import { validateServer } from "./quorumReadyProvider";
import { boundedIntegerProblems, changedProperties } from "./unknowns";

/** The inputs as the engine hands them to the provider. */
export interface ServerRejoinedInputs {
  server: QuorumServer;
  /**
   * The ensemble's other servers, where Pulumi reaches them before this one exists (published
   * or placed client ports); empty when it cannot.
   */
  peers: QuorumServer[];
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
  "peers",
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
    ...(Array.isArray(inputs.peers)
      ? inputs.peers.flatMap((peer, index) => validateServer(peer, `peers[${index}]`, new Set()))
      : []),
    ...boundedIntegerProblems(inputs, [
      ["timeoutSeconds", 3600],
      ["intervalMs", 60000],
      ["attemptTimeoutMs", 60000],
    ]),
  ];
}

/**
 * True when one of `peers` serves in a quorum: the ensemble exists already. While some peer
 * runs but none serves (an election, as after the leader was replaced), asks again, once a
 * second for at most `patienceSeconds`; peers that do not answer at all are not created yet.
 */
async function ensembleServes(
  peers: readonly QuorumServer[],
  timeoutMs: number,
  patienceSeconds = 15,
): Promise<boolean> {
  for (let attempt = 0; attempt <= patienceSeconds; attempt++) {
    const modes = await Promise.all(peers.map((peer) => srvrMode(peer, timeoutMs)));
    if (modes.some((m) => "mode" in m && SERVING_MODES.includes(m.mode))) {
      return true;
    }
    const running = modes.some((m) => "mode" in m || !/ECONNREFUSED|ECONNRESET/.test(m.error));
    if (!running || attempt === patienceSeconds) {
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return false;
}

function waitServing(inputs: ServerRejoinedInputs): Promise<string> {
  return waitFor(serverServingCheck(inputs.server, inputs.attemptTimeoutMs), {
    timeoutMs: inputs.timeoutSeconds * 1000,
    intervalMs: inputs.intervalMs,
  });
}

/**
 * Provider of {@link ServerRejoined}. `create` waits only when one of the other servers already
 * serves: a server added to a running ensemble (or the last one rolled before a new one is
 * added) is in the quorum before the next one starts, while an ensemble created for the first
 * time, which cannot serve server by server, passes at once (its QuorumReady gate waits for the
 * majority). `update`, run when the server's container was replaced, waits until the server
 * serves in the quorum again; unless the server was renamed (a new name prefix), which makes a
 * new ensemble on new volumes, created server by server like the first one. `check` and `diff`
 * are pure, so previews never touch the ensemble.
 */
export const serverRejoinedProvider: pulumi.dynamic.ResourceProvider = {
  check: (_olds: unknown, news: ServerRejoinedInputs) =>
    Promise.resolve({ inputs: news, failures: validateServerRejoinedInputs(news) }),
  diff: (_id: string, olds: ServerRejoinedOutputs, news: ServerRejoinedInputs) =>
    Promise.resolve({ changes: changedProperties({ ...olds }, { ...news }, COMPARED).length > 0 }),
  create: async (inputs: ServerRejoinedInputs) => {
    const exists = await ensembleServes(inputs.peers, inputs.attemptTimeoutMs);
    return {
      id: inputs.server.name,
      outs: { ...inputs, mode: exists ? await waitServing(inputs) : "" },
    };
  },
  update: async (_id: string, olds: ServerRejoinedOutputs, news: ServerRejoinedInputs) => {
    if (olds.server.name !== news.server.name) {
      return { outs: { ...news, mode: "" } };
    }
    return { outs: { ...news, mode: await waitServing(news) } };
  },
};
