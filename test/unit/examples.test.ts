import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { recordModule } from "../helpers/recordingMonitor";
import { builtImageState, IMAGE } from "../helpers/rootProgram";

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
        "GeneratedPassword zk-zk-super-password",
        "MembershipGuard zk-membership",
        "Volume zk-zk-1-data",
        "Volume zk-zk-1-datalog",
        "Volume zk-zk-2-data",
        "Volume zk-zk-2-datalog",
        "Volume zk-zk-3-data",
        "Volume zk-zk-3-datalog",
        "Container zk-zk-1",
        "ServerRejoined zk-zk-1-rejoined",
        "Container zk-zk-2",
        "ServerRejoined zk-zk-2-rejoined",
        "Container zk-zk-3",
        "MembershipApplied zk-members-applied",
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

void describe("examples/oozie-legacy", () => {
  void it("copies the curator jar before each server, after the quorum and the namespace", async () => {
    pulumi.runtime.setAllConfig(
      {
        "oozie-legacy:oozieImage": "example/oozie:5.1.0",
        "oozie-legacy:oozieDbPassword": "s3cret",
      },
      ["oozie-legacy:oozieDbPassword"],
    );
    const monitor = await recordModule(path.join(EXAMPLES, "oozie-legacy", "index.js"), {
      project: "oozie-legacy",
    });
    const urn = (name: string): string => monitor.byName(name).urn;
    for (const index of [1, 2]) {
      const copy = monitor.byName(`oozie-oozie-${index}-curator-copy`);
      assert.equal(copy.inputs["attach"], true);
      const server = monitor.byName(`oozie-oozie-${index}`);
      for (const prerequisite of [
        "zk-quorum-ready",
        "oozie-namespace",
        "oozie-drain",
        `oozie-oozie-${index}-curator-copy`,
      ]) {
        assert.ok(
          server.dependencies.includes(urn(prerequisite)),
          `${server.name} after ${prerequisite}`,
        );
      }
    }
    assert.ok(
      monitor.byName("oozie-oozie-2").dependencies.includes(urn("oozie-oozie-1")),
      "rolling restart: server 2 after server 1",
    );
    assert.equal(monitor.byName("oozie-namespace").inputs["path"], "/oozie");
    // The user's image: nothing is built, and the copy takes whichever jar the image holds.
    assert.deepEqual(monitor.ofType(IMAGE), []);
    for (const index of [1, 2]) {
      const copy = monitor.byName(`oozie-oozie-${index}-curator-copy`);
      assert.equal(copy.inputs["image"], "example/oozie:5.1.0");
      assert.match(
        String((copy.inputs["entrypoints"] as string[])[2]),
        /^jars=\(\); for f in "\$webapp"\/curator-x-discovery-\[0-9\]\*\.jar; do/m,
      );
      assert.equal(monitor.byName(`oozie-oozie-${index}`).inputs["image"], "example/oozie:5.1.0");
    }
  });

  void it("builds upstream 5.2.1 in the older layout without oozieImage, and copies the curator jar it holds", async () => {
    pulumi.runtime.setAllConfig({ "oozie-legacy:oozieDbPassword": "s3cret" }, [
      "oozie-legacy:oozieDbPassword",
    ]);
    const monitor = await recordModule(path.join(EXAMPLES, "oozie-legacy", "index.js"), {
      project: "oozie-legacy",
      stateFor: builtImageState,
    });
    const images = monitor.ofType(IMAGE);
    assert.deepEqual(
      images.map((r) => r.name),
      ["oozie-image-build"],
    );
    const image = images[0];
    assert.ok(image);
    assert.equal(image.inputs["imageName"], "pulumi-zk-ha/oozie:5.2.1-older");
    assert.equal(
      (image.inputs["build"] as { args: Record<string, string> }).args["OOZIE_LIB_LAYOUT"],
      "older",
    );
    const id = builtImageState({
      type: IMAGE,
      name: image.name,
      inputs: image.inputs,
      custom: true,
    })["repoDigest"];
    for (const index of [1, 2]) {
      const copy = monitor.byName(`oozie-oozie-${index}-curator-copy`);
      assert.match(
        String((copy.inputs["entrypoints"] as string[])[2]),
        /^jars=\(\); for f in "\$webapp"\/curator-x-discovery-\[0-9\]\*\.jar; do/m,
      );
      for (const name of [copy.name, `oozie-oozie-${index}`]) {
        assert.equal(monitor.byName(name).inputs["image"], id, name);
        assert.deepEqual(monitor.byName(name).propertyDependencies["image"], [image.urn], name);
      }
    }
  });
});

