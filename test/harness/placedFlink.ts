import assert from "node:assert/strict";
import type { FlinkHaVerifiedInputs } from "../../src/gates/flinkHaVerifiedProvider";
import { flinkLeaderCheck } from "../../src/readiness/flinkLeaderCheck";
import { jobManagerRejoinedCheck } from "../../src/readiness/jobManagerRejoinedCheck";
import { waitFor } from "../../src/readiness/waitFor";
import type { Registration } from "../helpers/recordingMonitor";
import { copyFileFromContainer, FAILOVER_JOB_PATH } from "./flinkFixture";
import { allTasksRunning, poll, restGet, runJar, uploadJar } from "./flinkRest";
import type { PlacedReplay } from "./placedReplay";

/** Checkpoint counts of a job, as its JobManager's REST API reports them. */
export interface Checkpoints {
  readonly completed: number;
  /** Id of the latest completed checkpoint; 0 before the first. */
  readonly latestCompleted: number;
  /** Id of the checkpoint the job was last restored from; 0 when never restored. */
  readonly restored: number;
  /** When (ms since the epoch) the job was last restored; 0 when never. */
  readonly restoredAt: number;
}

/**
 * A Flink cluster of a recorded program, replayed over several hosts: its JobManagers' REST
 * URLs on their hosts' published ports, its leader read from ZooKeeper as FlinkHaVerified
 * reads it, and the test job.
 */
export class PlacedFlink {
  readonly jobManagers: { name: string; restUrl: string }[];

  constructor(
    private readonly registrations: readonly Registration[],
    private readonly replay: PlacedReplay,
    readonly verified: FlinkHaVerifiedInputs,
    private readonly restPort = 8081,
  ) {
    this.jobManagers = verified.jobManagers.map((jm) => {
      const ports = (this.inputsOf(jm.name)["ports"] ?? []) as {
        internal: number;
        external: number;
        ip: string;
      }[];
      const rest = ports.find((p) => p.internal === this.restPort);
      assert.ok(rest, `${jm.name} publishes no REST port`);
      return { name: jm.name, restUrl: `http://${rest.ip}:${rest.external}` };
    });
  }

  restUrlOf(name: string): string {
    const jm = this.jobManagers.find((j) => j.name === name);
    assert.ok(jm, `no JobManager ${name}`);
    return jm.restUrl;
  }

  /** The JobManager leading now (waits up to `timeoutMs` for one). */
  async leader(timeoutMs = 120_000): Promise<string> {
    const { connectString, haPath, jobManagers } = this.verified;
    return (
      await waitFor(flinkLeaderCheck(connectString, haPath, jobManagers, 3000), {
        timeoutMs,
        intervalMs: 250,
      })
    ).leader;
  }

  /** Waits until every JobManager holds a place in the leader election again. */
  async allInElection(timeoutMs: number): Promise<string> {
    const { connectString, haPath, jobManagers } = this.verified;
    return (
      await waitFor(jobManagerRejoinedCheck(connectString, haPath, jobManagers, 3000), {
        timeoutMs,
        intervalMs: 500,
      })
    ).leader;
  }

  /** Submits the test image's never-ending job through the leader; resolves its id once it runs. */
  async submitJob(): Promise<string> {
    const leader = await this.leader();
    const jar = await copyFileFromContainer(
      leader,
      FAILOVER_JOB_PATH,
      this.replay.of(leader).engine,
    );
    assert.ok(jar.length > 1000, `job jar has ${jar.length} bytes`);
    const url = this.restUrlOf(leader);
    const jobId = await runJar(url, await uploadJar(url, jar, "failover-job.jar"));
    await this.runningOn(leader, jobId, 120_000);
    return jobId;
  }

  /** Waits until the job runs with every task RUNNING, as `jobManager` reports it. */
  async runningOn(jobManager: string, jobId: string, timeoutMs: number): Promise<void> {
    const url = this.restUrlOf(jobManager);
    await poll(`job ${jobId} RUNNING on ${jobManager}`, timeoutMs, 500, async () =>
      (await allTasksRunning(url, jobId)) ? { value: true } : { note: "not all tasks RUNNING" },
    );
  }

  async checkpoints(jobManager: string, jobId: string): Promise<Checkpoints> {
    const answer = await restGet(this.restUrlOf(jobManager), `/jobs/${jobId}/checkpoints`);
    assert.equal(answer.status, 200, answer.body);
    const body = JSON.parse(answer.body) as {
      counts: { completed: number };
      latest: {
        completed: { id: number } | null;
        restored: { id: number; restore_timestamp: number } | null;
      };
    };
    return {
      completed: body.counts.completed,
      latestCompleted: body.latest.completed?.id ?? 0,
      restored: body.latest.restored?.id ?? 0,
      restoredAt: body.latest.restored?.restore_timestamp ?? 0,
    };
  }

  /** Waits until the job has completed a checkpoint after `id`; resolves the counts. */
  async checkpointAfter(
    jobManager: string,
    jobId: string,
    id: number,
    timeoutMs: number,
  ): Promise<Checkpoints> {
    return poll<Checkpoints>(
      `a checkpoint after ${id} on ${jobManager}`,
      timeoutMs,
      500,
      async () => {
        const counts = await this.checkpoints(jobManager, jobId).catch(() => undefined);
        return counts && counts.latestCompleted > id
          ? { value: counts }
          : { note: JSON.stringify(counts) };
      },
    );
  }

  private inputsOf(containerName: string): Record<string, unknown> {
    const registration = this.registrations.find(
      (r) => r.type === "docker:index/container:Container" && r.inputs["name"] === containerName,
    );
    assert.ok(registration, `no container ${containerName}`);
    return registration.inputs;
  }
}
