import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { recordModule } from "../helpers/recordingMonitor";

const EXAMPLES = path.join(__dirname, "..", "..", "examples");
const ZNODE = "pulumi-nodejs:dynamic/pulumi-zk-ha:ZNode";
const GATE = "pulumi-nodejs:dynamic/pulumi-zk-ha:QuorumReady";

void describe("examples/zookeeper-only", () => {
  void it("declares the ensemble and a znode that waits for the quorum", async () => {
    const monitor = await recordModule(path.join(EXAMPLES, "zookeeper-only", "index.js"));
    assert.deepEqual(
      monitor.registrations.map((r) => `${r.type.split(":").pop() ?? ""} ${r.name}`),
      [
        "ZooKeeperEnsemble zk",
        "Network zk-zk-net",
        "Volume zk-zk-1-data",
        "Volume zk-zk-1-datalog",
        "Volume zk-zk-2-data",
        "Volume zk-zk-2-datalog",
        "Volume zk-zk-3-data",
        "Volume zk-zk-3-datalog",
        "Container zk-zk-1",
        "Container zk-zk-2",
        "Container zk-zk-3",
        "QuorumReady zk-quorum-ready",
        "ZNode app-root",
      ],
    );
    const node = monitor.byName("app-root");
    assert.equal(node.type, ZNODE);
    assert.deepEqual(node.dependencies, [monitor.ofType(GATE)[0]?.urn]);
    const { __provider: provider, ...inputs } = node.inputs;
    assert.equal(typeof provider, "string");
    assert.deepEqual(inputs, {
      connectString: "127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183",
      path: "/my-app",
      deleteOnDestroy: false,
      timeoutSeconds: 60,
    });
  });
});
