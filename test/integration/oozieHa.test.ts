import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { DrainGateOutputs } from "../../src/gates/drainGateProvider";
import { UNKNOWN } from "../../src/gates/unknowns";
import { setSystemMode } from "../../src/readiness/oozieJobs";
import { listChildren } from "../../src/readiness/znodeOperations";
import { withSession } from "../../src/readiness/sessionCheck";
import { readZnodeBytes } from "../../src/readiness/znodeOperations";
import type { DockerReplay } from "../harness/dockerReplay";
import { startOozieCluster, type RunningOozieCluster } from "../harness/oozieClusterFixture";
import { assertEachListsServers } from "../harness/oozieFixture";
import { FINAL, OozieRest, sequenceOf } from "../harness/oozieRest";
import type { SecretRecordingMonitor } from "../harness/oozieSecretMonitor";
import { DynamicProviderHost } from "../harness/providerHost";

const PREFIX = "it-oozieha";
const PORT_BASE = 24681;
const HTTP_PORT_BASE = 24691;
const INDEXES = [1, 2, 3] as const;
const URN = (type: string, name: string): string =>
  `urn:pulumi:test::zkha::pulumi-nodejs:dynamic/pulumi-zk-ha:${type}::${name}`;
const DRAIN_URN = URN("DrainGate", "drain");
const RELEASE_URN = URN("SafeModeRelease", "release");
const MKDIR = { "oozie.wf.application.path": "file:///opt/oozie/apps/mkdir" };

const alias = (index: number): string => `${PREFIX}-oozie-${index}`;

