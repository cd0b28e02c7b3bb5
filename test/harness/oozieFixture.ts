import type { DockerReplay } from "./dockerReplay";
import { sweepLabelled } from "./ensembleFixture";

/**
 * The registration stand-in (test/images/oozie: the stock Oozie 5 layout with a small harness
 * instead of the server), which these suites' assertions are written against. The real Oozie
 * 5.2.1 images, zkha-test/oozie:5 and zkha-test/oozie:5-older from images/oozie, are checked by
 * test/images/smoke-oozie.sh until the suites move to them.
 */
export const OOZIE_TEST_IMAGE = "zkha-test/oozie-standin:5";

/** Removes containers and volumes labelled with this Oozie cluster prefix (earlier runs). */
export function sweepOozie(prefix: string): Promise<void> {
  return sweepLabelled(`pulumi-zk-ha.oozie-cluster=${prefix}`);
}

/**
 * Lists a volume's files with size, mode, owner, modification time and checksum, from a
 * one-shot container of the test image: what "a second run changes nothing" compares.
 */
export async function snapshotVolume(
  replay: DockerReplay,
  volumeName: string,
  probeName: string,
): Promise<string> {
  const run = await replay.runOnce({
    name: probeName,
    image: OOZIE_TEST_IMAGE,
    user: "0:0",
    entrypoints: [
      "bash",
      "-c",
      "cd /probe && find . -mindepth 1 -printf '%p %s %m %u %T@\\n' | sort && find . -type f -print0 | sort -z | xargs -0 sha256sum",
    ],
    restart: "no",
    mustRun: false,
    logs: true,
    volumes: [{ volumeName, containerPath: "/probe", readOnly: true }],
    labels: [{ label: "pulumi-zk-ha.oozie-cluster", value: "it-oozie" }],
  });
  if (!run || run.exitCode !== 0) {
    throw new Error(`snapshot of ${volumeName} failed: ${JSON.stringify(run)}`);
  }
  return run.logs ?? "";
}
