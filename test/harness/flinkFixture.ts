import { recordProgram, type RecordingMonitor, type StateFor } from "../helpers/recordingMonitor";
import { LABELS, ROLES } from "../../src/common/labels";
import { FlinkHaCluster } from "../../src/flink/cluster";
import type { FlinkHaClusterArgs } from "../../src/flink/flinkArgs";
import type { PlainEnsembleArgs } from "../../src/zookeeper/ensembleArgs";
import { resolveEnsembleSpec } from "../../src/zookeeper/ensembleSpec";
import type { FlinkHaVerifiedInputs } from "../../src/gates/flinkHaVerifiedProvider";
import { znodeProvider } from "../../src/gates/znodeProvider";
import { quorumReadyProvider } from "../../src/gates/quorumReadyProvider";
import { dockerRequest, requireDocker } from "./dockerApi";
import { type DockerEngine, LOCAL_ENGINE } from "./dockerEngine";
import { demultiplex, DockerReplay } from "./dockerReplay";
import {
  startEnsemble,
  sweep as sweepEnsemble,
  sweepLabelled,
  type RunningEnsemble,
} from "./ensembleFixture";

export const FLINK_TEST_VERSION = "2.1.1";
export const FLINK_TEST_IMAGE = `zkha-test/flink:${FLINK_TEST_VERSION}`;
/** Where the test image keeps the never-ending test job (test/images/flink/job). */
export const FAILOVER_JOB_PATH = "/opt/flink/examples/zkha/failover-job.jar";

export interface RunningFlink {
  readonly ensemble: RunningEnsemble;
  readonly monitor: RecordingMonitor;
  readonly replay: DockerReplay;
  /** FlinkHaVerified's inputs as the component registered them, without the serialized provider. */
  readonly haVerifiedInputs: FlinkHaVerifiedInputs;
  /** The same with `__provider`, the serialized provider the engine would load. */
  readonly haVerifiedRegistered: Record<string, unknown>;
  readonly jobManagers: { name: string; restUrl: string }[];
  readonly taskManagers: string[];
  readonly haPath: string;
  /** Records the same cluster again, with some arguments changed: the next deployment's program. */
  /** `stateFor` gives mocked resources state, as the engine would after their update. */
  record(changed?: Partial<FlinkHaClusterArgs>, stateFor?: StateFor): Promise<RecordingMonitor>;
  /** Removes the Flink containers and volume, then the ensemble. */
  cleanup(): Promise<void>;
}

/**
 * Starts a ZooKeeper ensemble, then a FlinkHaCluster built under mocks from plain ensemble
 * values, replayed on the real engine in the graph's order: ZNode gate, containers. Leftovers
 * of an interrupted run with the same prefixes are removed first.
 */
