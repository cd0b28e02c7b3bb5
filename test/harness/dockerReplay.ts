import * as path from "node:path";
import type { Registration } from "../helpers/recordingMonitor";
import { type ApiOptions, type ApiResponse, dockerApi, dockerRequest } from "./dockerApi";
import { type DockerEngine, LOCAL_ENGINE } from "./dockerEngine";
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
    entrypoints: null,
    user: null,
    envs: null,
    networksAdvanced: ["name", "aliases"],
    hosts: ["host", "ip"],
    volumes: ["volumeName", "containerPath", "readOnly"],
    uploads: ["file", "content", "contentBase64", "executable"],
    ports: ["internal", "external", "ip", "protocol"],
    healthcheck: ["tests", "interval", "timeout", "retries", "startPeriod"],
    labels: ["label", "value"],
    attach: null,
    logs: null,
    wait: null,
    waitTimeout: null,
  },
};

/** What an attached container (`attach: true`) left behind, as the provider records it. */
export interface AttachedRun {
  readonly exitCode: number;
  /** Its stdout and stderr, when `logs: true` (the provider's `containerLogs`). */
  readonly logs?: string;
}

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
  /**
   * `host:ip` entries added to every container's /etc/hosts on top of its own `hosts`: a
   * condition of the test machine, not of the program. Oozie resolves each caller's address to
   * a name before it answers; a caller that comes through a published port has the network's
   * gateway address, whose reverse lookup times out (10 s) on a machine whose resolver reaches
   * no DNS server. An /etc/hosts entry answers it at once.
   */
  constructor(
    private readonly extraHosts: readonly string[] = [],
    readonly engine: DockerEngine = LOCAL_ENGINE,
  ) {}

  /** An Engine API call on this replay's engine. */
  private api(
    method: string,
    apiPath: string,
    body?: unknown,
    options: ApiOptions = {},
  ): Promise<ApiResponse> {
    return dockerApi(method, apiPath, body, { ...options, engine: this.engine });
  }

  private readonly containers = new Set<string>();
  private readonly volumes = new Set<string>();
  private readonly networks = new Set<string>();
  /** Exit code and logs of each attached container's last run, by container name. */
  readonly attached = new Map<string, AttachedRun>();

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
    await this.api("POST", "/networks/create", {
      Name: name,
      Driver: inputs["driver"] ?? "bridge",
      Labels: labelMap(inputs["labels"]),
      CheckDuplicate: true,
    });
    this.networks.add(name);
  }

  private async createVolume(inputs: Inputs): Promise<void> {
    const name = String(inputs["name"]);
    await this.api("POST", "/volumes/create", { Name: name, Labels: labelMap(inputs["labels"]) });
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
      Entrypoint: inputs["entrypoints"] ?? inputs["entrypoint"],
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
        ExtraHosts: [
          ...((inputs["hosts"] ?? []) as { host: string; ip: string }[]).map(
            (entry) => `${entry.host}:${entry.ip}`,
          ),
          ...this.extraHosts,
        ],
        NetworkMode: first?.name ?? "bridge",
      },
      NetworkingConfig: first
        ? { EndpointsConfig: { [first.name]: { Aliases: first.aliases ?? [] } } }
        : undefined,
    };
    await this.api("POST", `/containers/create?name=${encodeURIComponent(name)}`, body);
    this.containers.add(name);
    for (const network of others) {
      await this.api("POST", `/networks/${encodeURIComponent(network.name)}/connect`, {
        Container: name,
        EndpointConfig: { Aliases: network.aliases ?? [] },
      });
    }
    for (const upload of (inputs["uploads"] ?? []) as {
      file: string;
      content?: string;
      contentBase64?: string;
      executable?: boolean;
    }[]) {
      // The provider takes exactly one of content (UTF-8) and contentBase64 (bytes).
      if ((upload.content === undefined) === (upload.contentBase64 === undefined)) {
        throw new Error(`upload ${upload.file}: give exactly one of content and contentBase64`);
      }
      const bytes =
        upload.content === undefined
          ? Buffer.from(upload.contentBase64 ?? "", "base64")
          : Buffer.from(upload.content, "utf8");
      const archive = singleFileTar(
        path.posix.basename(upload.file),
        bytes,
        upload.executable ? 0o744 : 0o644,
      );
      await this.api(
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
    if (inputs["attach"] === true) {
      // As the provider: wait for the container to stop, keep its exit code and (with `logs`)
      // its output. A non-zero exit is not an error for the provider; it is `exitCode`.
      const waited = await this.api(
        "POST",
        `/containers/${encodeURIComponent(name)}/wait?condition=not-running`,
        undefined,
        { timeoutMs: 600_000 },
      );
      const exitCode = (JSON.parse(waited.body) as { StatusCode: number }).StatusCode;
      const logs = inputs["logs"] === true ? await this.logs(name) : undefined;
      this.attached.set(name, logs === undefined ? { exitCode } : { exitCode, logs });
    }
    if (inputs["wait"] === true) {
      await this.waitHealthy(name, Number(inputs["waitTimeout"] ?? 60));
    }
    if (inputs["mustRun"] === true) {
      const state = await this.inspectState(name);
      if (!state.Running) {
        throw new Error(
          `container ${name} is not running after start (exit code ${state.ExitCode})`,
        );
      }
    }
  }

  /**
   * `wait: true`: the provider polls until the healthcheck reports healthy and fails after
   * `waitTimeout` seconds (default 60).
   */
  private async waitHealthy(name: string, timeoutSeconds: number): Promise<void> {
    const deadline = Date.now() + timeoutSeconds * 1000;
    let status = "none";
    while (Date.now() < deadline) {
      const state = await this.inspectState(name);
      status = state.Health?.Status ?? "none";
      if (status === "healthy") {
        return;
      }
      if (!state.Running) {
        throw new Error(`container ${name} exited (code ${state.ExitCode}) before it was healthy`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(
      `container ${name} failed to be healthy in ${timeoutSeconds} seconds (last: ${status})`,
    );
  }

  /** stdout and stderr of a container without a TTY, demultiplexed, in order. */
  async logs(name: string): Promise<string> {
    const response = await dockerRequest(
      "GET",
      `/containers/${encodeURIComponent(name)}/logs?stdout=true&stderr=true`,
      undefined,
      { engine: this.engine, timeoutMs: 60_000 },
    );
    return demultiplex(response.bytes);
  }

  async start(name: string): Promise<void> {
    await this.api("POST", `/containers/${encodeURIComponent(name)}/start`, undefined, {
      allow: [304],
    });
  }

  async stop(name: string): Promise<void> {
    await this.api("POST", `/containers/${encodeURIComponent(name)}/stop?t=5`, undefined, {
      allow: [304],
    });
  }

  async kill(name: string): Promise<void> {
    await this.api("POST", `/containers/${encodeURIComponent(name)}/kill`);
  }

  /**
   * Runs a probe container to completion (`attach: true` is set) and removes it: what a test
   * uses to look into a volume. A leftover with the same name is removed first.
   */
  async runOnce(inputs: Inputs): Promise<AttachedRun | undefined> {
    const name = String(inputs["name"]);
    await this.removeContainer(name);
    await this.createContainer({ ...inputs, attach: true });
    const run = this.attached.get(name);
    await this.removeContainer(name);
    return run;
  }

  /** Deletes a container the way the provider replaces one: force-remove, volumes kept. */
  async removeContainer(name: string): Promise<void> {
    await this.api("DELETE", `/containers/${encodeURIComponent(name)}?force=true`, undefined, {
      allow: [404],
    });
    this.containers.delete(name);
  }

  async inspectState(
    name: string,
  ): Promise<{ Running: boolean; ExitCode: number; Health?: { Status: string } }> {
    const response = await this.api("GET", `/containers/${encodeURIComponent(name)}/json`);
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
      await this.api("DELETE", `/volumes/${encodeURIComponent(name)}?force=true`, undefined, {
        allow: [404],
      });
      this.volumes.delete(name);
    }
    for (const name of [...this.networks]) {
      await this.api("DELETE", `/networks/${encodeURIComponent(name)}`, undefined, {
        allow: [404],
      });
      this.networks.delete(name);
    }
  }
}

/** Docker's log stream framing: 8-byte headers (stream, 0, 0, 0, big-endian length). */
export function demultiplex(stream: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= stream.length) {
    const length = stream.readUInt32BE(offset + 4);
    parts.push(stream.subarray(offset + 8, offset + 8 + length));
    offset += 8 + length;
  }
  return Buffer.concat(parts).toString("utf8");
}

function labelMap(labels: unknown): Record<string, string> {
  return Object.fromEntries(
    ((labels ?? []) as { label: string; value: string }[]).map((l) => [l.label, l.value]),
  );
}

/**
 * A duration as Go writes it ("500ms", "5s", "1.5s", "1m0s", "1h2m3s", as the docker provider
 * does) to the nanoseconds the Engine API takes. Anything else is refused, not guessed.
 */
export function nanoseconds(duration: string | undefined): number {
  if (duration === undefined || duration === "") {
    return 0;
  }
  const match = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+(?:\.\d+)?)s|(\d+)ms)?$/.exec(duration);
  if (!match) {
    throw new Error(`replay does not understand the duration "${duration}"`);
  }
  const [, hours, minutes, seconds, millis] = match;
  return Math.round(
    Number(hours ?? 0) * 3600e9 +
      Number(minutes ?? 0) * 60e9 +
      Number(seconds ?? 0) * 1e9 +
      Number(millis ?? 0) * 1e6,
  );
}
