import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { httpRequest } from "../../src/readiness/httpRequest";
import { dockerApi } from "./dockerApi";
import type { DockerReplay } from "./dockerReplay";
import { sweepLabelled } from "./ensembleFixture";

/**
 * The real Apache Oozie 5.2.1 images from images/oozie, built by test/images/build.sh: the stock
 * layout (lib is the webapp's WEB-INF/lib, curator-x-discovery included) and the "older" layout
 * (lib/ a directory without curator-x-discovery). build.sh takes the same variables to build
 * them under other tags.
 */
export const OOZIE_IMAGE = process.env["ZKHA_OOZIE_IMAGE"] ?? "zkha-test/oozie:5";
export const OOZIE_OLDER_IMAGE = process.env["ZKHA_OOZIE_OLDER_IMAGE"] ?? "zkha-test/oozie:5-older";
export const POSTGRES_TEST_IMAGE = "zkha-test/postgres:15";
/** The stock image plus the applications the suites submit (test/images/oozie-apps). */
export const OOZIE_APPS_IMAGE = process.env["ZKHA_OOZIE_APPS_IMAGE"] ?? "zkha-test/oozie:5-apps";

/** The curator-x-discovery version upstream Oozie 5.2.1 ships in WEB-INF/lib. */
export const OOZIE_CURATOR_VERSION = "2.5.0";

/** Removes containers and volumes labelled with this Oozie cluster prefix (earlier runs). */
export function sweepOozie(prefix: string): Promise<void> {
  return sweepLabelled(`pulumi-zk-ha.oozie-cluster=${prefix}`);
}

/** A PostgreSQL the Oozie servers share, reachable on the test's network as `alias:5432`. */
export interface RunningDatabase {
  readonly containerName: string;
  readonly url: string;
  readonly username: string;
  readonly password: string;
}

/**
 * Starts `<prefix>-db` from the PostgreSQL test image on `networkName`, with a freshly generated
 * password and an empty `oozie` database, labelled like the cluster's containers (so
 * {@link sweepOozie} removes it), and waits until it accepts connections. Fails, never skips,
 * when it does not.
 */
export async function startDatabase(
  prefix: string,
  networkName: string,
  password = generatePassword(),
  timeoutSeconds = 90,
): Promise<RunningDatabase> {
  const containerName = `${prefix}-db`;
  await dockerApi("POST", `/containers/create?name=${encodeURIComponent(containerName)}`, {
    Image: POSTGRES_TEST_IMAGE,
    Hostname: containerName,
    Env: ["POSTGRES_USER=oozie", `POSTGRES_PASSWORD=${password}`, "POSTGRES_DB=oozie"],
    Labels: { "pulumi-zk-ha.oozie-cluster": prefix },
    HostConfig: { NetworkMode: networkName },
    NetworkingConfig: { EndpointsConfig: { [networkName]: { Aliases: [containerName] } } },
  });
  await dockerApi("POST", `/containers/${containerName}/start`);
  const deadline = Date.now() + timeoutSeconds * 1000;
  let last = "";
  while (Date.now() < deadline) {
    // Over TCP on the container's own address, as the servers connect (not the unix socket the
    // entrypoint's temporary init server listens on).
    const probe = await execIn(containerName, [
      "pg_isready",
      "-h",
      containerName,
      "-U",
      "oozie",
      "-d",
      "oozie",
    ]);
    if (probe.exitCode === 0) {
      return {
        containerName,
        url: `jdbc:postgresql://${containerName}:5432/oozie`,
        username: "oozie",
        password,
      };
    }
    last = probe.output;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`PostgreSQL ${containerName} not ready after ${timeoutSeconds} s: ${last}`);
}

/** A fresh database password for one run. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

/** Runs a command in a running container; its exit code and output (stdout and stderr). */
export async function execIn(
  container: string,
  cmd: string[],
  user?: string,
): Promise<{ exitCode: number; output: string }> {
  const created = await dockerApi("POST", `/containers/${container}/exec`, {
    Cmd: cmd,
    AttachStdout: true,
    AttachStderr: true,
    // A TTY: one plain output stream, no multiplexing frames to undo.
    Tty: true,
    ...(user ? { User: user } : {}),
  });
  const id = (JSON.parse(created.body) as { Id: string }).Id;
  const started = await dockerApi("POST", `/exec/${id}/start`, { Detach: false, Tty: true });
  const inspected = JSON.parse((await dockerApi("GET", `/exec/${id}/json`)).body) as {
    ExitCode: number | null;
  };
  return {
    exitCode: inspected.ExitCode ?? -1,
    output: started.body.replaceAll("\r\n", "\n"),
  };
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
    image: OOZIE_OLDER_IMAGE,
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

/**
 * Asserts that the real server on each published loopback port lists exactly the cluster's
 * servers 1..count from ZooKeeper, as Oozie's HA REST call does. Oozie reverse-resolves the
 * caller (here the network's gateway) before it answers, which can take a resolver timeout.
 */
export async function assertEachListsServers(
  prefix: string,
  ports: number[],
  count = ports.length,
): Promise<void> {
  const expected = Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `${prefix}-oozie-${i + 1}`,
      `http://${prefix}-oozie-${i + 1}:11000/oozie`,
    ]),
  );
  for (const port of ports) {
    const answer = await httpRequest(
      "GET",
      `http://127.0.0.1:${port}/oozie/v2/admin/available-oozie-servers`,
      30_000,
    );
    assert.equal(answer.status, 200, answer.body);
    assert.deepEqual(JSON.parse(answer.body), expected);
  }
}

/** The address of a Docker network's gateway: where a published port's callers come from. */
export async function gatewayOf(networkName: string): Promise<string> {
  const network = JSON.parse(
    (await dockerApi("GET", `/networks/${encodeURIComponent(networkName)}`)).body,
  ) as { IPAM: { Config: { Gateway?: string }[] } };
  const gateway = network.IPAM.Config[0]?.Gateway;
  if (!gateway) {
    throw new Error(`network ${networkName} has no gateway address`);
  }
  return gateway;
}
