import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { flinkHaVerifiedProvider } from "../../src/gates/flinkHaVerifiedProvider";
import { flinkLeaderCheck } from "../../src/readiness/flinkLeaderCheck";
import { withSession } from "../../src/readiness/sessionCheck";
import {
  FLINK_TEST_IMAGE,
  FLINK_TEST_VERSION,
  containerLogs,
  copyFileFromContainer,
  FAILOVER_JOB_PATH,
  listContainerFiles,
  startFlink,
  withoutProvider,
  type RunningFlink,
} from "../harness/flinkFixture";
import {
  allTasksRunning,
  poll,
  restGet,
  runJar,
  uploadJar,
  type RestAnswer,
} from "../harness/flinkRest";
import { DynamicProviderHost } from "../harness/providerHost";
import { dockerApi } from "../harness/dockerApi";
import { chainOrder, LeaderWatch } from "../harness/flinkRolling";
import { jobManagerOrderProvider } from "../../src/gates/jobManagerOrderProvider";
import { jobManagerRejoinedProvider } from "../../src/gates/jobManagerRejoinedProvider";
import { taskManagerRejoinedProvider } from "../../src/gates/taskManagerRejoinedProvider";
import { registeredProcess } from "../../src/readiness/taskManagerRegisteredCheck";
import { waitFor } from "../../src/readiness/waitFor";

const ENSEMBLE_PREFIX = "it-flink";
const ENSEMBLE_PORT_BASE = 24381;
const CLUSTER = "it-flink-ha";
const REST_PORT_BASE = 24481;
const KILLS = 3;
const GATE_URN =
  "urn:pulumi:test::zkha::pulumi-nodejs:dynamic/pulumi-zk-ha:FlinkHaVerified::it-flink-ha-ha-verified";