// Three real Apache Oozie 5.2.1 servers on a real ZooKeeper ensemble and a real PostgreSQL,
// created from the exact inputs OozieHaCluster registers; the gates run in the SDK's dynamic
// provider host, as the engine runs them; jobs are real workflows, coordinators and bundles.
void describe("Oozie HA on three real servers", { timeout: 1_200_000 }, () => {
  let cluster: RunningOozieCluster;
  let monitor: SecretRecordingMonitor;
  let replay: DockerReplay;
  let host: DynamicProviderHost;
  const servers: OozieRest[] = [];
  const server = (index: number): OozieRest => {
    const found = servers[index - 1];
    assert.ok(found, `no server ${index}`);
    return found;
  };

  before(async () => {
    cluster = await startOozieCluster(PREFIX, {
      zookeeperPortBase: PORT_BASE,
      httpPortBase: HTTP_PORT_BASE,
      serverCount: 3,
      args: { drainMode: "safemode" },
    });
    ({ monitor, replay } = cluster);
    servers.push(...cluster.servers);
    host = await DynamicProviderHost.start();
    // The drain gate runs before any server exists, as on a first `up`.
    const drain = await host.create(DRAIN_URN, monitor.inputsOf(`${PREFIX}-drain`));
    assert.deepEqual(drain.outs["answered"], []);
    await cluster.apply();
  });

  after(async () => {
    host.stop();
    await cluster.cleanup();
  });

  void it("three servers register, and each lists all three", async () => {
    const { outs } = await host.create(
      URN("OozieHaVerified", "verified"),
      monitor.inputsOf(`${PREFIX}-ha-verified`),
    );
    assert.deepEqual(outs["registered"], INDEXES.map(alias));
    await assertEachListsServers(
      PREFIX,
      servers.map((s) => s.port),
    );
  });

  void it("a workflow submitted through one server is read back SUCCEEDED through another, numbered from the shared sequence", async () => {
    const ids: string[] = [];
    for (const index of INDEXES) {
      ids.push(await server(index).submit(MKDIR));
    }
    for (const [i, id] of ids.entries()) {
      const other = server(((i + 1) % 3) + 1);
      assert.equal(await other.waitForStatus(id, "SUCCEEDED", 60_000), "SUCCEEDED", id);
    }
    // ZKUUIDService: one counter in ZooKeeper for every server, so consecutive submissions
    // through different servers get consecutive numbers, and the counter holds the next one.
    const first = sequenceOf(ids[0] ?? "");
    assert.deepEqual(ids.map(sequenceOf), [first, first + 1, first + 2]);
    const counter = await withSession(cluster.ensemble.hostConnectString, 10_000, (client) =>
      readZnodeBytes(client, "/oozie/job_id_sequence"),
    );
    assert.equal(counter?.readBigInt64BE(0), BigInt(first + 3));
  });

  void describe("with a workflow RUNNING, a coordinator in PREP and a bundle SUSPENDED", () => {
    let workflow = "";
    let coordinator = "";
    let bundle = "";
    let bundleStatus = "";
    // A bundle creates its coordinator job at once (in PREP until the kick-off time).
    let bundleCoordinator = "";
    const drainInputs = (overrides: Record<string, unknown>): Record<string, unknown> => ({
      ...monitor.inputsOf(`${PREFIX}-drain`),
      ...overrides,
    });

    before(async () => {
      // chgrp of a missing path: FS009, retried by Oozie for minutes (USER_RETRY).
      workflow = await server(1).submit({
        "oozie.wf.application.path": "file:///opt/oozie/apps/retry",
      });
      coordinator = await server(2).submit({
        "oozie.coord.application.path": "file:///opt/oozie/apps/coordinator",
        start: "2099-01-01T00:00Z",
        end: "2099-02-01T00:00Z",
      });
      bundle = await server(3).submit({
        "oozie.bundle.application.path": "file:///opt/oozie/apps/bundle",
        "oozie.bundle.kick-off.time": "2099-01-01T00:00Z",
        start: "2099-01-01T00:00Z",
        end: "2099-02-01T00:00Z",
      });
      // Suspended only once started: a bundle suspended while still PREP (its start command
      // queued behind others on a busy machine) is PREPSUSPENDED, with no coordinator yet.
      bundleCoordinator = await startedBundleCoordinator(server(3), bundle, 60_000);
      await server(3).act(bundle, "suspend");
      assert.equal(await server(2).waitForStatus(workflow, "RUNNING", 60_000), "RUNNING", workflow);
      assert.equal(await server(1).status(coordinator), "PREP", coordinator);
      bundleStatus = await server(1).waitForStatus(bundle, "SUSPENDED", 60_000);
    });

    void it("a replacement is refused, naming each job, and no server leaves NORMAL", async () => {
      await assert.rejects(host.create(DRAIN_URN, drainInputs({ mode: "refuse" })), {
        // Newest first within each type, as Oozie lists them.
        message: `4 Oozie job(s) are still active, so no server is replaced: ${workflow} (wf RUNNING), ${bundleCoordinator} (coordinator ${await server(1).status(bundleCoordinator)}), ${coordinator} (coordinator PREP), ${bundle} (bundle ${bundleStatus}). Wait for them to finish or kill them, or set drainMode "safemode" (drain) or "force"`,
      });
      assert.equal(bundleStatus, "SUSPENDED");
      for (const s of servers) {
        assert.equal(await s.systemMode(), "NORMAL");
      }
    });

    void it("a drain that times out on the running workflow puts every server back in NORMAL", async () => {
      await assert.rejects(
        host.create(DRAIN_URN, drainInputs({ mode: "safemode", timeoutSeconds: 4 })),
        new RegExp(
          `was not ready after 4 s .*still active: ${workflow} \\(wf RUNNING\\)\\. The servers drained by this run are back in NORMAL`,
        ),
      );
      for (const s of servers) {
        assert.equal(await s.systemMode(), "NORMAL");
      }
    });

    void it("once the workflow is gone the drain passes, the servers stay in SAFEMODE through the replacement, and the release puts them back", async () => {
      await server(1).act(workflow, "kill");
      const { outs } = await host.create(DRAIN_URN, drainInputs({}));
      const drained = outs as unknown as DrainGateOutputs;
      assert.deepEqual(
        drained.drained,
        servers.map((s) => s.baseUrl),
      );
      assert.deepEqual(drained.activeJobs, [bundleCoordinator, coordinator, bundle]);
      for (const s of servers) {
        assert.equal(await s.systemMode(), "SAFEMODE");
        await assert.rejects(s.submit(MKDIR), /answered 503: .*System is in safe mode/);
      }
      // The rolling replacement of server 2 (its container deleted and created, as the engine
      // does): it starts in NORMAL, the others are still drained.
      await replaceServer(2);
      assert.deepEqual(await Promise.all(servers.map((s) => s.systemMode())), [
        "SAFEMODE",
        "NORMAL",
        "SAFEMODE",
      ]);
      const release = await host.create(RELEASE_URN, {
        ...monitor.inputsOf(`${PREFIX}-safemode-release`),
        drained: drained.drained,
        drainPassedAt: drained.passedAt,
      });
      assert.deepEqual(
        release.outs["restored"],
        servers.map((s) => s.baseUrl),
      );
      for (const s of servers) {
        assert.equal(await s.systemMode(), "NORMAL");
      }
    });

    after(async () => {
      // Whatever failed above, the next tests start from servers in NORMAL with no job active.
      for (const s of servers) {
        await setSystemMode(s.baseUrl, "NORMAL", 30_000);
      }
      for (const id of [workflow, coordinator, bundle, bundleCoordinator].filter(Boolean)) {
        if (!FINAL.includes(await server(1).status(id))) {
          await server(1).act(id, "kill");
        }
      }
    });
  });

  void it("check accepts the recorded inputs and unknown previews without asking any server", async () => {
    const inputs = monitor.inputsOf(`${PREFIX}-drain`);
    assert.deepEqual((await host.check(DRAIN_URN, {}, inputs)).failures, []);
    assert.deepEqual(
      (await host.check(DRAIN_URN, {}, { ...inputs, urls: UNKNOWN, triggers: UNKNOWN })).failures,
      [],
    );
    assert.deepEqual(
      (await host.check(DRAIN_URN, {}, { ...inputs, mode: "wait" })).failures.map(
        (f) => f.property,
      ),
      ["mode"],
    );
  });

  /** Deletes and recreates one server from its recorded inputs, as a replacement does. */
  async function replaceServer(index: number): Promise<void> {
    const name = alias(index);
    await replay.removeContainer(name);
    await replay.createContainer(monitor.inputsOf(name));
  }

  void it("a rolling replacement of the three servers under load: every submission accepted, every job SUCCEEDED", async (t) => {
    const load = new SubmissionLoad(servers);
    const running = load.run();
    try {
      for (const index of INDEXES) {
        const started = Date.now();
        await replaceServer(index);
        t.diagnostic(`server ${index} replaced in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
    } finally {
      await load.stop();
      await running;
    }
    t.diagnostic(
      `${load.accepted.length} submissions accepted, ${load.refused.length} refused, ${load.retried} retried on another server`,
    );
    assert.deepEqual(load.refused, []);
    assert.ok(load.accepted.length >= 30, `only ${load.accepted.length} submissions`);
    const statuses = new Map<string, string>();
    for (const id of load.accepted) {
      statuses.set(id, await server(1).waitForStatus(id, "SUCCEEDED", 180_000));
    }
    assert.deepEqual(
      [...statuses].filter(([, status]) => status !== "SUCCEEDED"),
      [],
    );
  });

  void it("kill -9 of one server: the others keep serving, and its registration is gone within seconds", async (t) => {
    await replay.kill(alias(3));
    const killed = Date.now();
    const id = await server(1).submit(MKDIR);
    assert.equal(await server(2).waitForStatus(id, "SUCCEEDED", 60_000), "SUCCEEDED");
    let registered: string[] = [];
    for (let attempt = 0; attempt < 120; attempt++) {
      registered = await withSession(cluster.ensemble.hostConnectString, 10_000, (client) =>
        listChildren(client, "/oozie/services/servers"),
      );
      if (!registered.includes(alias(3))) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const gone = (Date.now() - killed) / 1000;
    assert.deepEqual(registered.sort(), [alias(1), alias(2)]);
    assert.deepEqual(Object.keys(await server(1).availableServers()).sort(), [alias(1), alias(2)]);
    t.diagnostic(`registration of the killed server gone after ${gone.toFixed(1)} s`);
    assert.ok(gone < 15, `the killed server stayed registered for ${gone.toFixed(1)} s`);
  });
});

/**
 * A client that submits a workflow every second to whichever server answers, as behind a load
 * balancer: it tries the servers in turn, from the one after the last that accepted, and counts
 * a submission refused only when no server accepted it.
 */
class SubmissionLoad {
  readonly accepted: string[] = [];
  readonly refused: string[] = [];
  retried = 0;
  private stopped = false;
  private next = 0;

  constructor(private readonly targets: readonly OozieRest[]) {}

  async run(): Promise<void> {
    // Bounded: at most 20 minutes of submissions, whatever happens to the test.
    for (let round = 0; round < 1200 && !this.stopped; round++) {
      const started = Date.now();
      await this.submitOnce();
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, 1000 - (Date.now() - started))),
      );
    }
  }

  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }

  /**
   * Tries each server in turn with a short timeout, as a client behind a load balancer would
   * fail over; then, all having failed, each once more with a patient one. On a 2-core machine
   * a replaced server's JVM start can hold the others' answers past the short timeout: slow is
   * not refused.
   */
  private async submitOnce(): Promise<void> {
    const errors: string[] = [];
    let tried = 0;
    for (const timeoutMs of [3000, 20_000]) {
      for (let offset = 0; offset < this.targets.length; offset++) {
        const target = this.targets[(this.next + offset) % this.targets.length];
        if (!target) {
          continue;
        }
        try {
          this.accepted.push(await new OozieRest(target.port, timeoutMs).submit(MKDIR));
          this.next = (this.next + offset + 1) % this.targets.length;
          this.retried += tried;
          return;
        } catch (error) {
          tried++;
          errors.push(`${target.port}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    this.refused.push(errors.join("; "));
  }
}

/** Waits until the bundle is RUNNING with its one coordinator job, and gives that job's id. */
async function startedBundleCoordinator(
  server: OozieRest,
  bundle: string,
  timeoutMs: number,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let seen = "";
  do {
    const info = await server.info(bundle);
    const children = (info["bundleCoordJobs"] ?? []) as { coordJobId: string }[];
    seen = `${String(info["status"])} with ${children.length} coordinator job(s)`;
    if (info["status"] === "RUNNING" && children.length === 1) {
      return children[0]?.coordJobId ?? "";
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  } while (Date.now() < deadline);
  throw new Error(`bundle ${bundle} not started after ${timeoutMs} ms: ${seen}`);
}
