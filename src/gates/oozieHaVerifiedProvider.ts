import type * as pulumi from "@pulumi/pulumi";
import type { Problem } from "../common/problems";
import { registrationCheck, registrationPath } from "../readiness/oozieRegistration";
import { waitFor } from "../readiness/waitFor";
import {
  boundedIntegerProblems,
  changedProperties,
  isUnknown,
  connectStringInputProblems,
} from "./unknowns";

export interface OozieHaVerifiedInputs {
  /** Connect string Pulumi reaches ZooKeeper on. */
  connectString: string;
  namespace: string;
  /** The `oozie.instance.id` of every server. */
  instanceIds: string[];
  timeoutSeconds: number;
  attemptTimeoutMs: number;
  /** Values whose change re-runs the check, such as the server container ids. */
  triggers: string[];
}

export interface OozieHaVerifiedOutputs extends OozieHaVerifiedInputs {
  /** Children of `/<namespace>/services/servers` when the gate passed. */
  registered: string[];
}

const COMPARED: readonly (keyof OozieHaVerifiedInputs)[] = [
  "connectString",
  "namespace",
  "instanceIds",
  "timeoutSeconds",
  "attemptTimeoutMs",
  "triggers",
];

export function validateOozieHaVerifiedInputs(
  inputs: Partial<Record<keyof OozieHaVerifiedInputs, unknown>>,
): Problem[] {
  const problems: Problem[] = [];
  const { connectString, namespace, instanceIds } = inputs;
  problems.push(...connectStringInputProblems(connectString));
  if (
    !isUnknown(namespace) &&
    (typeof namespace !== "string" || !/^[A-Za-z0-9._-]+$/.test(namespace))
  ) {
    problems.push({
      property: "namespace",
      reason: `${JSON.stringify(namespace)} is not a ZooKeeper namespace such as oozie`,
    });
  }
  if (
    !isUnknown(instanceIds) &&
    (!Array.isArray(instanceIds) ||
      instanceIds.length === 0 ||
      instanceIds.some((id) => typeof id !== "string" || id === ""))
  ) {
    problems.push({ property: "instanceIds", reason: "list the instance id of every server" });
  }
  problems.push(
    ...boundedIntegerProblems(inputs, [
      ["timeoutSeconds", 3600],
      ["attemptTimeoutMs", 60000],
    ]),
  );
  return problems;
}

/** Waits until every server has registered; the timeout names the ones that did not. */
export async function verifyRegistration(
  inputs: OozieHaVerifiedInputs,
): Promise<OozieHaVerifiedOutputs> {
  const registered = await waitFor(
    registrationCheck(
      inputs.connectString,
      inputs.namespace,
      inputs.instanceIds,
      inputs.attemptTimeoutMs,
    ),
    { timeoutMs: inputs.timeoutSeconds * 1000, intervalMs: 1000 },
  );
  return { ...inputs, registered };
}

/** Provider of {@link OozieHaVerified}: pure `check`/`diff`, waiting `create`/`update`. */
export const oozieHaVerifiedProvider: pulumi.dynamic.ResourceProvider = {
  check: (_olds: unknown, news: OozieHaVerifiedInputs) =>
    Promise.resolve({ inputs: news, failures: validateOozieHaVerifiedInputs(news) }),
  diff: (_id: string, olds: OozieHaVerifiedOutputs, news: OozieHaVerifiedInputs) =>
    Promise.resolve({ changes: changedProperties({ ...olds }, { ...news }, COMPARED).length > 0 }),
  create: async (inputs: OozieHaVerifiedInputs) => ({
    id: registrationPath(inputs.namespace),
    outs: await verifyRegistration(inputs),
  }),
  update: async (_id: string, _olds: OozieHaVerifiedOutputs, news: OozieHaVerifiedInputs) => ({
    outs: await verifyRegistration(news),
  }),
};