// A real Flink 2.1 HA cluster (two JobManagers, one TaskManager) on a real three-server
// ZooKeeper ensemble, created from the exact container inputs the component registers.
void describe("FlinkHaCluster on the Docker engine", { timeout: 1_500_000 }, () => {
  let flink: RunningFlink;
  // Each test reads the leader and the job itself, so any one passes when run alone.
  let jobId = "";
  const failoverSeconds: number[] = [];

  before(async () => {
    flink = await startFlink(ENSEMBLE_PREFIX, ENSEMBLE_PORT_BASE, CLUSTER, {
      hostRestPortBase: REST_PORT_BASE,
      taskManagers: 2,
    });
  });

  after(async () => {
    if (failoverSeconds.length > 0) {
      console.log(`failover seconds: ${failoverSeconds.map((s) => s.toFixed(1)).join(", ")}`);
    }
    await flink.cleanup();
  });

  const restUrlOf = (name: string): string => {
    const jm = flink.jobManagers.find((j) => j.name === name);
    assert.ok(jm, `no JobManager ${name}`);
    return jm.restUrl;
  };

  /** The JobManager leading now, read from ZooKeeper as FlinkHaVerified reads it. */
  const currentLeader = async (): Promise<string> =>
    (
      await waitFor(
        flinkLeaderCheck(
          flink.ensemble.hostConnectString,
          flink.haPath,
          flink.haVerifiedInputs.jobManagers,
          3000,
        ),
        { timeoutMs: 120_000, intervalMs: 500 },
      )
    ).leader;

  /** The streaming job the failover tests watch: submitted through the leader, once. */
  const runningJob = async (): Promise<string> => {
    if (jobId === "") {
      const leader = await currentLeader();
      const jar = await copyFileFromContainer(leader, FAILOVER_JOB_PATH);
      assert.ok(jar.length > 1000, `job jar has ${jar.length} bytes`);
      const jarId = await uploadJar(restUrlOf(leader), jar, "failover-job.jar");
      const submitted = await runJar(restUrlOf(leader), jarId);
      assert.match(submitted, /^[0-9a-f]{32}$/);
      await poll("job RUNNING", 120_000, 1000, async () =>
        (await allTasksRunning(restUrlOf(leader), submitted))
          ? { value: true }
          : { note: "not all tasks RUNNING" },
      );
      jobId = submitted;
    }
    return jobId;
  };

  void it("gives the storage volume to Flink's user (uid 9999, as in the official image) first", async () => {
    const step = flink.monitor.byName(`${CLUSTER}-ha-storage-owner`).inputs;
    assert.deepEqual(flink.replay.attached.get(String(step["name"])), { exitCode: 0, logs: "" });
    // Control: on a fresh volume, uid 9999 cannot write until the step's own inputs have run.
    const volume = `${CLUSTER}-ownership-control`;
    const labels = [{ label: "pulumi-zk-ha.flink-cluster", value: CLUSTER }];
    await flink.replay.apply("docker:index/volume:Volume", { name: volume, labels });
    const probe = (): Promise<unknown> =>
      flink.replay.runOnce({
        name: `${CLUSTER}-write-probe`,
        image: step["image"],
        user: "9999:9999",
        entrypoints: ["bash", "-c", "touch /flink-ha/probe && stat -c '%u:%g' /flink-ha/probe"],
        restart: "no",
        mustRun: false,
        logs: true,
        volumes: [{ volumeName: volume, containerPath: "/flink-ha" }],
        labels,
      });
    assert.deepEqual(await probe(), {
      exitCode: 1,
      logs: "touch: cannot touch '/flink-ha/probe': Permission denied\n",
    });
    const control = `${CLUSTER}-owner-control`;
    await flink.replay.apply("docker:index/container:Container", {
      ...step,
      name: control,
      volumes: [{ volumeName: volume, containerPath: "/flink-ha" }],
    });
    assert.deepEqual(flink.replay.attached.get(control), { exitCode: 0, logs: "" });
    assert.deepEqual(await probe(), { exitCode: 0, logs: "9999:9999\n" });
  });

  void it("FlinkHaVerified, loaded from its serialized form, names one elected leader", async () => {
    // As the engine runs it: the provider closure-serialized at registration, loaded and called
    // by the SDK's dynamic-provider host.
    const host = await DynamicProviderHost.start();
    let created: { id: string; outs: Record<string, unknown> };
    try {
      assert.deepEqual((await host.check(GATE_URN, {}, flink.haVerifiedRegistered)).failures, []);
      created = await host.create(GATE_URN, flink.haVerifiedRegistered);
    } finally {
      host.stop();
    }
    const outs = created.outs as { leader: string; leaderRestAddress: string };
    const leader = outs.leader;
    assert.equal(created.id, "/flink/it-flink-ha");
    assert.ok(
      flink.jobManagers.some((jm) => jm.name === leader),
      `leader ${leader} is not one of the JobManagers`,
    );
    assert.equal(outs.leaderRestAddress, `http://${leader}:8081`);
    await poll("leader REST 200", 60_000, 1000, async () => {
      const answer = await restGet(restUrlOf(leader), "/overview");
      return answer.status === 200 ? { value: true } : { note: `${answer.status} ${answer.body}` };
    });
    // Measured on Flink 2.1.1: once a leader is elected, a standby's REST endpoint does not
    // answer 503; it retrieves the leading dispatcher through ZooKeeper and answers for it. The
    // leader is told apart through ZooKeeper, as FlinkHaVerified does.
    for (const standby of flink.jobManagers.filter((jm) => jm.name !== leader)) {
      const answer = await poll<RestAnswer>(`${standby.name} REST`, 60_000, 1000, async () => {
        const a = await restGet(standby.restUrl, "/overview");
        return a.status === 200 ? { value: a } : { note: `${a.status} ${a.body}` };
      });
      assert.equal(answer.status, 200);
      assert.match(answer.body, /"flink-version":"2\.1\.1"/);
    }
  });

  void it("registers every TaskManager with the leader", async () => {
    const leader = await currentLeader();
    const count = await poll("TaskManager registration", 120_000, 1000, async () => {
      const answer = await restGet(restUrlOf(leader), "/taskmanagers");
      const registered =
        answer.status === 200
          ? (JSON.parse(answer.body) as { taskmanagers: unknown[] }).taskmanagers.length
          : 0;
      return registered === flink.taskManagers.length
        ? { value: registered }
        : { note: `${registered} registered (${answer.status})` };
    });
    assert.equal(count, 2);
  });

  void it("runs a streaming job submitted through the leader's REST API", async () => {
    await runningJob();
    const leader = await currentLeader();
    const stored = await listContainerFiles(leader, "/flink-ha");
    // 2.x names the file submittedExecutionPlan, 1.x submittedJobGraph.
    const plans = stored.filter((e) =>
      /it-flink-ha\/submitted(ExecutionPlan|JobGraph)/.test(e.name),
    );
    assert.equal(
      plans.length,
      1,
      `submitted job graphs in the storage volume: ${JSON.stringify(stored)}`,
    );
    // Written by Flink itself, running as uid 9999 in the volume the step gave it.
    assert.equal(plans[0]?.uid, 9999);
  });

  for (let round = 1; round <= KILLS; round++) {
    void it(`keeps the job running when the leader is killed (round ${round} of ${KILLS})`, async () => {
      const jobId = await runningJob();
      const killed = await currentLeader();
      let next = "";
      const started = Date.now();
      await flink.replay.kill(killed);
      try {
        const check = flinkLeaderCheck(
          flink.ensemble.hostConnectString,
          flink.haPath,
          flink.haVerifiedInputs.jobManagers,
          5000,
        );
        next = await poll<string>("a new leader", 120_000, 250, async () => {
          const outcome = await check.attempt();
          return outcome.ready && outcome.value.leader !== killed
            ? { value: outcome.value.leader }
            : { note: outcome.ready ? `still ${outcome.value.leader}` : outcome.reason };
        });
        assert.notEqual(next, killed);
        await poll("job RUNNING on the new leader", 180_000, 250, async () =>
          (await allTasksRunning(restUrlOf(next), jobId))
            ? { value: true }
            : { note: (await restGet(restUrlOf(next), `/jobs/${jobId}`)).body.slice(0, 200) },
        );
        failoverSeconds.push((Date.now() - started) / 1000);
        // The new leader read the job back from ZooKeeper and the storageDir, with its checkpoints.
        const logs = await containerLogs(next, started - 1000);
        assert.match(logs, /Successfully recovered 1 persisted job graphs/);
        assert.match(logs, new RegExp(`Recovered (StreamGraph|JobGraph)\\(jobId: ${jobId}\\)`));
        assert.match(logs, new RegExp(`Recovering checkpoints from .*jobs/${jobId}/checkpoints`));
      } finally {
        // Bring the killed JobManager back, so the next round has a standby.
        await flink.replay.start(killed);
      }
      await poll(`${killed} back as a standby`, 120_000, 1000, async () => {
        const answer = await restGet(restUrlOf(killed), "/overview");
        return answer.status === 200 && answer.body.includes('"jobs-running":1')
          ? { value: true }
          : { note: `${answer.status} ${answer.body.slice(0, 120)}` };
      });
      const outcome = await flinkLeaderCheck(
        flink.ensemble.hostConnectString,
        flink.haPath,
        flink.haVerifiedInputs.jobManagers,
        5000,
      ).attempt();
      // The JobManager brought back stands by: the leadership stayed where it went.
      assert.deepEqual(outcome.ready && outcome.value.leader, next);
      assert.ok(
        (failoverSeconds[round - 1] ?? Infinity) < 60,
        `took ${failoverSeconds.join(",")} s`,
      );
    });
  }

  void it("FlinkHaVerified times out on a cluster-id nobody uses, naming the missing znodes", async () => {
    await assert.rejects(
      flinkHaVerifiedProvider.create({
        ...flink.haVerifiedInputs,
        haPath: "/flink/nobody",
        timeoutSeconds: 3,
      }),
      /Flink leader under \/flink\/nobody\/leader on .* was not ready after 3 s \(\d+ attempts\): no elected leader yet; missing: \/flink\/nobody\/leader\/resource_manager\/connection_info, \/flink\/nobody\/leader\/dispatcher\/connection_info, \/flink\/nobody\/leader\/rest_server\/connection_info/,
    );
  });

  void it("leaves the leader's connection_info in ZooKeeper under the cluster's path", async () => {
    const children = await withSession(
      flink.ensemble.hostConnectString,
      10_000,
      (client) =>
        new Promise<string[]>((resolve, reject) => {
          client.getChildren(`${flink.haPath}/leader`, (error, names) => {
            if (error) {
              reject(new Error(String(error)));
            } else {
              resolve(names);
            }
          });
        }),
    );
    for (const service of ["dispatcher", "resource_manager", "rest_server"]) {
      assert.ok(children.includes(service), `${service} missing from ${children.join(", ")}`);
    }
  });

  void it("an image change replaces the standby JobManagers first and the leader last, then the TaskManagers, one at a time through their gates: the job runs on, with one failover and its state restored", async (t) => {
    const jobId = await runningJob();
    const image = `zkha-test/flink:${FLINK_TEST_VERSION}-rolled`;
    // The same content under a new tag: a changed `image` input, as an upgrade is.
    await dockerApi(
      "POST",
      `/images/${encodeURIComponent(FLINK_TEST_IMAGE)}/tag?repo=zkha-test/flink&tag=${FLINK_TEST_VERSION}-rolled`,
    );
    // The order gate's update, as the engine runs it before any JobManager is replaced.
    const planned = await flink.record({ image });
    const orderInputs = withoutProvider(planned.byName(`${CLUSTER}-jm-order`).inputs);
    const leading = await waitFor(
      flinkLeaderCheck(
        flink.ensemble.hostConnectString,
        flink.haPath,
        flink.haVerifiedInputs.jobManagers,
        3000,
      ),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const decided = (
      await jobManagerOrderProvider.update?.(
        flink.haPath,
        { ...orderInputs, triggers: ["the running containers"], order: [], leader: "" },
        orderInputs,
      )
    )?.outs as { order: string[]; leader: string };
    assert.equal(decided.leader, leading.leader);
    assert.equal(decided.order[decided.order.length - 1], leading.leader);
    // The program as it registers once the gate has answered: the chain follows its order.
    const next = await flink.record({ image }, (args) =>
      args.name === `${CLUSTER}-jm-order` ? { order: decided.order } : {},
    );
    const order = chainOrder(next);
    const containerOf = (resource: string): string => String(next.byName(resource).inputs["name"]);
    assert.deepEqual(order.map(containerOf), decided.order);
    const taskManagers = [`${CLUSTER}-tm-1`, `${CLUSTER}-tm-2`];
    assert.deepEqual(
      taskManagers.map((tm) => next.byName(tm).dependencies.filter((urn) => urn.includes("-tm-"))),
      [[], [next.byName(`${CLUSTER}-tm-1-rejoined`).urn]],
    );
    // The process the running TaskManager has registered with the current leader: after the
    // JobManagers' failover, once it has registered with the new one.
    const registeredProcessOf = (prefix: string): Promise<string> =>
      poll<string>("the TaskManager's process", 120_000, 500, async () => {
        const answer = await restGet(restUrlOf(leaders.current ?? leading.leader), "/taskmanagers");
        // Read as the gate reads it, with no process counted as replaced yet.
        const outcome = registeredProcess(answer.body, prefix, []);
        return outcome.ready
          ? { value: outcome.value }
          : { note: `${answer.status} ${outcome.reason}` };
      });
    const leaders = new LeaderWatch(flink);
    const watching = leaders.run();
    const leaderBefore = leading.leader;
    let leaderAfter = "";
    try {
      for (const resource of order) {
        const started = Date.now();
        await flink.replay.removeContainer(containerOf(resource));
        await flink.replay.createContainer(next.byName(resource).inputs);
        const gate = next.registrations.find((r) => r.name === `${resource}-rejoined`);
        if (gate) {
          const news = { ...gate.inputs };
          delete news["__provider"];
          const olds = { ...news, triggers: ["the replaced container"], leader: "" };
          const outs = await jobManagerRejoinedProvider.update?.(containerOf(resource), olds, news);
          t.diagnostic(
            `${containerOf(resource)} replaced and back in the election after ${((Date.now() - started) / 1000).toFixed(1)} s; leader ${String((outs?.outs as { leader?: string } | undefined)?.leader)}`,
          );
        }
      }
      // Then the TaskManagers, in index order, each once the one before has registered again.
      for (const resource of taskManagers) {
        const started = Date.now();
        const gate = withoutProvider(next.byName(`${resource}-rejoined`).inputs);
        const replacedProcess = await registeredProcessOf(String(gate["processPrefix"]));
        await flink.replay.removeContainer(containerOf(resource));
        await flink.replay.createContainer(next.byName(resource).inputs);
        const olds = { ...gate, triggers: ["the replaced container"], process: replacedProcess };
        const outs = (await taskManagerRejoinedProvider.update?.(containerOf(resource), olds, gate))
          ?.outs as { process: string };
        assert.notEqual(outs.process, replacedProcess);
        t.diagnostic(
          `${containerOf(resource)} replaced and registered again after ${((Date.now() - started) / 1000).toFixed(1)} s as ${outs.process}`,
        );
      }
      leaderAfter = await poll<string>("a leader running the job", 180_000, 500, async () => {
        const current = leaders.current;
        return current !== undefined && (await allTasksRunning(restUrlOf(current), jobId))
          ? { value: current }
          : { note: `leader ${current ?? "?"}` };
      });
    } finally {
      await leaders.stop();
      await watching;
    }
    t.diagnostic(`leaders: ${leaders.sequence.join(" -> ")}`);
    // The leader went last: the job failed over once, to a JobManager on the new image.
    assert.equal(leaders.sequence[0], leaderBefore);
    assert.equal(leaders.sequence.length - 1, 1, leaders.sequence.join(" -> "));
    for (const resource of [...order, ...taskManagers]) {
      const inspected = JSON.parse(
        (await dockerApi("GET", `/containers/${containerOf(resource)}/json`)).body,
      ) as { Config: { Image: string } };
      assert.equal(inspected.Config.Image, image);
    }
    // The same job, restored from its latest checkpoint on the new leader: no state lost.
    const checkpoints = JSON.parse(
      (await restGet(restUrlOf(leaderAfter), `/jobs/${jobId}/checkpoints`)).body,
    ) as { latest: { restored: { id: number } | null } };
    assert.ok((checkpoints.latest.restored?.id ?? 0) >= 1, JSON.stringify(checkpoints.latest));
  });
});
