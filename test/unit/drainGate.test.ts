import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  drainGateProvider,
  validateDrainGateInputs,
  type DrainGateInputs,
  type DrainGateOutputs,
} from "../../src/gates/drainGateProvider";
import {
  safeModeReleaseProvider,
  type SafeModeReleaseInputs,
  type SafeModeReleaseOutputs,
} from "../../src/gates/safeModeReleaseProvider";
import { UNKNOWN } from "../../src/gates/unknowns";
import { jobsUrl, parseJobs } from "../../src/readiness/oozieJobs";
import { closedPort, FakeOozieServer } from "../harness/oozieFakeServer";

const WF_FILTER = "filter=status%3DPREP;status%3DRUNNING;status%3DSUSPENDED&len=1000";
// Every status of a coordinator or bundle that is not final.
const SCHEDULED_FILTER = `filter=${[
  "PREP",
  "RUNNING",
  "RUNNINGWITHERROR",
  "PREPSUSPENDED",
  "SUSPENDED",
  "SUSPENDEDWITHERROR",
  "PREPPAUSED",
  "PAUSED",
  "PAUSEDWITHERROR",
]
  .map((status) => `status%3D${status}`)
  .join(";")}&len=1000`;

/**
 * Two fake Oozie servers on loopback for the suite, reset before each test to no jobs, no
 * failure and `systemMode`; `urls()` are their base URLs once started.
 */
function twoServers(systemMode: string): {
  first: FakeOozieServer;
  second: FakeOozieServer;
  urls: () => string[];
} {
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
      server.systemMode = systemMode;
      server.failWith = undefined;
      server.onSafeMode = undefined;
    }
  });
  return { first, second, urls: () => urls };
}

