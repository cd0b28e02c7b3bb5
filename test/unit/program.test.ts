import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import type * as pulumi from "@pulumi/pulumi";
import { policies } from "../../policy/policies";
import { deploymentOrder } from "../harness/graphReplay";
import { isRecordedUnknown } from "../helpers/policyPreview";
import { changesOf, planSteps } from "../helpers/previewPlan";
import type { Registration } from "../helpers/recordingMonitor";
import { builtImageState, IMAGE, recordRootProgram } from "../helpers/rootProgram";

const record = (config: Record<string, string> = {}): Promise<Registration[]> =>
  recordRootProgram(config);

const names = (registrations: Registration[], type: string): string[] =>
  registrations.filter((r) => r.type === type).map((r) => r.name);

void describe("root program", () => {
  void it("brings up 3 ZooKeeper servers, 2 JobManagers, a TaskManager and 2 Oozie servers", async () => {
    const registrations = await record();
    assert.deepEqual(names(registrations, "docker:index/container:Container").sort(), [
      "ha-db-server",
      "ha-flink-ha-storage-owner",
      "ha-flink-jm-1",
      "ha-flink-jm-2",
      "ha-flink-tm-1",
      "ha-oozie-oozie-1",
      "ha-oozie-oozie-2",
      "ha-zookeeper-zk-1",
      "ha-zookeeper-zk-2",
      "ha-zookeeper-zk-3",
    ]);
    const byName = new Map(registrations.map((r) => [r.name, r]));
    const urn = (name: string): string => byName.get(name)?.urn ?? `missing ${name}`;
    const dependsOn = (name: string, prerequisite: string): boolean =>
      byName.get(name)?.dependencies.includes(urn(prerequisite)) ?? false;
    // Prerequisites as edges: the quorum, then the clusters' znodes, then their servers.
    assert.ok(dependsOn("ha-flink-ha-znode", "ha-zookeeper-quorum-ready"));
    assert.ok(dependsOn("ha-oozie-namespace", "ha-zookeeper-quorum-ready"));
    for (const member of ["ha-flink-jm-1", "ha-flink-jm-2", "ha-flink-tm-1"]) {
      assert.ok(dependsOn(member, "ha-flink-ha-znode"), member);
      // The official image runs Flink as uid 9999; the fresh volume is root's until this step.
      assert.ok(dependsOn(member, "ha-flink-ha-storage-owner"), member);
    }
    assert.deepEqual(byName.get("ha-flink-ha-storage-owner")?.inputs["entrypoints"], [
      "chown",
      "-R",
      "9999:9999",
      "/flink-ha",
    ]);
    for (const server of ["ha-oozie-oozie-1", "ha-oozie-oozie-2"]) {
      assert.ok(dependsOn(server, "ha-oozie-namespace"), server);
      assert.ok(dependsOn(server, "ha-zookeeper-quorum-ready"), server);
      assert.ok(dependsOn(server, "ha-oozie-drain"), server);
      // The platform's own PostgreSQL: its password resolves once the server is ready.
      assert.ok(dependsOn(server, "ha-db-server"), server);
    }
    assert.ok(dependsOn("ha-oozie-oozie-2", "ha-oozie-oozie-1"), "rolling restart");
  });

  void it("names every Docker object after the stack by default, or exactly after the namePrefix config", async () => {
    const dockerNames = (registrations: Registration[]): string[] =>
      registrations
        .filter((r) => r.type.startsWith("docker:") && r.type !== IMAGE)
        .map((r) => String(r.inputs["name"]))
        .sort();
    const imageNames = (registrations: Registration[]): unknown[] =>
      registrations.filter((r) => r.type === IMAGE).map((r) => r.inputs["imageName"]);
    const defaults = await recordRootProgram({}, { stack: "dev" });
    const otherStack = await recordRootProgram({}, { stack: "Prod_EU" });
    const staging = await recordRootProgram({ namePrefix: "staging" }, { stack: "dev" });
    const explicitHa = await recordRootProgram({ namePrefix: "ha" }, { stack: "Prod_EU" });
    assert.equal(dockerNames(defaults).length, 19);
    // The platform's own default, <project>-<stack>-<name>: two stacks on one engine never
    // share a name (and so never a kept volume).
    assert.ok(
      dockerNames(defaults).every((name) => name.startsWith("pulumi-zk-ha-dev-ha-")),
      dockerNames(defaults).join(", "),
    );
    assert.deepEqual(
      dockerNames(otherStack),
      dockerNames(defaults).map((name) =>
        name.replace(/^pulumi-zk-ha-dev-ha-/, "pulumi-zk-ha-prod-eu-ha-"),
      ),
    );
    assert.deepEqual(
      dockerNames(otherStack).filter((name) => dockerNames(defaults).includes(name)),
      [],
    );
    // An explicit prefix is used exactly, whatever the stack: the old default "ha" keeps a
    // stack deployed before this default on its containers and volumes.
    assert.deepEqual(
      dockerNames(staging),
      dockerNames(defaults).map((name) => name.replace(/^pulumi-zk-ha-dev-ha-/, "staging-")),
    );
    assert.deepEqual(
      dockerNames(explicitHa),
      dockerNames(defaults).map((name) => name.replace(/^pulumi-zk-ha-dev-ha-/, "ha-")),
    );
    // The image is a build of one recipe, not a stack's object: every stack tags the same name.
    assert.deepEqual(imageNames(defaults), ["pulumi-zk-ha/oozie:5.2.1"]);
    assert.deepEqual(imageNames(staging), imageNames(defaults));
    assert.deepEqual(imageNames(otherStack), imageNames(defaults));
  });

  void it("builds the Oozie image from the package's recipe when no oozieImage is set, and runs every Oozie container on its id", async () => {
    const registrations = await record();
    const images = registrations.filter((r) => r.type === IMAGE);
    assert.deepEqual(
      images.map((r) => r.name),
      ["oozie-image-build"],
    );
    const image = images[0];
    assert.ok(image);
    const component = registrations.find((r) => r.name === "oozie-image");
    assert.equal(component?.type, "pulumi-zk-ha:oozie:OozieImage");
    assert.equal(image.parent, component.urn);
    const build = image.inputs["build"] as {
      context: string;
      dockerfile: string;
      args: Record<string, string>;
    };
    // The recipe the compiled program resolves is there, Dockerfile and all.
    assert.ok(fs.statSync(build.context).isDirectory(), build.context);
    assert.equal(build.dockerfile, path.join(build.context, "Dockerfile"));
    assert.ok(fs.statSync(build.dockerfile).isFile());
    assert.deepEqual(build.args, {
      BASE_IMAGE: "eclipse-temurin:17-jre",
      MAVEN_IMAGE: "maven:3.9-eclipse-temurin-17",
      OOZIE_LIB_LAYOUT: "stock",
      OOZIE_UID: "1001",
    });
    assert.equal(image.inputs["skipPush"], true);
    assert.equal(image.inputs["imageName"], "pulumi-zk-ha/oozie:5.2.1");

    const request: pulumi.runtime.MockResourceArgs = {
      type: IMAGE,
      name: image.name,
      inputs: image.inputs,
      custom: true,
    };
    const id = builtImageState(request)["repoDigest"];
    assert.match(String(id), /^sha256:[0-9a-f]{64}$/);
    const oozie = registrations.filter(
      (r) => r.type === "docker:index/container:Container" && r.name.startsWith("ha-oozie-"),
    );
    assert.deepEqual(
      oozie.map((r) => r.name),
      ["ha-oozie-oozie-1", "ha-oozie-oozie-2"],
    );
    for (const container of oozie) {
      assert.equal(container.inputs["image"], id, container.name);
      // An edge, too: no server is created before the build.
      assert.deepEqual(container.propertyDependencies["image"], [image.urn], container.name);
    }
    // No other container runs it.
    assert.deepEqual(
      registrations
        .filter((r) => r.inputs["image"] === id)
        .map((r) => r.name)
        .sort(),
      ["ha-oozie-oozie-1", "ha-oozie-oozie-2"],
    );
  });

  void it("builds no image when oozieImage names one, and runs the servers on it", async () => {
    const registrations = await record({ oozieImage: "example/oozie:5.2.1" });
    assert.deepEqual(
      registrations.filter((r) => r.type === IMAGE || r.name === "oozie-image"),
      [],
    );
    for (const name of ["ha-oozie-oozie-1", "ha-oozie-oozie-2"]) {
      assert.equal(
        registrations.find((r) => r.name === name)?.inputs["image"],
        "example/oozie:5.2.1",
      );
    }
  });

  void it("builds the older layout with oozieImageLayout, and copies the curator jar 5.2.1 ships", async () => {
    const registrations = await record({
      oozieImageLayout: "older",
      oozieBaseImage: "local/jre:17",
      oozieMavenImage: "local/maven:3.9",
    });
    const image = registrations.find((r) => r.type === IMAGE);
    assert.equal(image?.inputs["imageName"], "pulumi-zk-ha/oozie:5.2.1-older");
    assert.deepEqual((image.inputs["build"] as { args: unknown }).args, {
      BASE_IMAGE: "local/jre:17",
      MAVEN_IMAGE: "local/maven:3.9",
      OOZIE_LIB_LAYOUT: "older",
      OOZIE_UID: "1001",
    });
    for (const index of [1, 2]) {
      const copy = registrations.find((r) => r.name === `ha-oozie-oozie-${index}-curator-copy`);
      assert.ok(copy, `no curator copy for server ${index}`);
      assert.match(
        String((copy.inputs["entrypoints"] as string[])[2]),
        /^jars=\(\); for f in "\$webapp"\/curator-x-discovery-\[0-9\]\*\.jar; do/m,
      );
      // The copy runs the built image too: it copies from that image's webapp lib dir.
      const server = registrations.find((r) => r.name === `ha-oozie-oozie-${index}`);
      assert.equal(copy.inputs["image"], server?.inputs["image"]);
      assert.deepEqual(copy.propertyDependencies["image"], [image.urn]);
    }
  });

  void it("plans a change of the image's layout as a rebuild, then the Oozie servers after the drain check", async () => {
    const before = await record();
    const after = await record({ oozieImageLayout: "older" });
    assert.deepEqual(changesOf(await planSteps(before, after)), [
      "ha-oozie-drain: update",
      "ha-oozie-ha-verified: update",
      "ha-oozie-oozie-1-curator-copy: create",
      "ha-oozie-oozie-1-lib: create",
      "ha-oozie-oozie-1: replace",
      "ha-oozie-oozie-2-curator-copy: create",
      "ha-oozie-oozie-2-lib: create",
      "ha-oozie-oozie-2: replace",
      "oozie-image-build: update",
    ]);
  });

  void it("shows the built image's id as unknown in a first preview, where nothing is built", async () => {
    const registrations = await recordRootProgram({}, { preview: true });
    for (const name of ["ha-oozie-oozie-1", "ha-oozie-oozie-2"]) {
      const server = registrations.find((r) => r.name === name);
      assert.ok(isRecordedUnknown(server?.inputs["image"]), name);
    }
  });

  void it("passes every rule of the policy pack", async () => {
    const resources = (await record()).map(
      (r) =>
        ({ type: r.type, urn: r.urn, name: r.name, props: r.inputs }) as unknown as PolicyResource,
    );
    const violations: string[] = [];
    for (const policy of policies) {
      void policy.validateStack(
        {
          resources,
          stackTags: new Map(),
          getConfig: () => ({}),
        } as unknown as StackValidationArgs,
        (message) => violations.push(`${policy.name}: ${message}`),
      );
    }
    assert.deepEqual(violations, []);
  });

  void it("is deterministic: two builds register byte-identical resources", async () => {
    const first = JSON.stringify(await record());
    const second = JSON.stringify(await record());
    assert.equal(first, second);
    assert.doesNotMatch(first, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, "no timestamps in inputs");
  });

  void it("plans exactly the ZooKeeper servers an image change replaces, and the gates that re-check", async () => {
    const before = await record();
    const after = await record({ zookeeperImage: "zookeeper:3.9.3" });
    const steps = await planSteps(before, after);
    assert.deepEqual(changesOf(steps), [
      "ha-zookeeper-members-applied: update",
      "ha-zookeeper-quorum-ready: update",
      "ha-zookeeper-zk-1-rejoined: update",
      "ha-zookeeper-zk-1: replace",
      "ha-zookeeper-zk-2-rejoined: update",
      "ha-zookeeper-zk-2: replace",
      "ha-zookeeper-zk-3: replace",
    ]);
    // One server at a time: each replacement waits for the previous server to serve again.
    assert.deepEqual(
      deploymentOrder(after)
        .map((r) => r.name)
        .filter((name) => (steps.get(name) ?? "same") !== "same"),
      [
        "ha-zookeeper-zk-1",
        "ha-zookeeper-zk-1-rejoined",
        "ha-zookeeper-zk-2",
        "ha-zookeeper-zk-2-rejoined",
        "ha-zookeeper-zk-3",
        "ha-zookeeper-members-applied",
        "ha-zookeeper-quorum-ready",
      ],
    );
  });

  void it("plans a Flink image change as the storage step and the Flink members, keeping the volume", async () => {
    const before = await record();
    const after = await record({
      flinkImage: "example/flink:2.1.1-uid-1000",
      flinkStorageOwner: "1000:1000",
    });
    assert.deepEqual(changesOf(await planSteps(before, after)), [
      "ha-flink-ha-storage-owner: replace",
      "ha-flink-ha-verified: update",
      // Each JobManager's gate waits until the new one is in the election; the order gate,
      // first, reads the leader so that it is replaced last.
      "ha-flink-jm-1-rejoined: update",
      "ha-flink-jm-1: replace",
      "ha-flink-jm-2-rejoined: update",
      "ha-flink-jm-2: replace",
      "ha-flink-jm-order: update",
      "ha-flink-tm-1-rejoined: update",
      "ha-flink-tm-1: replace",
    ]);
    const step = after.find((r) => r.name === "ha-flink-ha-storage-owner");
    assert.ok(step);
    assert.equal(step.inputs["image"], "example/flink:2.1.1-uid-1000");
    assert.deepEqual(step.inputs["entrypoints"], ["chown", "-R", "1000:1000", "/flink-ha"]);
  });

  void it("plans an Oozie property change as the Oozie servers only, after the drain check", async () => {
    const before = await record();
    const after = await record({
      oozieSiteProperties: JSON.stringify({ "oozie.service.CallableQueueService.threads": "20" }),
    });
    assert.deepEqual(changesOf(await planSteps(before, after)), [
      "ha-oozie-drain: update",
      "ha-oozie-ha-verified: update",
      "ha-oozie-oozie-1: replace",
      "ha-oozie-oozie-2: replace",
    ]);
  });

  void it("renders oozieZookeeperSessionTimeoutSeconds into every server's oozie-site.xml, 6 without it", async () => {
    const timeoutsOf = (registrations: Registration[]): string[] =>
      ["ha-oozie-oozie-1", "ha-oozie-oozie-2"].map((name) => {
        const server = registrations.find((r) => r.name === name);
        const site = (server?.inputs["uploads"] as { file: string; content: string }[])[0];
        assert.equal(site?.file, "/opt/oozie/conf/oozie-site.xml");
        const match =
          /<name>oozie\.zookeeper\.session\.timeout<\/name>\n {4}<value>(\d+)<\/value>/.exec(
            site.content,
          );
        return match?.[1] ?? "none";
      });
    assert.deepEqual(timeoutsOf(await record()), ["6", "6"]);
    assert.deepEqual(timeoutsOf(await record({ oozieZookeeperSessionTimeoutSeconds: "12" })), [
      "12",
      "12",
    ]);
  });

  void it("copies the curator-x-discovery version oozieCuratorVersion names, the image's own without it", async () => {
    const scriptOf = (registrations: Registration[]): string => {
      const copy = registrations.find((r) => r.name === "ha-oozie-oozie-1-curator-copy");
      assert.ok(copy, "no curator copy step");
      return String((copy.inputs["entrypoints"] as string[])[2]);
    };
    const named = await record({ oozieLegacyCuratorJarCopy: "true", oozieCuratorVersion: "2.5.0" });
    assert.match(
      scriptOf(named),
      /^jars=\(\); for f in "\$webapp"\/curator-x-discovery-2\.5\.0\.jar; do/m,
    );
    const unnamed = await record({ oozieLegacyCuratorJarCopy: "true" });
    assert.match(
      scriptOf(unnamed),
      /^jars=\(\); for f in "\$webapp"\/curator-x-discovery-\[0-9\]\*\.jar; do/m,
    );
  });
});
