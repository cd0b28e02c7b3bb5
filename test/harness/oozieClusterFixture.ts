import { quorumReadyProvider } from "../../src/gates/quorumReadyProvider";
import { OozieHaCluster } from "../../src/oozie/cluster";
import type { OozieHaClusterArgs } from "../../src/oozie/clusterArgs";
import { requireDocker } from "./dockerApi";
import { DockerReplay } from "./dockerReplay";
import { startEnsemble, sweep, type RunningEnsemble } from "./ensembleFixture";
import {
  gatewayOf,
  OOZIE_APPS_IMAGE,
  POSTGRES_TEST_IMAGE,
  startDatabase,
  sweepOozie,
  type RunningDatabase,
} from "./oozieFixture";
import { OozieRest } from "./oozieRest";
import { recordProgramWithSecrets, type SecretRecordingMonitor } from "./oozieSecretMonitor";

/** A real Oozie HA cluster made from what OozieHaCluster registers, on a fresh ensemble. */
export interface RunningOozieCluster {
  readonly ensemble: RunningEnsemble;
  readonly db: RunningDatabase;
  readonly monitor: SecretRecordingMonitor;
  readonly replay: DockerReplay;
  /** REST clients of servers 1..serverCount, on their published loopback ports. */
  readonly servers: OozieRest[];
  /** Records the same cluster with other inputs, on the same ensemble and database. */
  record(args?: Partial<OozieHaClusterArgs>): Promise<SecretRecordingMonitor>;
  /** Creates a recorded program's Docker resources (default: `monitor`'s), in registration order. */
  apply(recorded?: SecretRecordingMonitor): Promise<void>;
  /** Removes everything the cluster, its ensemble and its database made. */
  cleanup(): Promise<void>;
}

/** What a cluster of the suites needs besides the caller's own settings. */
export interface OozieClusterOptions {
  readonly zookeeperPortBase: number;
  readonly httpPortBase: number;
  readonly serverCount: number;
  /** Further OozieHaCluster inputs, such as drainMode or zookeeperSessionTimeoutSeconds. */
  readonly args?: Partial<OozieHaClusterArgs>;
}

/** The oozie-site.xml settings that let workflows run fs actions on the server's own disk. */
export const LOCAL_FILESYSTEM_SITE: Readonly<Record<string, string>> = {
  "oozie.service.HadoopAccessorService.supported.filesystems": "hdfs,hftp,webhdfs,file",
  "oozie.service.WorkflowAppService.system.libpath": "file:///opt/oozie/share/lib",
};

/**
 * Starts a 3-server ZooKeeper ensemble and a PostgreSQL under `prefix`, records an
 * OozieHaCluster of real Oozie servers (the image with the suites' applications) on them; its
 * `apply` creates them. Fails, never skips, when an image is missing.
 */
export async function startOozieCluster(
  prefix: string,
  options: OozieClusterOptions,
): Promise<RunningOozieCluster> {
  await requireDocker([OOZIE_APPS_IMAGE, POSTGRES_TEST_IMAGE]);
  await sweepOozie(prefix);
  const replayOf = { current: undefined as DockerReplay | undefined };
  const cleanup = async (): Promise<void> => {
    await replayOf.current?.cleanup();
    await sweepOozie(prefix);
    await sweep(prefix);
  };
  try {
    const ensemble = await startEnsemble(prefix, options.zookeeperPortBase);
    const replay = new DockerReplay([`docker-gateway:${await gatewayOf(`${prefix}-zk`)}`]);
    replayOf.current = replay;
    const db = await startDatabase(prefix, `${prefix}-zk`);
    await quorumReadyProvider.create({ ...ensemble.gateInputs, timeoutSeconds: 120 });
    const record = (args: Partial<OozieHaClusterArgs> = {}): Promise<SecretRecordingMonitor> =>
      recordProgramWithSecrets(() => {
        new OozieHaCluster(prefix, {
          namePrefix: prefix,
          image: OOZIE_APPS_IMAGE,
          zookeeper: {
            connectString: [1, 2, 3].map((id) => `${prefix}-zk-${id}:2181`).join(","),
            tickTime: 250,
            maxSessionTimeout: 40000,
            readinessConnectString: ensemble.hostConnectString,
            networkName: `${prefix}-zk`,
          },
          baseUrl: `http://${prefix}-vip:11000/oozie`,
          serverCount: options.serverCount,
          database: {
            driver: "org.postgresql.Driver",
            url: db.url,
            username: db.username,
            password: db.password,
          },
          hostHttpPortBase: options.httpPortBase,
          extraSiteProperties: { ...LOCAL_FILESYSTEM_SITE },
          serverReadyTimeoutSeconds: 240,
          readyTimeoutSeconds: 60,
          ...options.args,
          ...args,
        });
      });
    const monitor = await record();
    const apply = async (recorded = monitor): Promise<void> => {
      for (const registration of recorded.registrations) {
        if (registration.type.startsWith("docker:")) {
          await replay.apply(registration.type, recorded.inputsOf(registration.name));
        }
      }
    };
    const servers = Array.from(
      { length: options.serverCount },
      (_, i) => new OozieRest(options.httpPortBase + i),
    );
    return { ensemble, db, monitor, replay, servers, record, apply, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
