import * as path from "node:path";
import type { Registration } from "../helpers/recordingMonitor";
import { dockerApi } from "./dockerApi";
import { singleFileTar } from "./tar";

type Inputs = Record<string, unknown>;

/**
 * The inputs this replay implements, per resource type, with the keys of their nested objects.
 * Anything else is refused: a replay that silently ignored an input would test a different
 * container than the one the provider would create.
 */
const IMPLEMENTED: Record<string, Record<string, readonly string[] | null>> = {
  "docker:index/network:Network": { name: null, driver: null, labels: ["label", "value"] },
  "docker:index/volume:Volume": { name: null, labels: ["label", "value"] },
  "docker:index/container:Container": {
    name: null,
    image: null,
    hostname: null,
    restart: null,
    mustRun: null,
    command: null,
    entrypoint: null,
    user: null,
    envs: null,
    networksAdvanced: ["name", "aliases"],
    volumes: ["volumeName", "containerPath", "readOnly"],
    uploads: ["file", "content", "executable"],
    ports: ["internal", "external", "ip", "protocol"],
    healthcheck: ["tests", "interval", "timeout", "retries", "startPeriod"],
    labels: ["label", "value"],
  },
};

/** Refuses any input field (or nested key) the replay does not implement. */
export function assertImplemented(type: string, inputs: Inputs): void {
  const fields = IMPLEMENTED[type];
  if (!fields) {
    throw new Error(`replay does not implement resource type ${type}`);
  }
  for (const [key, value] of Object.entries(inputs)) {
    if (!(key in fields)) {
      throw new Error(`replay does not implement ${type} input "${key}"`);
    }
    const nested = fields[key];
    if (nested) {
      const items = Array.isArray(value) ? (value as unknown[]) : [value];
      for (const item of items) {
        for (const inner of Object.keys(item as object)) {
          if (!nested.includes(inner)) {
            throw new Error(`replay does not implement ${type} input "${key}.${inner}"`);
          }
        }
      }
    }
  }
}

/**
 * Creates, on the real Docker engine, the networks, volumes and containers a program
 * registered, from the exact inputs the Docker provider would receive. Remembers what it made
 * so `cleanup` removes it all.
 */
export class DockerReplay {
  private readonly containers = new Set<string>();
  private readonly volumes = new Set<string>();
  private readonly networks = new Set<string>();

  /** Applies every Docker resource of a recorded program, in registration order. */
  async applyAll(registrations: readonly Registration[]): Promise<void> {
    for (const registration of registrations) {
      if (registration.type.startsWith("docker:")) {
        await this.apply(registration.type, registration.inputs);
      }
    }
  }

  async apply(type: string, inputs: Inputs): Promise<void> {
    assertImplemented(type, inputs);
    switch (type) {
      case "docker:index/network:Network":
        await this.createNetwork(inputs);
        return;
      case "docker:index/volume:Volume":
        await this.createVolume(inputs);
        return;
      default:
        await this.createContainer(inputs);
    }
  }

  private async createNetwork(inputs: Inputs): Promise<void> {
    const name = String(inputs["name"]);
    await dockerApi("POST", "/networks/create", {
      Name: name,
      Driver: inputs["driver"] ?? "bridge",
      Labels: labelMap(inputs["labels"]),
      CheckDuplicate: true,
    });
    this.networks.add(name);
  }

  private async createVolume(inputs: Inputs): Promise<void> {
    const name = String(inputs["name"]);
    await dockerApi("POST", "/volumes/create", { Name: name, Labels: labelMap(inputs["labels"]) });
    this.volumes.add(name);
  }

