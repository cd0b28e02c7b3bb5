import type { Registration } from "../helpers/recordingMonitor";
import type { DockerEngine } from "./dockerEngine";
import { DockerReplay } from "./dockerReplay";

const PROVIDER = "pulumi:providers:docker";

/** Whether a recorded resource carries a Docker label: which component's part it is. */
export const carriesLabel =
  (label: string) =>
  (registration: Registration): boolean =>
    ((registration.inputs["labels"] ?? []) as { label: string }[]).some((l) => l.label === label);

/**
 * Replays a program's Docker resources each on the engine of its own provider, as the engine
 * would send each to the Docker host its provider names. A resource without an explicit
 * provider is refused: a multi-host program places everything.
 */
export class PlacedReplay {
  private readonly replays = new Map<string, DockerReplay>();
  private readonly replayOfContainer = new Map<string, DockerReplay>();

  constructor(private readonly engineFor: (host: string) => DockerEngine) {}

  async applyAll(
    registrations: readonly Registration[],
    include: (registration: Registration) => boolean = () => true,
  ): Promise<void> {
    const hosts = new Map(
      registrations
        .filter((r) => r.type === PROVIDER)
        .map((r) => [r.urn, String(r.inputs["host"])] as const),
    );
    for (const registration of registrations) {
      if (!registration.type.startsWith("docker:") || !include(registration)) {
        continue;
      }
      // A provider reference is "<urn>::<id>".
      const providerUrn = registration.provider.slice(0, registration.provider.lastIndexOf("::"));
      const host = hosts.get(providerUrn);
      if (host === undefined) {
        throw new Error(`${registration.name} has no docker provider of its own`);
      }
      const replay = this.replayFor(host);
      await replay.apply(registration.type, registration.inputs);
      if (registration.type === "docker:index/container:Container") {
        this.replayOfContainer.set(String(registration.inputs["name"]), replay);
      }
    }
  }

  /** The replay (and so the engine) a container was created on. */
  of(containerName: string): DockerReplay {
    const replay = this.replayOfContainer.get(containerName);
    if (!replay) {
      throw new Error(`container ${containerName} was not replayed`);
    }
    return replay;
  }

  async cleanup(): Promise<void> {
    for (const replay of this.replays.values()) {
      await replay.cleanup();
    }
  }

  private replayFor(host: string): DockerReplay {
    let replay = this.replays.get(host);
    if (!replay) {
      replay = new DockerReplay([], this.engineFor(host));
      this.replays.set(host, replay);
    }
    return replay;
  }
}
