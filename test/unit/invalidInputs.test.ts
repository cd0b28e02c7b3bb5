import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import {
  FlinkHaCluster,
  OozieHaCluster,
  OozieImage,
  ZooKeeperEnsemble,
  type FlinkHaClusterArgs,
  type OozieHaClusterArgs,
} from "../../src";
import { recordProgram } from "../helpers/recordingMonitor";

/** Runs `build` under mocks and returns what it threw. */
async function thrownBy(build: () => unknown): Promise<unknown> {
  let error: unknown;
  await recordProgram(() => {
    try {
      build();
    } catch (caught) {
      error = caught;
    }
  });
  return error;
}

const cases: { component: string; build: () => unknown; fields: string[] }[] = [
  {
    component: 'ZooKeeperEnsemble "bad"',
    build: () => new ZooKeeperEnsemble("bad", { size: 4, clientPort: 2888 }),
    fields: ["size", "peerPort"],
  },
  {
    component: 'FlinkHaCluster "bad"',
    build: () =>
      new FlinkHaCluster("bad", {
        flinkVersion: "2.1.1",
        jobManagers: 1,
        zookeeper: {
          connectString: "zk-1:2181",
          tickTime: 250,
          maxSessionTimeout: 40000,
          readinessConnectString: "127.0.0.1:2181",
          networkName: "zk",
        },
      }),
    fields: ["jobManagers"],
  },
  {
    component: 'OozieHaCluster "bad"',
    build: () =>
      new OozieHaCluster("bad", {
        image: "example/oozie:5",
        baseUrl: "http://lb:11000/oozie",
        serverCount: 2,
        zookeeper: {
          connectString: "zk-1:2181",
          tickTime: 250,
          maxSessionTimeout: 40000,
          readinessConnectString: "127.0.0.1:2181",
          networkName: "zk",
        },
      }),
    fields: ["database"],
  },
  // A caller without types (JavaScript, or another language through the schema) may leave out
  // a required input: a validation error naming it, never a TypeError.
  {
    component: 'FlinkHaCluster "no-zk"',
    build: () => new FlinkHaCluster("no-zk", { flinkVersion: "2.1.1" } as FlinkHaClusterArgs),
    fields: ["zookeeper", "networkName"],
  },
  {
    component: 'OozieHaCluster "no-zk"',
    build: () =>
      new OozieHaCluster("no-zk", {
        image: "example/oozie:5",
        baseUrl: "http://lb:11000/oozie",
        serverCount: 1,
        allowSingleServer: true,
      } as OozieHaClusterArgs),
    fields: ["zookeeper"],
  },
  {
    component: 'FlinkHaCluster "partial-zk"',
    build: () =>
      new FlinkHaCluster("partial-zk", {
        flinkVersion: "2.1.1",
        zookeeper: { connectString: "zk-1:2181" },
      } as FlinkHaClusterArgs),
    fields: ["zookeeper.readinessConnectString", "zookeeper.tickTime", "networkName"],
  },
  // One connect-string check for every client: Oozie renders a connection's string too.
  {
    component: 'OozieHaCluster "chroot"',
    build: () =>
      new OozieHaCluster("chroot", {
        image: "example/oozie:5",
        baseUrl: "http://lb:11000/oozie",
        serverCount: 1,
        allowSingleServer: true,
        zookeeper: {
          connectString: "zk-1:2181/oozie",
          tickTime: 250,
          readinessConnectString: "127.0.0.1:2181 ",
          networkName: "zk",
        },
      }),
    fields: ["zookeeper.connectString", "zookeeper.readinessConnectString"],
  },
  {
    component: 'OozieImage "bad"',
    build: () => new OozieImage("bad", { libLayout: "latest" as never, uid: -1 }),
    fields: ["libLayout", "uid"],
  },
];

void describe("bad input is reported as Pulumi's own providers report it", () => {
  for (const { component, build, fields } of cases) {
    void it(`${component}: one ResourceError on the component, no stack, every field`, async () => {
      const error = await thrownBy(build);
      // What the language host prints as one error against the resource, without a stack.
      assert.ok(pulumi.ResourceError.isInstance(error), String(error));
      assert.equal(error.hideStack, true);
      assert.equal(error.resource?.constructor.name, component.split(" ")[0]);
      assert.match(error.message, new RegExp(`^${component} has ${fields.length} invalid input`));
      // The structured form stays, for whatever can use it.
      assert.ok(pulumi.InputPropertiesError.isInstance(error));
      assert.deepEqual(
        (error as unknown as pulumi.InputPropertiesError).errors.map((e) => e.propertyPath),
        fields,
      );
    });
  }
});
