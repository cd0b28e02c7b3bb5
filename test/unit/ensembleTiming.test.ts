import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  DEFAULT_TICK_TIME_MS,
  defaultInitLimit,
  defaultMaxSessionTimeout,
  defaultSyncLimit,
  grantedSessionRange,
} from "../../src/zookeeper/ensembleTiming";
import { resolveEnsembleSpec } from "../../src/zookeeper/ensembleSpec";
import { validateEnsemble } from "../../src/zookeeper/validateEnsemble";

void describe("ensemble timing derived from tickTime", () => {
  void it("keeps 20 s / 10 s of initLimit / syncLimit in ticks, rounded up", () => {
    const table: [number, number, number][] = [
      [2000, 10, 5],
      [500, 40, 20],
      [250, 80, 40],
      [3000, 7, 4],
      [60000, 1, 1],
    ];
    for (const [tickTime, init, sync] of table) {
      assert.equal(defaultInitLimit(tickTime), init, `initLimit at ${tickTime}`);
      assert.equal(defaultSyncLimit(tickTime), sync, `syncLimit at ${tickTime}`);
    }
  });

  void it("grants sessions up to 40 s, or 20 ticks when longer", () => {
    assert.equal(defaultMaxSessionTimeout(250), 40000);
    assert.equal(defaultMaxSessionTimeout(2000), 40000);
    assert.equal(defaultMaxSessionTimeout(3000), 60000);
    assert.deepEqual(grantedSessionRange(250, 40000), { min: 500, max: 40000 });
    assert.deepEqual(grantedSessionRange(2000), { min: 4000, max: 40000 });
  });

  void it("resolves the defaults: tickTime 250, 80 / 40 ticks, 40 s; explicit values win", () => {
    assert.equal(DEFAULT_TICK_TIME_MS, 250);
    const spec = resolveEnsembleSpec("t", {});
    assert.deepEqual(
      [spec.tickTime, spec.initLimit, spec.syncLimit, spec.maxSessionTimeout],
      [250, 80, 40, 40000],
    );
    const given = resolveEnsembleSpec("t", {
      tickTime: 2000,
      initLimit: 12,
      syncLimit: 6,
      maxSessionTimeout: 60000,
    });
    assert.deepEqual(
      [given.tickTime, given.initLimit, given.syncLimit, given.maxSessionTimeout],
      [2000, 12, 6, 60000],
    );
  });

  void it("refuses a maxSessionTimeout below 2 ticks, naming the field", () => {
    assert.deepEqual(validateEnsemble("t", { tickTime: 1000, maxSessionTimeout: 1500 }), [
      {
        property: "maxSessionTimeout",
        reason:
          "1500 ms is below the shortest session ZooKeeper grants, 2 ticks (2000 ms at tickTime 1000); ZooKeeper refuses to start",
      },
    ]);
    assert.deepEqual(validateEnsemble("t", { tickTime: 1000, maxSessionTimeout: 2000 }), []);
  });
});