void describe("DrainGate provider against an HTTP server speaking the Oozie jobs API", () => {
  const { first, second, urls: started } = twoServers("NORMAL");
  let urls: string[] = [];
  beforeEach(() => {
    urls = started();
  });

  const inputs = (overrides: Partial<DrainGateInputs> = {}): DrainGateInputs => ({
    urls,
    mode: "refuse",
    timeoutSeconds: 5,
    attemptTimeoutMs: 2000,
    triggers: ["a"],
    ...overrides,
  });

  void it("passes with no active job, asking each server for every active status of each type", async () => {
    first.jobs = [
      { id: "0000001-wf-oozie-W", type: "wf", status: "SUCCEEDED" },
      { id: "0000002-coord-oozie-C", type: "coordinator", status: "DONEWITHERROR" },
    ];
    const before = new Date().toISOString();
    const { id, outs } = (await drainGateProvider.create(inputs())) as {
      id: string;
      outs: DrainGateOutputs;
    };
    assert.equal(id, urls.join(","));
    assert.ok(outs.passedAt >= before && outs.passedAt <= new Date().toISOString(), outs.passedAt);
    assert.deepEqual(outs, {
      ...inputs(),
      answered: urls,
      activeJobs: [],
      drained: [],
      passedAt: outs.passedAt,
    });
    assert.deepEqual(first.requests, [
      `GET /oozie/v1/jobs?jobtype=wf&${WF_FILTER}`,
      `GET /oozie/v1/jobs?jobtype=coordinator&${SCHEDULED_FILTER}`,
      `GET /oozie/v1/jobs?jobtype=bundle&${SCHEDULED_FILTER}`,
    ]);
    assert.deepEqual(second.requests, first.requests);
  });

  void it("refuses with active jobs, naming each id once (servers share the database)", async () => {
    const jobs = [
      { id: "0000007-wf-oozie-W", type: "wf", status: "RUNNING" },
      { id: "0000003-coord-oozie-C", type: "coordinator", status: "PREP" },
      { id: "0000001-bundle-oozie-B", type: "bundle", status: "SUSPENDED" },
      { id: "0000004-coord-oozie-C", type: "coordinator", status: "PREPSUSPENDED" },
      { id: "0000005-bundle-oozie-B", type: "bundle", status: "RUNNINGWITHERROR" },
    ] as const;
    first.jobs = [...jobs];
    second.jobs = [...jobs];
    await assert.rejects(
      drainGateProvider.update?.("id", { ...inputs(), answered: [], activeJobs: [] }, inputs()) ??
        Promise.resolve(),
      {
        message:
          '5 Oozie job(s) are still active, so no server is replaced: 0000007-wf-oozie-W (wf RUNNING), 0000003-coord-oozie-C (coordinator PREP), 0000004-coord-oozie-C (coordinator PREPSUSPENDED), 0000001-bundle-oozie-B (bundle SUSPENDED), 0000005-bundle-oozie-B (bundle RUNNINGWITHERROR). Wait for them to finish or kill them, or set drainMode "safemode" (drain) or "force"',
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
    assert.deepEqual(outs.drained, []);
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
    // Left in SAFEMODE for the replacement; the release puts them back.
    assert.deepEqual(outs.drained, urls);
    assert.equal(first.systemMode, "SAFEMODE");
    assert.equal(second.systemMode, "SAFEMODE");
    assert.ok(first.requests.includes("PUT /oozie/v1/admin/status?systemmode=SAFEMODE"));
  });

  void it('"safemode" fails within its timeout naming the workflows still running, and puts the servers back in NORMAL', async () => {
    first.jobs = [{ id: "0000009-wf-oozie-W", type: "wf", status: "RUNNING" }];
    const started = Date.now();
    await assert.rejects(
      drainGateProvider.create(inputs({ mode: "safemode", timeoutSeconds: 3 })),
      /workflows to finish on .* was not ready after 3 s .*still active: 0000009-wf-oozie-W \(wf RUNNING\)\. The servers drained by this run are back in NORMAL$/,
    );
    assert.ok(Date.now() - started < 8000);
    for (const server of [first, second]) {
      assert.equal(server.systemMode, "NORMAL");
      assert.deepEqual(
        server.requests.filter((r) => r.startsWith("PUT")),
        [
          "PUT /oozie/v1/admin/status?systemmode=SAFEMODE",
          "PUT /oozie/v1/admin/status?systemmode=NORMAL",
        ],
      );
    }
  });

  void it('"safemode" names a server it could not put back in NORMAL', async () => {
    first.jobs = [{ id: "0000009-wf-oozie-W", type: "wf", status: "RUNNING" }];
    first.onSafeMode = () => {
      first.failWith = 503;
    };
    await assert.rejects(
      drainGateProvider.create(inputs({ mode: "safemode", timeoutSeconds: 2 })),
      (error: Error) => {
        assert.match(error.message, /was not ready after 2 s/);
        assert.match(
          error.message,
          /Still in SAFEMODE, put them back with PUT <url>\/v1\/admin\/status\?systemmode=NORMAL: http:\/\/127\.0\.0\.1:\d+\/oozie \(PUT .*systemmode=NORMAL answered 503: .*\)$/,
        );
        return true;
      },
    );
    assert.equal(second.systemMode, "NORMAL");
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
      `http://h:11000/oozie/v1/jobs?jobtype=coordinator&${SCHEDULED_FILTER}`,
    );
  });

  void it("parses each job type's list", () => {
    assert.deepEqual(parseJobs("bundle", '{"bundlejobs":[{"bundleJobId":"b1","status":"PREP"}]}'), [
      { id: "b1", type: "bundle", status: "PREP" },
    ]);
    assert.throws(() => parseJobs("wf", '{"total":0}'), /answer has no "workflows" list/);
    assert.throws(() => jobsUrl("http://h:11000/oozie", "action"), /unknown job type action/);
  });
});

void describe("SafeModeRelease provider", () => {
  const { first, second, urls: started } = twoServers("SAFEMODE");
  let urls: string[] = [];
  beforeEach(() => {
    urls = started();
  });

  const inputs = (overrides: Partial<SafeModeReleaseInputs> = {}): SafeModeReleaseInputs => ({
    urls,
    drained: urls,
    drainPassedAt: "2026-11-30T05:00:00.000Z",
    attemptTimeoutMs: 2000,
    ...overrides,
  });

  void it("puts every server back in NORMAL after a drain, skipping one that is not running", async () => {
    const absent = `http://127.0.0.1:${await closedPort()}/oozie`;
    const { id, outs } = (await safeModeReleaseProvider.create(
      inputs({ urls: [...urls, absent], drained: [urls[0] ?? ""] }),
    )) as { id: string; outs: SafeModeReleaseOutputs };
    assert.equal(id, [...urls, absent].join(","));
    assert.deepEqual(outs.restored, urls);
    assert.equal(first.systemMode, "NORMAL");
    assert.equal(second.systemMode, "NORMAL");
  });

  void it("does nothing when the gate drained nothing", async () => {
    const outs = (
      (await safeModeReleaseProvider.create(inputs({ drained: [] }))) as {
        outs: SafeModeReleaseOutputs;
      }
    ).outs;
    assert.deepEqual(outs.restored, []);
    assert.deepEqual(first.requests, []);
    assert.equal(first.systemMode, "SAFEMODE");
  });

  void it("fails naming a server that answers with an error, so it runs again next time", async () => {
    second.failWith = 500;
    await assert.rejects(
      safeModeReleaseProvider.update?.("id", { ...inputs(), restored: [] }, inputs()) ??
        Promise.resolve(),
      /could not put the Oozie servers back in NORMAL after the drain: http:\/\/127\.0\.0\.1:\d+\/oozie: PUT .*systemmode=NORMAL answered 500/,
    );
    assert.equal(first.systemMode, "NORMAL");
  });

  void it("runs again exactly when the gate ran again; check refuses what is not a list", async () => {
    const olds = { ...inputs(), restored: urls };
    assert.deepEqual(await safeModeReleaseProvider.diff?.("id", olds, inputs()), {
      changes: false,
    });
    assert.deepEqual(
      await safeModeReleaseProvider.diff?.(
        "id",
        olds,
        inputs({ drainPassedAt: "2026-11-30T06:00:00.000Z" }),
      ),
      { changes: true },
    );
    assert.deepEqual(
      await safeModeReleaseProvider.diff?.("id", olds, inputs({ drainPassedAt: UNKNOWN })),
      { changes: true },
    );
    assert.deepEqual(
      (
        await safeModeReleaseProvider.check?.(
          {},
          { ...inputs(), urls: "http://x", drained: UNKNOWN, attemptTimeoutMs: 0 },
        )
      )?.failures?.map((f) => f.property),
      ["urls", "attemptTimeoutMs"],
    );
  });
});
