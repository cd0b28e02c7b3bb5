import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nanoseconds } from "../harness/dockerReplay";

void describe("the replay reads durations as the docker provider writes them", () => {
  const cases: [string, number][] = [
    ["500ms", 500e6],
    ["4s", 4e9],
    ["1.5s", 1.5e9],
    ["1m0s", 60e9],
    ["2m0s", 120e9],
    ["1m30s", 90e9],
    ["1h0m0s", 3600e9],
    ["60s", 60e9],
  ];
  for (const [text, expected] of cases) {
    void it(`${text} is ${expected} ns`, () => {
      assert.equal(nanoseconds(text), expected);
    });
  }
  void it("refuses what it cannot read instead of guessing", () => {
    for (const text of ["60", "1x", "m", "1s2m", "ms"]) {
      assert.throws(() => nanoseconds(text), /replay does not understand the duration/, text);
    }
  });
});