  /** Create, connect networks, upload files, start: the provider's order. */
  async createContainer(inputs: Inputs): Promise<void> {
    const name = String(inputs["name"]);
    const networks = (inputs["networksAdvanced"] ?? []) as { name: string; aliases?: string[] }[];
    const ports = (inputs["ports"] ?? []) as {
      internal: number;
      external?: number;
      ip?: string;
      protocol?: string;
    }[];
    const volumes = (inputs["volumes"] ?? []) as {
      volumeName: string;
      containerPath: string;
      readOnly?: boolean;
    }[];
    const healthcheck = inputs["healthcheck"] as
      | {
          tests: string[];
          interval?: string;
          timeout?: string;
          retries?: number;
          startPeriod?: string;
        }
      | undefined;
    const [first, ...others] = networks;
    const portKey = (p: { internal: number; protocol?: string }): string =>
      `${p.internal}/${p.protocol ?? "tcp"}`;
    const body = {
      Image: inputs["image"],
      Hostname: inputs["hostname"],
      Env: inputs["envs"] ?? [],
      Cmd: inputs["command"],
      Entrypoint: inputs["entrypoint"],
      User: inputs["user"],
      Labels: labelMap(inputs["labels"]),
      ExposedPorts: Object.fromEntries(ports.map((p) => [portKey(p), {}])),
      Healthcheck: healthcheck && {
        Test: healthcheck.tests,
        Interval: nanoseconds(healthcheck.interval),
        Timeout: nanoseconds(healthcheck.timeout),
        Retries: healthcheck.retries ?? 0,
        StartPeriod: nanoseconds(healthcheck.startPeriod),
      },
      HostConfig: {
        Mounts: volumes.map((v) => ({
          Type: "volume",
          Source: v.volumeName,
          Target: v.containerPath,
          ReadOnly: v.readOnly ?? false,
        })),
        PortBindings: Object.fromEntries(
          ports.map((p) => [
            portKey(p),
            [{ HostIp: p.ip ?? "", HostPort: String(p.external ?? "") }],
          ]),
        ),
        RestartPolicy: { Name: inputs["restart"] ?? "no" },
        NetworkMode: first?.name ?? "bridge",
      },
      NetworkingConfig: first
        ? { EndpointsConfig: { [first.name]: { Aliases: first.aliases ?? [] } } }
        : undefined,
    };
    await dockerApi("POST", `/containers/create?name=${encodeURIComponent(name)}`, body);
    this.containers.add(name);
    for (const network of others) {
      await dockerApi("POST", `/networks/${encodeURIComponent(network.name)}/connect`, {
        Container: name,
        EndpointConfig: { Aliases: network.aliases ?? [] },
      });
    }
    for (const upload of (inputs["uploads"] ?? []) as {
      file: string;
      content: string;
      executable?: boolean;
    }[]) {
      const archive = singleFileTar(
        path.posix.basename(upload.file),
        Buffer.from(upload.content, "utf8"),
        upload.executable ? 0o744 : 0o644,
      );
      await dockerApi(
        "PUT",
        `/containers/${encodeURIComponent(name)}/archive?path=${encodeURIComponent(path.posix.dirname(upload.file))}`,
        undefined,
        {
          raw: archive,
          contentType: "application/x-tar",
        },
      );
    }
    await this.start(name);
    if (inputs["mustRun"] === true) {
      const state = await this.inspectState(name);
      if (!state.Running) {
        throw new Error(
          `container ${name} is not running after start (exit code ${state.ExitCode})`,
        );
      }
    }
  }

  async start(name: string): Promise<void> {
    await dockerApi("POST", `/containers/${encodeURIComponent(name)}/start`, undefined, {
      allow: [304],
    });
  }

  async stop(name: string): Promise<void> {
    await dockerApi("POST", `/containers/${encodeURIComponent(name)}/stop?t=5`, undefined, {
      allow: [304],
    });
  }

  async kill(name: string): Promise<void> {
    await dockerApi("POST", `/containers/${encodeURIComponent(name)}/kill`);
  }

  /** Deletes a container the way the provider replaces one: force-remove, volumes kept. */
  async removeContainer(name: string): Promise<void> {
    await dockerApi("DELETE", `/containers/${encodeURIComponent(name)}?force=true`, undefined, {
      allow: [404],
    });
    this.containers.delete(name);
  }

  async inspectState(
    name: string,
  ): Promise<{ Running: boolean; ExitCode: number; Health?: { Status: string } }> {
    const response = await dockerApi("GET", `/containers/${encodeURIComponent(name)}/json`);
    return (
      JSON.parse(response.body) as {
        State: { Running: boolean; ExitCode: number; Health?: { Status: string } };
      }
    ).State;
  }

  /** Removes everything this replay created; safe to call more than once. */
  async cleanup(): Promise<void> {
    for (const name of [...this.containers]) {
      await this.removeContainer(name);
    }
    for (const name of [...this.volumes]) {
      await dockerApi("DELETE", `/volumes/${encodeURIComponent(name)}?force=true`, undefined, {
        allow: [404],
      });
      this.volumes.delete(name);
    }
    for (const name of [...this.networks]) {
      await dockerApi("DELETE", `/networks/${encodeURIComponent(name)}`, undefined, {
        allow: [404],
      });
      this.networks.delete(name);
    }
  }
}

function labelMap(labels: unknown): Record<string, string> {
  return Object.fromEntries(
    ((labels ?? []) as { label: string; value: string }[]).map((l) => [l.label, l.value]),
  );
}

/** "5s", "500ms", "1m" to the nanoseconds the Engine API takes. */
export function nanoseconds(duration: string | undefined): number {
  if (duration === undefined || duration === "") {
    return 0;
  }
  const match = /^(\d+)(ms|s|m|h)$/.exec(duration);
  if (!match) {
    throw new Error(`replay does not understand the duration "${duration}"`);
  }
  const unit = { ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 }[match[2] as "ms" | "s" | "m" | "h"];
  return Number(match[1]) * unit;
}
