import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  drainGateProvider,
  validateDrainGateInputs,
  type DrainGateInputs,
  type DrainGateOutputs,
} from "../../src/gates/drainGateProvider";
import { UNKNOWN } from "../../src/gates/unknowns";
import { jobsUrl, parseJobs } from "../../src/readiness/oozieJobs";
import { closedPort, FakeOozieServer } from "../harness/oozieFakeServer";

const FILTER = "filter=status%3DRUNNING;status%3DPREP;status%3DSUSPENDED&len=1000";

void describe("DrainGate provider against an HTTP server speaking the Oozie jobs API", () => {
  const first = new FakeOozieServer();
  const second = new FakeOozieServer();
  let urls: string[] = [];

  before(async () => {
    urls = [await first.start(), await second.start()];
  });
  after(async () => {
    await first.stop();
    await second.stop();
  });
  beforeEach(() => {
    for (const server of [first, second]) {
      server.requests.length = 0;
      server.jobs = [];
      server.systemMode = "NORMAL";
      server.failWith = undefined;
      server.onSafeMode = undefined;
    }
  });

  const inputs = (overrides: Partial<DrainGateInputs> = {}): DrainGateInputs => ({
    urls,
    mode: "refuse",
    timeoutSeconds: 5,
    attemptTimeoutMs: 2000,
    triggers: ["a"],
    ...overrides,
  });

  void it("passes with no active job, asking each server for RUNNING, PREP and SUSPENDED of every type", async () => {
    first.jobs = [{ id: "0000001-wf-oozie-W", type: "wf", status: "SUCCEEDED" }];
    const { id, outs } = (await drainGateProvider.create(inputs())) as {
      id: string;
      outs: DrainGateOutputs;
    };
    assert.equal(id, urls.join(","));
    assert.deepEqual(outs, { ...inputs(), answered: urls, activeJobs: [] });
    assert.deepEqual(first.requests, [
      `GET /oozie/v1/jobs?jobtype=wf&${FILTER}`,
      `GET /oozie/v1/jobs?jobtype=coordinator&${FILTER}`,
      `GET /oozie/v1/jobs?jobtype=bundle&${FILTER}`,
    ]);
    assert.deepEqual(second.requests, first.requests);
  });

  void it("refuses with active jobs, naming each id once (servers share the database)", async () => {
    const jobs = [
      { id: "0000007-wf-oozie-W", type: "wf", status: "RUNNING" },
      { id: "0000003-coord-oozie-C", type: "coordinator", status: "PREP" },
      { id: "0000001-bundle-oozie-B", type: "bundle", status: "SUSPENDED" },
    ] as const;
    first.jobs = [...jobs];
    second.jobs = [...jobs];
    await assert.rejects(
      drainGateProvider.update?.("id", { ...inputs(), answered: [], activeJobs: [] }, inputs()) ??
        Promise.resolve(),
      {
        message:
          '3 Oozie job(s) are still active, so no server is replaced: 0000007-wf-oozie-W (wf RUNNING), 0000003-coord-oozie-C (coordinator PREP), 0000001-bundle-oozie-B (bundle SUSPENDED). Wait for them to finish or kill them, or set drainMode "safemode" (drain) or "force"',
      },
    );
    assert.equal(first.systemMode, "NORMAL");
  });

  void it('"force" goes ahead and reports what was active', async () => {
    first.jobs = [{ id: "0000007-wf-oozie-W", type: "wf", status: "RUNNING" }];
    const outs = (
      (await drainGateProvider.create(inputs({ mode: "force" }))) as { outs: DrainGateOutputs }
    ).outs;
    assert.deepEqual(outs.activeJobs, ["0000007-wf-oozie-W"]);
    assert.equal(first.systemMode, "NORMAL");
  });

  void it('"safemode" puts every server in SAFEMODE and waits for the workflows to finish', async () => {
    first.jobs = [
      { id: "0000007-wf-oozie-W", type: "wf", status: "RUNNING" },
      { id: "0000003-coord-oozie-C", type: "coordinator", status: "RUNNING" },
    ];
    first.onSafeMode = () => {
      first.jobs = first.jobs.filter((j) => j.type !== "wf");
    };
    const outs = (
      (await drainGateProvider.create(inputs({ mode: "safemode" }))) as { outs: DrainGateOutputs }
    ).outs;
    assert.deepEqual(outs.activeJobs, ["0000007-wf-oozie-W", "0000003-coord-oozie-C"]);
    assert.equal(first.systemMode, "SAFEMODE");
    assert.equal(second.systemMode, "SAFEMODE");
    assert.ok(first.requests.includes("PUT /oozie/v1/admin/status?systemmode=SAFEMODE"));
  });

  void it('"safemode" fails within its timeout naming the workflows still running', async () => {
    first.jobs = [{ id: "0000009-wf-oozie-W", type: "wf", status: "RUNNING" }];
    const started = Date.now();
    await assert.rejects(
      drainGateProvider.create(inputs({ mode: "safemode", timeoutSeconds: 3 })),
      /workflows to finish on .* was not ready after 3 s .*still active: 0000009-wf-oozie-W \(wf RUNNING\)/,
    );
    assert.ok(Date.now() - started < 8000);
  });

  void it("treats a refused connection as a server that is not running", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/oozie`;
    const outs = (
      (await drainGateProvider.create(inputs({ urls: [url, urls[0] ?? ""] }))) as {
        outs: DrainGateOutputs;
      }
    ).outs;
    assert.deepEqual(outs.answered, [urls[0]]);
  });

  void it("fails when a server answers with an error: it cannot prove nothing runs", async () => {
    first.failWith = 503;
    await assert.rejects(
      drainGateProvider.create(inputs()),
      /cannot tell whether Oozie jobs are running, so no server is replaced: http:\/\/127\.0\.0\.1:\d+\/oozie: GET .*jobtype=wf.* answered 503/,
    );
  });

  void it("check and diff are pure and accept unknown values", async () => {
    assert.deepEqual(
      (await drainGateProvider.check?.({}, { ...inputs(), urls: UNKNOWN, triggers: UNKNOWN }))
        ?.failures,
      [],
    );
    assert.deepEqual(first.requests, []);
    const olds = { ...inputs(), answered: [], activeJobs: [] };
    assert.deepEqual(await drainGateProvider.diff?.("id", olds, inputs()), { changes: false });
    assert.deepEqual(await drainGateProvider.diff?.("id", olds, inputs({ triggers: ["b"] })), {
      changes: true,
    });
  });
});

void describe("DrainGate inputs", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["valid", {}, []],
    ["no urls", { urls: [] }, ["urls"]],
    ["bad url", { urls: ["ftp://x", UNKNOWN] }, ["urls[0]"]],
    ["bad mode", { mode: "wait" }, ["mode"]],
    [
      "bad timeouts",
      { timeoutSeconds: 0, attemptTimeoutMs: 1.5 },
      ["timeoutSeconds", "attemptTimeoutMs"],
    ],
  ];
  for (const [title, overrides, expected] of cases) {
    void it(title, () => {
      const base = {
        urls: ["http://127.0.0.1:11000/oozie"],
        mode: "refuse",
        timeoutSeconds: 60,
        attemptTimeoutMs: 1000,
        triggers: [],
      };
      assert.deepEqual(
        validateDrainGateInputs({ ...base, ...overrides }).map((p) => p.property),
        expected,
      );
    });
  }

  void it("builds the jobs URL as the REST API documents it", () => {
    assert.equal(
      jobsUrl("http://h:11000/oozie/", "coordinator"),
      `http://h:11000/oozie/v1/jobs?jobtype=coordinator&${FILTER}`,
    );
  });

  void it("parses each job type's list", () => {
    assert.deepEqual(parseJobs("bundle", '{"bundlejobs":[{"bundleJobId":"b1","status":"PREP"}]}'), [
      { id: "b1", type: "bundle", status: "PREP" },
    ]);
    assert.throws(() => parseJobs("wf", '{"total":0}'), /answer has no "workflows" list/);
  });
});
