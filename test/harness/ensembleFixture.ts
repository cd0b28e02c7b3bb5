import { recordProgram, type RecordingMonitor } from "../helpers/recordingMonitor";
import { ZooKeeperEnsemble, type ZooKeeperEnsembleArgs } from "../../src";
import type { QuorumReadyInputs } from "../../src/gates/quorumReadyProvider";
import { dockerApi, requireDocker } from "./dockerApi";
import { DockerReplay } from "./dockerReplay";

export const ZOOKEEPER_TEST_IMAGE = "zkha-test/zookeeper:3.8";

export interface RunningEnsemble {
  readonly monitor: RecordingMonitor;
  readonly replay: DockerReplay;
  /** The QuorumReady gate's inputs exactly as the component registered them. */
  readonly gateInputs: QuorumReadyInputs & { __provider: string };
  readonly containerNames: string[];
  readonly hostConnectString: string;
}

/**
 * Builds a ZooKeeperEnsemble under mocks and replays its Docker resources on the real engine.
 * Leftovers of an earlier, interrupted run with the same prefix are removed first.
 */
export async function startEnsemble(
  prefix: string,
  hostClientPortBase: number,
  args: ZooKeeperEnsembleArgs = {},
): Promise<RunningEnsemble> {
  await requireDocker([ZOOKEEPER_TEST_IMAGE]);
  await sweep(prefix);
  const monitor = await recordProgram(
    () =>
      new ZooKeeperEnsemble(prefix, {
        // The suites find the containers by these names.
        namePrefix: prefix,
        image: ZOOKEEPER_TEST_IMAGE,
        hostClientPortBase,
        retainDataOnDelete: false,
        ...args,
      }),
  );
  const replay = new DockerReplay();
  await replay.applyAll(monitor.registrations);
  const containerNames = monitor
    .ofType("docker:index/container:Container")
    .map((r) => String(r.inputs["name"]));
  const gateInputs = monitor.byName(`${prefix}-quorum-ready`)
    .inputs as unknown as RunningEnsemble["gateInputs"];
  const hostConnectString = gateInputs.servers.map((s) => `${s.host}:${s.port}`).join(",");
  return { monitor, replay, gateInputs, containerNames, hostConnectString };
}

/** Removes containers, volumes and the network labelled with this ensemble prefix. */
export function sweep(prefix: string): Promise<void> {
  return sweepLabelled(`pulumi-zk-ha.ensemble=${prefix}`);
}

/**
 * Removes the containers, volumes and networks carrying `label=value`: leftovers of an earlier,
 * interrupted run, so a suite starts clean.
 */
export async function sweepLabelled(labelFilter: string): Promise<void> {
  const filter = encodeURIComponent(JSON.stringify({ label: [labelFilter] }));
  const containers = JSON.parse(
    (await dockerApi("GET", `/containers/json?all=true&filters=${filter}`)).body,
  ) as { Id: string }[];
  for (const c of containers) {
    await dockerApi("DELETE", `/containers/${c.Id}?force=true`, undefined, { allow: [404] });
  }
  const volumes =
    (
      JSON.parse((await dockerApi("GET", `/volumes?filters=${filter}`)).body) as {
        Volumes: { Name: string }[] | null;
      }
    ).Volumes ?? [];
  for (const v of volumes) {
    await dockerApi("DELETE", `/volumes/${v.Name}?force=true`, undefined, { allow: [404] });
  }
  const networks = JSON.parse((await dockerApi("GET", `/networks?filters=${filter}`)).body) as {
    Id: string;
  }[];
  for (const n of networks) {
    await dockerApi("DELETE", `/networks/${n.Id}`, undefined, { allow: [404] });
  }
}