void describe("examples/flink-ha", () => {
  void it("starts both JobManagers after the HA znode, which waits for the quorum", async () => {
    const monitor = await recordModule(path.join(EXAMPLES, "flink-ha", "index.js"));
    const urn = (name: string): string => monitor.byName(name).urn;
    assert.deepEqual(
      monitor
        .ofType("docker:index/container:Container")
        .map((r) => r.name)
        .sort(),
      [
        "analytics-ha-storage-owner",
        "analytics-jm-1",
        "analytics-jm-2",
        "analytics-tm-1",
        "analytics-tm-2",
        "zk-zk-1",
        "zk-zk-2",
        "zk-zk-3",
      ],
    );
    assert.deepEqual(monitor.byName("analytics-ha-znode").dependencies, [urn("zk-quorum-ready")]);
    // Default Docker names and the default cluster-id carry the project and stack.
    assert.equal(monitor.byName("analytics-ha-znode").inputs["path"], "/flink/zkha-test-analytics");
    assert.equal(monitor.byName("analytics-jm-1").inputs["name"], "zkha-test-analytics-flink-jm-1");
    for (const name of ["analytics-jm-1", "analytics-jm-2", "analytics-tm-1", "analytics-tm-2"]) {
      assert.ok(monitor.byName(name).dependencies.includes(urn("analytics-ha-znode")), name);
      assert.ok(
        monitor.byName(name).dependencies.includes(urn("analytics-ha-storage-owner")),
        name,
      );
    }
    const config = (
      monitor.byName("analytics-jm-1").inputs["uploads"] as { file: string; content: string }[]
    )[0];
    assert.equal(config?.file, "/opt/flink/conf/config.yaml");
    assert.match(config.content, /^high-availability\.jobmanager\.port: "50100-50110"$/m);
    assert.match(
      config.content,
      /^high-availability\.zookeeper\.quorum: zkha-test-zk-zk-1:2181,zkha-test-zk-zk-2:2181,zkha-test-zk-zk-3:2181$/m,
    );
  });
});

void describe("examples/multi-host", () => {
  void it("puts every server on its host's provider and dials host addresses", async () => {
    pulumi.runtime.setAllConfig(
      { "multi-host:oozieImage": "example/oozie:5.2.1", "multi-host:oozieDbPassword": "s3cret" },
      ["multi-host:oozieDbPassword"],
    );
    const monitor = await recordModule(path.join(EXAMPLES, "multi-host", "index.js"), {
      project: "multi-host",
    });
    // The provider reference is "<urn>::<id>"; the mocks give provider "host-a" the id "host-a-id".
    const hostOf = (name: string): string => monitor.byName(name).provider.split("::").pop() ?? "";
    assert.deepEqual(
      Object.fromEntries(
        monitor
          .ofType("docker:index/container:Container")
          .map((r) => [r.name, hostOf(r.name)])
          .sort(([a], [b]) => String(a).localeCompare(String(b))),
      ),
      {
        "ha-flink-jm-1": "host-a-id",
        "ha-flink-jm-2": "host-b-id",
        "ha-flink-tm-1": "host-b-id",
        "ha-flink-tm-2": "host-c-id",
        "ha-oozie-oozie-1": "host-b-id",
        "ha-oozie-oozie-2": "host-c-id",
        "ha-zookeeper-zk-1": "host-a-id",
        "ha-zookeeper-zk-2": "host-b-id",
        "ha-zookeeper-zk-3": "host-c-id",
      },
    );
    const members = (
      monitor.byName("ha-zookeeper-zk-2").inputs["uploads"] as { file: string; content: string }[]
    )[1];
    assert.equal(members?.file, "/conf/zoo.cfg.dynamic");
    assert.match(
      members.content,
      /^server\.1=10\.20\.0\.11:2888:3888:participant;0\.0\.0\.0:2181$/m,
    );
    const flinkConfig = (
      monitor.byName("ha-flink-jm-1").inputs["uploads"] as { content: string }[]
    )[0];
    assert.match(
      flinkConfig?.content ?? "",
      /^high-availability\.zookeeper\.quorum: "10\.20\.0\.11:2181,10\.20\.0\.12:2181,10\.20\.0\.13:2181"$/m,
    );
    assert.match(flinkConfig?.content ?? "", /^jobmanager\.rpc\.address: "10\.20\.0\.11"$/m);
    // Gates run where Pulumi runs, not on a Docker host.
    assert.equal(monitor.byName("ha-zookeeper-quorum-ready").provider, "");
  });
});
