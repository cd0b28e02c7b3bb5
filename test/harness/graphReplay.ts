import type { Registration } from "../helpers/recordingMonitor";
import type { DockerReplay } from "./dockerReplay";
import type { DynamicProviderHost } from "./providerHost";

const DYNAMIC = "pulumi-nodejs:dynamic/";

/** What one dynamic resource's provider returned on create. */
export interface CreatedGate {
  readonly id: string;
  readonly outs: Record<string, unknown>;
}

/**
 * The custom resources of a recorded program in an order the engine could deploy them: each
 * after every resource it depends on. Fails on a dependency that names no recorded resource
 * or on a cycle, rather than guessing.
 */
export function deploymentOrder(registrations: readonly Registration[]): Registration[] {
  const customs = registrations.filter((r) => r.custom);
  const known = new Set(registrations.map((r) => r.urn));
  const components = new Set(registrations.filter((r) => !r.custom).map((r) => r.urn));
  for (const r of customs) {
    const missing = r.dependencies.filter((urn) => !known.has(urn));
    if (missing.length > 0) {
      throw new Error(`${r.name} depends on unrecorded ${missing.join(", ")}`);
    }
  }
  const order: Registration[] = [];
  const done = new Set<string>();
  // One resource at least per round, so at most customs.length rounds.
  for (let round = 0; round < customs.length && order.length < customs.length; round++) {
    const ready = customs.filter(
      (r) =>
        !done.has(r.urn) && r.dependencies.every((urn) => done.has(urn) || components.has(urn)),
    );
    if (ready.length === 0) {
      break;
    }
    for (const r of ready) {
      order.push(r);
      done.add(r.urn);
    }
  }
  if (order.length < customs.length) {
    const stuck = customs.filter((r) => !done.has(r.urn)).map((r) => r.name);
    throw new Error(`dependency cycle among ${stuck.join(", ")}`);
  }
  return order;
}

/**
 * Deploys a recorded program for real, in {@link deploymentOrder}: Docker resources on the
 * engine from their exact inputs, dynamic resources through the SDK's provider host (check,
 * then create with the checked inputs, as the engine does). Returns what each dynamic
 * resource created, by logical name. `afterEach` runs after each resource is deployed: what
 * the test adds beside the program (a database on a network the program created).
 */
export async function replayGraph(
  registrations: readonly Registration[],
  replay: DockerReplay,
  host: DynamicProviderHost,
  afterEach: (registration: Registration) => Promise<void> = () => Promise.resolve(),
): Promise<Map<string, CreatedGate>> {
  const created = new Map<string, CreatedGate>();
  for (const r of deploymentOrder(registrations)) {
    if (r.type.startsWith("docker:")) {
      await replay.apply(r.type, r.inputs);
    } else if (r.type.startsWith(DYNAMIC)) {
      const checked = await host.check(r.urn, {}, r.inputs);
      if (checked.failures.length > 0) {
        throw new Error(`${r.name}: check failed: ${JSON.stringify(checked.failures)}`);
      }
      created.set(r.name, await host.create(r.urn, checked.inputs));
    } else {
      throw new Error(`${r.name}: replay does not deploy ${r.type}`);
    }
    await afterEach(r);
  }
  return created;
}
