import type * as pulumi from "@pulumi/pulumi";
import { drainGateProvider } from "../../src/gates/drainGateProvider";
import { flinkHaVerifiedProvider } from "../../src/gates/flinkHaVerifiedProvider";
import { generatedPasswordProvider } from "../../src/gates/generatedPasswordProvider";
import { jobManagerOrderProvider } from "../../src/gates/jobManagerOrderProvider";
import { jobManagerRejoinedProvider } from "../../src/gates/jobManagerRejoinedProvider";
import { taskManagerRejoinedProvider } from "../../src/gates/taskManagerRejoinedProvider";
import { membershipAppliedProvider } from "../../src/gates/membershipAppliedProvider";
import { membershipGuardProvider } from "../../src/gates/membershipGuardProvider";
import { oozieHaVerifiedProvider } from "../../src/gates/oozieHaVerifiedProvider";
import { quorumReadyProvider } from "../../src/gates/quorumReadyProvider";
import { serverRejoinedProvider } from "../../src/gates/serverRejoinedProvider";
import { UNKNOWN } from "../../src/gates/unknowns";
import { znodeProvider } from "../../src/gates/znodeProvider";
import type { Registration } from "./recordingMonitor";

export type Step = "same" | "create" | "update" | "replace" | "delete";

/** A preview that the engine would stop: a provider's `check` refused a resource's inputs. */
export class PreviewRefused extends Error {
  constructor(
    readonly resource: string,
    readonly failures: string[],
  ) {
    super(`${resource}: ${failures.join("; ")}`);
    this.name = "PreviewRefused";
  }
}

/** Dynamic providers by resource type; further components add theirs here. */
export const DYNAMIC_PROVIDERS: Record<string, pulumi.dynamic.ResourceProvider> = {
  "pulumi-nodejs:dynamic/pulumi-zk-ha:QuorumReady": quorumReadyProvider,
  "pulumi-nodejs:dynamic/pulumi-zk-ha:ServerRejoined": serverRejoinedProvider,
  "pulumi-nodejs:dynamic/pulumi-zk-ha:ZNode": znodeProvider,
  "pulumi-nodejs:dynamic/pulumi-zk-ha:DrainGate": drainGateProvider,
  "pulumi-nodejs:dynamic/pulumi-zk-ha:OozieHaVerified": oozieHaVerifiedProvider,
  "pulumi-nodejs:dynamic/pulumi-zk-ha:FlinkHaVerified": flinkHaVerifiedProvider,
  "pulumi-nodejs:dynamic/pulumi-zk-ha:JobManagerRejoined": jobManagerRejoinedProvider,
  "pulumi-nodejs:dynamic/pulumi-zk-ha:JobManagerOrder": jobManagerOrderProvider,
  "pulumi-nodejs:dynamic/pulumi-zk-ha:TaskManagerRejoined": taskManagerRejoinedProvider,
  "pulumi-nodejs:dynamic/pulumi-zk-ha:MembershipGuard": membershipGuardProvider,
  "pulumi-nodejs:dynamic/pulumi-zk-ha:MembershipApplied": membershipAppliedProvider,
  "pulumi-nodejs:dynamic/pulumi-zk-ha:GeneratedPassword": generatedPasswordProvider,
};

/** Docker inputs that change in place; every other input forces replacement (see FACTS). */
const IN_PLACE: Record<string, readonly string[]> = {
  "docker:index/container:Container": ["restart", "memory", "memorySwap", "cpuShares", "cpuSet"],
  "docker:index/volume:Volume": [],
  "docker:index/network:Network": [],
  // The provider rebuilds an image in place for any change; its id changes with the build.
  "docker:index/image:Image": ["build", "imageName", "skipPush", "registry", "buildOnPreview"],
};

/**
 * What `pulumi preview` would plan for moving from one recorded program to another: Docker
 * resources by the provider's replacement rules (less `ignoreChanges`), dynamic resources by
 * their own `check` and `diff`, with inputs that depend on a replaced resource treated as
 * unknown, as the engine does. A failed `check` fails the plan as it fails the preview.
 */
export async function planSteps(
  before: readonly Registration[],
  after: readonly Registration[],
  options: { runChecks?: boolean } = {},
): Promise<Map<string, Step>> {
  const olds = new Map(before.map((r) => [r.urn, r]));
  const replaced = new Set<string>();
  const steps = new Map<string, Step>();
  for (const registration of after) {
    const old = olds.get(registration.urn);
    const step = old
      ? await stepFor(old, registration, replaced, options.runChecks ?? true)
      : "create";
    if (step === "replace") {
      replaced.add(registration.urn);
    }
    steps.set(registration.name, step);
  }
  const current = new Set(after.map((r) => r.urn));
  for (const registration of before) {
    if (!current.has(registration.urn)) {
      steps.set(registration.name, "delete");
    }
  }
  return steps;
}

async function stepFor(
  old: Registration,
  next: Registration,
  replaced: ReadonlySet<string>,
  runChecks: boolean,
): Promise<Step> {
  if (!next.custom) {
    return "same";
  }
  const news: Record<string, unknown> = { ...next.inputs };
  for (const [key, urns] of Object.entries(next.propertyDependencies)) {
    if (urns.some((urn) => replaced.has(urn))) {
      news[key] = UNKNOWN;
    }
  }
  const provider = DYNAMIC_PROVIDERS[next.type];
  const failures = runChecks ? ((await provider?.check?.(old.inputs, news))?.failures ?? []) : [];
  if (failures.length > 0) {
    throw new PreviewRefused(
      next.name,
      failures.map((f) => `${f.property}: ${f.reason}`),
    );
  }
  if (provider?.diff) {
    const diff = await provider.diff(old.urn, old.inputs, news);
    if ((diff.replaces ?? []).length > 0) {
      return "replace";
    }
    return diff.changes === false ? "same" : "update";
  }
  const inPlace = IN_PLACE[next.type];
  if (!inPlace) {
    throw new Error(`no replacement rules for ${next.type}`);
  }
  const keys = new Set([...Object.keys(old.inputs), ...Object.keys(news)]);
  const changed = [...keys].filter(
    (key) =>
      !next.ignoreChanges.includes(key) &&
      (news[key] === UNKNOWN || JSON.stringify(old.inputs[key]) !== JSON.stringify(news[key])),
  );
  if (changed.length === 0) {
    return "same";
  }
  return changed.every((key) => inPlace.includes(key)) ? "update" : "replace";
}

/** Only the resources that change, as `name: step`, sorted by name. */
export function changesOf(steps: Map<string, Step>): string[] {
  return [...steps]
    .filter(([, step]) => step !== "same")
    .map(([name, step]) => `${name}: ${step}`)
    .sort();
}
