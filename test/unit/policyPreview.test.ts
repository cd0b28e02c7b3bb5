import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { policies } from "../../policy/policies";
import { isRecordedUnknown, runInPreview } from "../helpers/policyPreview";
import type { Registration } from "../helpers/recordingMonitor";
import { recordRootProgram } from "../helpers/rootProgram";

/** The root program's first preview: no resource exists, so every id is unknown. */
const firstPreview = (config: Record<string, string>): Promise<Registration[]> =>
  recordRootProgram(config, { preview: true });

void describe("policy pack in a first preview (ids unknown)", () => {
  void it("records labels that wait for another resource's id as unknown, the others known", async () => {
    // The precondition of the tests below: without it they would prove nothing.
    const registrations = await firstPreview({ oozieLegacyCuratorJarCopy: "true" });
    const jobManager = registrations.find((r) => r.name === "ha-flink-jm-1");
    const oozie = registrations.find((r) => r.name === "ha-oozie-oozie-1");
    const jobManagerLabels = jobManager?.inputs["labels"] as { label: string; value: unknown }[];
    assert.ok(
      isRecordedUnknown(
        jobManagerLabels.find((l) => l.label === "pulumi-zk-ha.storage-prepared-by")?.value,
      ),
    );
    const oozieLabels = oozie?.inputs["labels"] as { label: string; value: unknown }[];
    assert.ok(
      isRecordedUnknown(oozieLabels.find((l) => l.label === "pulumi-zk-ha.lib-prepared-by")?.value),
    );
    assert.equal(oozieLabels.find((l) => l.label === "pulumi-zk-ha.role")?.value, "oozie");
  });

  void it("runs and passes every rule on the default stack", async () => {
    const registrations = await firstPreview({ oozieLegacyCuratorJarCopy: "true" });
    assert.deepEqual(
      policies.map((policy) => [policy.name, runInPreview(policy, registrations)]),
      policies.map((policy) => [policy.name, { ran: true, violations: [] }]),
    );
  });

  void it("fails the preview of a one-server ensemble with the rule's message", async () => {
    const registrations = await firstPreview({ zookeeperSize: "1" });
    const outcomes = new Map(
      policies.map((policy) => [policy.name, runInPreview(policy, registrations)]),
    );
    assert.deepEqual(outcomes.get("zookeeper-odd-quorum"), {
      ran: true,
      violations: [
        'ZooKeeper ensemble "pulumi-zk-ha-test-ha" has 1 server(s); run an odd number of at least 3 so it survives a failure',
      ],
    });
    for (const [name, outcome] of outcomes) {
      assert.equal(outcome.ran, true, `${name}: ${JSON.stringify(outcome)}`);
    }
  });

  void it("judges nothing, and throws nothing, where even the labels are unknown", () => {
    // A container whose whole label list waits for another resource.
    const registrations: Registration[] = [
      {
        type: "docker:index/container:Container",
        name: "c",
        urn: "urn:c",
        parent: "",
        custom: true,
        provider: "",
        dependencies: [],
        propertyDependencies: {},
        replaceOnChanges: [],
        retainOnDelete: false,
        deleteBeforeReplace: true,
        ignoreChanges: [],
        inputs: { labels: { __pulumiUnknown: true }, ports: [] },
      },
    ];
    const policy = policies.find((p) => p.name === "zookeeper-odd-quorum");
    assert.ok(policy);
    // No role can be read, so no ensemble is judged; the rule still runs.
    assert.deepEqual(runInPreview(policy, registrations), { ran: true, violations: [] });
  });
});
