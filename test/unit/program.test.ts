import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { changesOf, planSteps } from "../helpers/previewPlan";
import { recordModule } from "../helpers/recordingMonitor";

const PROGRAM = path.join(__dirname, "..", "..", "src", "program", "main.js");

function withConfig(config: Record<string, string>): void {
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(config).map(([key, value]) => [`zk-ha:${key}`, value])),
  );
}

void describe("root program", () => {
  void it("is deterministic: two builds register byte-identical resources", async () => {
    withConfig({});
    const first = JSON.stringify((await recordModule(PROGRAM)).registrations);
    const second = JSON.stringify((await recordModule(PROGRAM)).registrations);
    assert.equal(first, second);
    assert.doesNotMatch(first, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, "no timestamps in inputs");
  });

  void it("plans exactly the servers a config change replaces, and the gate re-run", async () => {
    withConfig({});
    const before = (await recordModule(PROGRAM)).registrations;
    withConfig({ zookeeperImage: "zookeeper:3.9.3" });
    const after = (await recordModule(PROGRAM)).registrations;
    assert.deepEqual(changesOf(await planSteps(before, after)), [
      "zk-quorum-ready: update",
      "zk-zk-1: replace",
      "zk-zk-2: replace",
      "zk-zk-3: replace",
    ]);
  });

  void it("growing the ensemble adds servers and replaces the others' configuration", async () => {
    withConfig({});
    const before = (await recordModule(PROGRAM)).registrations;
    withConfig({ zookeeperSize: "5" });
    const after = (await recordModule(PROGRAM)).registrations;
    assert.deepEqual(changesOf(await planSteps(before, after)), [
      "zk-quorum-ready: update",
      "zk-zk-1: replace",
      "zk-zk-2: replace",
      "zk-zk-3: replace",
      "zk-zk-4-data: create",
      "zk-zk-4-datalog: create",
      "zk-zk-4: create",
      "zk-zk-5-data: create",
      "zk-zk-5-datalog: create",
      "zk-zk-5: create",
    ]);
  });
});