export async function startFlink(
  ensemblePrefix: string,
  ensemblePortBase: number,
  clusterName: string,
  args: Partial<FlinkHaClusterArgs> = {},
  ensembleArgs: PlainEnsembleArgs = {},
  /** Runs once the ensemble has a quorum, before any Flink container exists. */
  beforeFlink?: (ensemble: RunningEnsemble) => Promise<void>,
): Promise<RunningFlink> {
  await requireDocker([FLINK_TEST_IMAGE]);
  await sweepFlink(clusterName);
  const ensemble = await startEnsemble(ensemblePrefix, ensemblePortBase, ensembleArgs);
  const replay = new DockerReplay();
  const cleanup = async (): Promise<void> => {
    await replay.cleanup();
    await sweepFlink(clusterName);
    await ensemble.replay.cleanup();
    await sweepEnsemble(ensemblePrefix);
  };
  try {
    await quorumReadyProvider.create({ ...ensemble.gateInputs, timeoutSeconds: 120 });
    if (beforeFlink) {
      await beforeFlink(ensemble);
      await quorumReadyProvider.create({ ...ensemble.gateInputs, timeoutSeconds: 120 });
    }
    const record = (
      changed: Partial<FlinkHaClusterArgs> = {},
      stateFor?: StateFor,
    ): Promise<RecordingMonitor> =>
      recordFlinkCluster(
        ensemblePrefix,
        ensemble,
        ensembleArgs,
        clusterName,
        { ...args, ...changed },
        stateFor,
      );
    const monitor = await record();
    const znode = withoutProvider(monitor.byName(`${clusterName}-ha-znode`).inputs);
    await znodeProvider.create(znode);
    await replay.applyAll(monitor.registrations);
    const haVerifiedRegistered = monitor.byName(`${clusterName}-ha-verified`).inputs;
    const haVerifiedInputs = withoutProvider(haVerifiedRegistered);
    const containers = monitor.ofType("docker:index/container:Container");
    const jobManagers = containers
      .filter((r) => roleOf(r.inputs) === ROLES.flinkJobManager)
      .map((r) => {
        const port = (r.inputs["ports"] as { external: number }[])[0]?.external ?? 0;
        return { name: String(r.inputs["name"]), restUrl: `http://127.0.0.1:${port}` };
      });
    const taskManagers = containers
      .filter((r) => roleOf(r.inputs) === ROLES.flinkTaskManager)
      .map((r) => String(r.inputs["name"]));
    return {
      ensemble,
      monitor,
      replay,
      haVerifiedInputs: haVerifiedInputs as unknown as FlinkHaVerifiedInputs,
      haVerifiedRegistered,
      jobManagers,
      taskManagers,
      haPath: String(znode["path"]),
      record,
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** The FlinkHaCluster program on this ensemble, recorded under mocks. */
function recordFlinkCluster(
  ensemblePrefix: string,
  ensemble: RunningEnsemble,
  ensembleArgs: PlainEnsembleArgs,
  clusterName: string,
  args: Partial<FlinkHaClusterArgs>,
  stateFor?: StateFor,
): Promise<RecordingMonitor> {
  const servers = ensemble.monitor
    .ofType("docker:index/container:Container")
    .map((r) => `${String(r.inputs["hostname"])}:2181`);
  const zkTiming = resolveEnsembleSpec(ensemblePrefix, ensembleArgs);
  return recordProgram(
    () =>
      new FlinkHaCluster(clusterName, {
        namePrefix: clusterName,
        flinkVersion: FLINK_TEST_VERSION,
        image: FLINK_TEST_IMAGE,
        zookeeper: {
          connectString: servers.join(","),
          readinessConnectString: ensemble.hostConnectString,
          networkName: `${ensemblePrefix}-zk`,
          // What a ZooKeeperEnsemble exposes: the cluster derives its timeouts from them.
          tickTime: zkTiming.tickTime,
          maxSessionTimeout: zkTiming.maxSessionTimeout,
        },
        jobManagerMemory: "768m",
        taskManagerMemory: "1024m",
        ...args,
      }),
    { ...(stateFor ? { stateFor } : {}) },
  );
}

/** A registered container's role label (the storage owner step is neither member). */
function roleOf(inputs: Record<string, unknown>): string | undefined {
  const labels = (inputs["labels"] ?? []) as { label: string; value: string }[];
  return labels.find((l) => l.label === LABELS.role)?.value;
}

/** Registered inputs of a dynamic resource without its serialized provider. */
export function withoutProvider(inputs: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...inputs };
  delete copy["__provider"];
  return copy;
}

/** Removes containers and volumes labelled with this Flink cluster prefix. */
export function sweepFlink(prefix: string): Promise<void> {
  return sweepLabelled(`pulumi-zk-ha.flink-cluster=${prefix}`);
}

/** A file from a container, through the engine's archive API (first tar entry). */
export async function copyFileFromContainer(
  container: string,
  path: string,
  engine: DockerEngine = LOCAL_ENGINE,
): Promise<Buffer> {
  const tar = await rawGet(
    `/containers/${encodeURIComponent(container)}/archive?path=${encodeURIComponent(path)}`,
    engine,
  );
  return tarEntries(tar)[0]?.content ?? Buffer.alloc(0);
}

/** The entries below `path` in a container (recursive), with their owner's uid. */
export async function listContainerFiles(
  container: string,
  path: string,
): Promise<{ name: string; uid: number }[]> {
  const tar = await rawGet(
    `/containers/${encodeURIComponent(container)}/archive?path=${encodeURIComponent(path)}`,
  );
  return tarEntries(tar).map(({ name, uid }) => ({ name, uid }));
}

/** A container's combined stdout and stderr, optionally only since a time (ms since epoch). */
export async function containerLogs(
  container: string,
  sinceMs = 0,
  engine: DockerEngine = LOCAL_ENGINE,
): Promise<string> {
  const since = Math.floor(sinceMs / 1000);
  const raw = await rawGet(
    `/containers/${encodeURIComponent(container)}/logs?stdout=true&stderr=true&since=${since}`,
    engine,
  );
  return demultiplex(raw);
}

async function rawGet(path: string, engine: DockerEngine = LOCAL_ENGINE): Promise<Buffer> {
  return (await dockerRequest("GET", path, undefined, { engine, timeoutMs: 60_000 })).bytes;
}

/** Entries of a (ustar / GNU) tar archive; enough for files the engine sends. */
export function tarEntries(tar: Buffer): { name: string; uid: number; content: Buffer }[] {
  const entries: { name: string; uid: number; content: Buffer }[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) {
      break;
    }
    const field = (start: number, length: number): string =>
      header
        .subarray(start, start + length)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const uid = parseInt(field(108, 8).trim() || "0", 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const content = tar.subarray(offset + 512, offset + 512 + size);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    if (type === "L") {
      longName = content.toString("utf8").replace(/\0.*$/s, "");
    } else if (type === "0" || type === "" || type === "5") {
      entries.push({ name, uid, content: Buffer.from(content) });
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}
