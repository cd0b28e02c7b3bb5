import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { notReady, ready, type CheckOutcome, type ReadinessCheck } from "../../src/readiness/check";
import type { Clock } from "../../src/readiness/clock";
import { waitFor, type ReadinessTimeout } from "../../src/readiness/waitFor";

/** A clock whose time moves only when the code under test sleeps (or when told to). */
class FakeClock implements Clock {
  time = 1_000_000;
  readonly sleeps: number[] = [];

  constructor(private readonly advancesOnSleep = true) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    if (this.advancesOnSleep) {
      this.time += ms;
    }
    return Promise.resolve();
  }
}

/** A check that answers from a script; the last entry repeats. Records when it was called. */
function scriptedCheck<T>(
  clock: FakeClock,
  outcomes: readonly CheckOutcome<T>[],
  attemptDurationMs = 0,
): ReadinessCheck<T> & { readonly calledAt: number[] } {
  const calledAt: number[] = [];
  return {
    description: "test check",
    calledAt,
    attempt: () => {
      calledAt.push(clock.now());
      clock.time += attemptDurationMs;
      const outcome = outcomes[Math.min(calledAt.length, outcomes.length) - 1];
      assert.ok(outcome, "script is empty");
      return Promise.resolve(outcome);
    },
  };
}

function isReadinessTimeout(error: unknown): error is ReadinessTimeout {
  return error instanceof Error && "attempts" in error && "lastReason" in error;
}

async function timeoutOf(promise: Promise<unknown>): Promise<ReadinessTimeout> {
  const error: unknown = await promise.then(
    () => assert.fail("waitFor resolved; expected a timeout"),
    (e: unknown) => e,
  );
  assert.ok(isReadinessTimeout(error), `not a ReadinessTimeout: ${String(error)}`);
  return error;
}

void describe("waitFor", () => {
  void it("returns the value of a first ready attempt without sleeping", async () => {
    const clock = new FakeClock();
    const check = scriptedCheck(clock, [ready({ leader: "zk-1" })]);
    const value = await waitFor(check, { timeoutMs: 5000, intervalMs: 500, clock });
    assert.deepEqual(value, { leader: "zk-1" });
    assert.deepEqual(check.calledAt, [1_000_000]);
    assert.deepEqual(clock.sleeps, []);
  });

  void it("is ready on the 3rd attempt after exactly 2 sleeps of intervalMs", async () => {
    const clock = new FakeClock();
    const check = scriptedCheck<string>(clock, [
      notReady("first"),
      notReady("second"),
      ready("third"),
      notReady("never asked"),
    ]);
    const value = await waitFor(check, { timeoutMs: 5000, intervalMs: 500, clock });
    assert.equal(value, "third");
    assert.deepEqual(clock.sleeps, [500, 500]);
    assert.deepEqual(check.calledAt, [1_000_000, 1_000_500, 1_001_000]);
  });

  void it("times out with the exact message, attempts and last reason", async () => {
    const clock = new FakeClock();
    let n = 0;
    const check: ReadinessCheck<string> = {
      description: "ZooKeeper quorum of zk-1, zk-2, zk-3",
      attempt: () => Promise.resolve(notReady(`1 of 3 serving (attempt ${++n})`)),
    };
    const error = await timeoutOf(waitFor(check, { timeoutMs: 1000, intervalMs: 250, clock }));
    assert.equal(
      error.message,
      "ZooKeeper quorum of zk-1, zk-2, zk-3 was not ready after 1 s (5 attempts): 1 of 3 serving (attempt 5)",
    );
    assert.equal(error.attempts, 5);
    assert.equal(error.lastReason, "1 of 3 serving (attempt 5)");
    // Attempts at 0, 250, 500, 750 and 1000 ms: never one past the deadline.
    assert.deepEqual(clock.sleeps, [250, 250, 250, 250]);
    assert.equal(clock.time, 1_001_000);
  });

  void it("rounds the timeout in the message to tenths of a second", async () => {
    const clock = new FakeClock();
    const check = scriptedCheck<string>(clock, [notReady("no leader")]);
    const error = await timeoutOf(waitFor(check, { timeoutMs: 2550, intervalMs: 1000, clock }));
    assert.equal(error.message, "test check was not ready after 2.6 s (3 attempts): no leader");
    assert.deepEqual(check.calledAt, [1_000_000, 1_001_000, 1_002_000]);
    assert.deepEqual(clock.sleeps, [1000, 1000]);
  });

  void it("counts time spent inside attempts against the deadline", async () => {
    const clock = new FakeClock();
    const check = scriptedCheck<string>(clock, [notReady("slow")], 400);
    const error = await timeoutOf(waitFor(check, { timeoutMs: 1000, intervalMs: 250, clock }));
    // Attempt 1 at 0 ends at 400; sleep to 650; attempt 2 ends at 1050, past the deadline.
    assert.deepEqual(check.calledAt, [1_000_000, 1_000_650]);
    assert.deepEqual(clock.sleeps, [250]);
    assert.equal(error.attempts, 2);
    assert.equal(error.message, "test check was not ready after 1 s (2 attempts): slow");
  });

  void it("makes a single attempt when the interval exceeds the timeout", async () => {
    const clock = new FakeClock();
    const check = scriptedCheck<string>(clock, [notReady("down")]);
    const error = await timeoutOf(waitFor(check, { timeoutMs: 500, intervalMs: 1000, clock }));
    assert.equal(error.attempts, 1);
    assert.deepEqual(clock.sleeps, []);
    assert.equal(error.message, "test check was not ready after 0.5 s (1 attempts): down");
  });

  const boundedCases: [number, number, number][] = [
    // [timeoutMs, intervalMs, attempts]: at most ceil(timeout / interval) + 1, fewer when one
    // interval would already pass the deadline
    [1000, 250, 5],
    [1000, 300, 5],
    [10, 1000, 1],
    [0, 100, 1],
  ];
  for (const [timeoutMs, intervalMs, attempts] of boundedCases) {
    void it(`bounds attempts to ${attempts} when the clock never moves (${timeoutMs}/${intervalMs} ms)`, async () => {
      const clock = new FakeClock(false);
      const check = scriptedCheck<string>(clock, [notReady("stuck")]);
      const error = await timeoutOf(waitFor(check, { timeoutMs, intervalMs, clock }));
      assert.equal(check.calledAt.length, attempts);
      assert.equal(error.attempts, attempts);
      assert.equal(error.lastReason, "stuck");
    });
  }

  void it("clamps an interval of 0 to 1 ms so a frozen clock still ends", async () => {
    const clock = new FakeClock(false);
    const check = scriptedCheck<string>(clock, [notReady("stuck")]);
    const error = await timeoutOf(waitFor(check, { timeoutMs: 3, intervalMs: 0, clock }));
    assert.equal(error.attempts, 4);
    assert.deepEqual(clock.sleeps, [1, 1, 1, 1]);
  });

  void it("propagates an attempt that throws instead of retrying it", async () => {
    const clock = new FakeClock();
    let calls = 0;
    const check: ReadinessCheck<string> = {
      description: "throws",
      attempt: () => {
        calls++;
        return Promise.reject(new Error("boom"));
      },
    };
    await assert.rejects(waitFor(check, { timeoutMs: 1000, intervalMs: 100, clock }), {
      message: "boom",
    });
    assert.equal(calls, 1);
    assert.deepEqual(clock.sleeps, []);
  });
});
