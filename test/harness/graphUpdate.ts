import { isDeepStrictEqual } from "node:util";
import type { Registration } from "../helpers/recordingMonitor";
import { dockerApi } from "./dockerApi";
import type { DockerReplay } from "./dockerReplay";
import { deploymentOrder } from "./graphReplay";
import type { DynamicProviderHost } from "./providerHost";

const DYNAMIC = "pulumi-nodejs:dynamic/";

type Props = Record<string, unknown>;

/** One resource as the last deployment left it. */
interface Deployed {
  readonly registration: Registration;
  readonly id: string;
  readonly outs: Props;
}

/** What one deployment did to one resource. */
export interface Step {
  readonly name: string;
  readonly op: "create" | "replace" | "update" | "same" | "delete";
  readonly ms: number;
}

/**
 * Deploys recorded programs one after another the way the engine updates a stack: in
 * dependency order, each resource after those it depends on. Docker resources whose inputs
 * changed are replaced delete-first (the components' containers have fixed names); dynamic
 * resources go through the SDK's provider host (check with the old inputs, diff, then create
 * or update). Resources the new program no longer has are deleted last, volumes only when not
 * retained on delete, as the engine does.
 */
export class GraphUpdate {
  private readonly deployed = new Map<string, Deployed>();
  /**
   * The id each Docker resource has now. The mocks give every resource the id `<name>-id`,
   * the same after a replacement; the engine gives a replaced container a new id, which is
   * what makes a gate that takes it as a trigger wait. So each creation gets a new one here.
   */
  private readonly liveIds = new Map<string, string>();
  private generation = 0;

  /** `inputs` with every mock id replaced by the resource's id now. */
  private withLiveIds(value: unknown): unknown {
    if (typeof value === "string") {
      return this.liveIds.get(value) ?? value;
    }
    if (Array.isArray(value)) {
      return value.map((v) => this.withLiveIds(v));
    }
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.withLiveIds(v)]));
    }
    return value;
  }

  constructor(
    private readonly replay: DockerReplay,
    private readonly host: DynamicProviderHost,
  ) {}

  /** Outputs of a dynamic resource as last created or updated. */
  outputsOf(name: string): Props {
    const found = this.deployed.get(name);
    if (!found) {
      throw new Error(`${name} is not deployed`);
    }
    return found.outs;
  }

  async deploy(registrations: readonly Registration[]): Promise<Step[]> {
    const steps: Step[] = [];
    const wanted = new Set(registrations.map((r) => r.name));
    for (const r of deploymentOrder(registrations)) {
      const started = Date.now();
      const op = await this.deployOne(r);
      steps.push({ name: r.name, op, ms: Date.now() - started });
    }
    for (const [name, old] of [...this.deployed].reverse()) {
      if (!wanted.has(name)) {
        const started = Date.now();
        await this.remove(old);
        this.deployed.delete(name);
        steps.push({ name, op: "delete", ms: Date.now() - started });
      }
    }
    return steps;
  }

  private async deployOne(r: Registration): Promise<Step["op"]> {
    const previous = this.deployed.get(r.name);
    if (r.type.startsWith("docker:")) {
      if (previous && isDeepStrictEqual(previous.registration.inputs, r.inputs)) {
        this.deployed.set(r.name, { ...previous, registration: r });
        return "same";
      }
      if (previous) {
        if (r.type !== "docker:index/container:Container") {
          throw new Error(`${r.name}: replay replaces only containers`);
        }
        await this.replay.removeContainer(String(previous.registration.inputs["name"]));
        await this.replay.createContainer(r.inputs);
      } else {
        await this.replay.apply(r.type, r.inputs);
      }
      this.deployed.set(r.name, { registration: r, id: String(r.inputs["name"]), outs: r.inputs });
      this.liveIds.set(`${r.name}-id`, `${r.name}-id-${++this.generation}`);
      return previous ? "replace" : "create";
    }
    if (!r.type.startsWith(DYNAMIC)) {
      throw new Error(`${r.name}: replay does not deploy ${r.type}`);
    }
    const olds = previous?.registration.inputs ?? {};
    const inputs = this.withLiveIds(r.inputs) as Props;
    const checked = await this.host.check(r.urn, olds, inputs);
    if (checked.failures.length > 0) {
      throw new Error(`${r.name}: check failed: ${JSON.stringify(checked.failures)}`);
    }
    if (!previous) {
      const created = await this.host.create(r.urn, checked.inputs);
      this.deployed.set(r.name, {
        registration: { ...r, inputs },
        id: created.id,
        outs: created.outs,
      });
      return "create";
    }
    const diff = await this.host.diff(r.urn, previous.id, previous.outs, checked.inputs);
    if (diff.changes !== "some") {
      this.deployed.set(r.name, { ...previous, registration: { ...r, inputs } });
      return "same";
    }
    const updated = await this.host.update(r.urn, previous.id, previous.outs, checked.inputs);
    this.deployed.set(r.name, {
      registration: { ...r, inputs },
      id: previous.id,
      outs: updated.outs,
    });
    return "update";
  }

  private async remove(old: Deployed): Promise<void> {
    const { type, inputs, retainOnDelete } = old.registration;
    const name = String(inputs["name"]);
    if (type === "docker:index/container:Container") {
      await this.replay.removeContainer(name);
    } else if (type === "docker:index/volume:Volume" && !retainOnDelete) {
      await dockerApi("DELETE", `/volumes/${encodeURIComponent(name)}`, undefined, {
        allow: [404],
      });
    } else if (type === "docker:index/network:Network") {
      await dockerApi("DELETE", `/networks/${encodeURIComponent(name)}`, undefined, {
        allow: [404],
      });
    }
  }
}
