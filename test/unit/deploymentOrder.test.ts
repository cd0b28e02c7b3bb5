import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deploymentOrder } from "../harness/graphReplay";
import type { Registration } from "../helpers/recordingMonitor";

function registration(name: string, dependencies: string[] = [], custom = true): Registration {
  return {
    type: custom ? "docker:index/container:Container" : "pkg:index:Component",
    name,
    urn: `urn:${name}`,
    parent: "",
    custom,
    provider: "",
    dependencies: dependencies.map((d) => `urn:${d}`),
    propertyDependencies: {},
    replaceOnChanges: [],
    retainOnDelete: false,
    deleteBeforeReplace: false,
    ignoreChanges: [],
    inputs: {},
  };
}

// The order the platform's integration suite deploys a recorded program in.
void describe("deploymentOrder", () => {
  void it("puts every resource after what it depends on, whatever the registration order", () => {
    const order = deploymentOrder([
      registration("gate", ["server-1", "server-2"]),
      registration("server-2", ["server-1", "volume"]),
      registration("component", [], false),
      registration("server-1", ["volume", "component"]),
      registration("volume"),
    ]);
    assert.deepEqual(
      order.map((r) => r.name),
      ["volume", "server-1", "server-2", "gate"],
    );
  });

  void it("refuses a cycle and a dependency on nothing recorded, naming them", () => {
    assert.throws(
      () =>
        deploymentOrder([registration("a", ["b"]), registration("b", ["a"]), registration("c")]),
      { message: "dependency cycle among a, b" },
    );
    assert.throws(() => deploymentOrder([registration("a", ["ghost"])]), {
      message: "a depends on unrecorded urn:ghost",
    });
  });
});
