import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { HaPlatform, PLATFORM_TYPE, type HaPlatformArgs } from "../../src";
import { recordProgram, type RecordingMonitor } from "../helpers/recordingMonitor";

const oozie = { image: "example/oozie:5.2.1", baseUrl: "http://lb:11000/oozie" };

/** Builds the platform under mocks; returns what it threw and what was registered. */
async function build(
  args: HaPlatformArgs,
  name = "ha",
): Promise<{ error: unknown; monitor: RecordingMonitor }> {
  let error: unknown;
  const monitor = await recordProgram(() => {
    try {
      new HaPlatform(name, args);
    } catch (caught) {
      error = caught;
    }
  });
  return { error, monitor };
}

const cases: { title: string; name?: string; args: HaPlatformArgs; fields: string[] }[] = [
  {
    title: "one mistake in each of three parts",
    args: {
      zookeeper: { size: 4 },
      flink: { flinkVersion: "2.1.1", jobManagers: 1 },
      oozie: { ...oozie, baseUrl: "not a url" },
    },
    fields: ["zookeeper.size", "flink.jobManagers", "oozie.baseUrl"],
  },
  {
    title: "several mistakes in one part and one in the platform's own database",
    args: {
      flink: { flinkVersion: "0.9", taskManagers: 0, restPort: 70000 },
      oozie,
      postgres: { username: "Bad-User" },
    },
    fields: ["flink.flinkVersion", "flink.taskManagers", "flink.restPort", "postgres.username"],
  },
  {
    title: "nested fields keep their path below the part",
    args: {
      zookeeper: { extraSettings: { "server.9": "x:1:2" } },
      oozie: {
        ...oozie,
        database: {
          driver: "not a class",
          url: "jdbc:derby:/tmp/oozie",
          username: "oozie",
          password: "pw",
        },
      },
    },
    fields: ['zookeeper.extraSettings["server.9"]', "oozie.database.driver", "oozie.database.url"],
  },
  {
    title:
      "a database named by the user leaves the platform's PostgreSQL unchecked (it is not run)",
    args: {
      oozie: {
        ...oozie,
        serverCount: 0,
        database: {
          driver: "org.postgresql.Driver",
          url: "jdbc:postgresql://db/o",
          username: "o",
          password: "p",
        },
      },
      postgres: { username: "Bad-User" },
    },
    fields: ["oozie.serverCount"],
  },
  {
    title: "a bad prefix is the platform's namePrefix, once per part that cannot use it",
    args: { namePrefix: "Bad_Prefix", flink: { flinkVersion: "2.1.1" } },
    fields: ["namePrefix", "namePrefix"],
  },
  {
    title: "a clash between two parts beside a part's own mistake, in one error",
    args: {
      zookeeper: { size: 4, hostClientPortBase: 8081 },
      flink: { flinkVersion: "2.1.1" },
      oozie,
    },
    fields: ["zookeeper.size", "flink.hostRestPortBase", "flink.hostRestPortBase"],
  },
  {
    title: "Oozie's HTTP ports over Flink's REST ports, with placement-free defaults elsewhere",
    args: {
      flink: { flinkVersion: "2.1.1", hostRestPortBase: 11000 },
      oozie: { ...oozie, hostHttpPortBase: 11001 },
    },
    fields: ["oozie.hostHttpPortBase"],
  },
  {
    title: "without namePrefix, the platform's name is at fault",
    name: "Bad_Name",
    args: {},
    fields: ["name"],
  },
];

void describe("HaPlatform reports every problem of every part at once", () => {
  for (const { title, name, args, fields } of cases) {
    void it(title, async () => {
      const { error, monitor } = await build(args, name);
      assert.ok(pulumi.ResourceError.isInstance(error), String(error));
      assert.equal(error.hideStack, true);
      assert.equal(error.resource?.constructor.name, "HaPlatform");
      assert.match(
        error.message,
        new RegExp(`^HaPlatform "${name ?? "ha"}" has ${fields.length} invalid input`),
      );
      assert.deepEqual(
        (error as unknown as pulumi.InputPropertiesError).errors.map((e) => e.propertyPath),
        fields,
      );
      // Refused before any part exists: the platform is the only resource registered.
      assert.deepEqual(
        monitor.registrations.map((r) => r.type),
        [PLATFORM_TYPE],
      );
    });
  }

  void it("a prefix problem says which part's names it breaks", async () => {
    const { error } = await build({ namePrefix: "Bad_Prefix", flink: { flinkVersion: "2.1.1" } });
    const reasons = (error as pulumi.InputPropertiesError).errors.map((e) => e.reason);
    assert.match(reasons[0] ?? "", /^\(zookeeper\) "Bad_Prefix" cannot start the network alias/);
    assert.match(reasons[1] ?? "", /^\(flink\) "Bad_Prefix" cannot start the network alias/);
  });

  void it("a clash names both parts' fields and the fix", async () => {
    const { error } = await build({
      zookeeper: { size: 4, hostClientPortBase: 8081 },
      flink: { flinkVersion: "2.1.1" },
    });
    assert.deepEqual(
      (error as pulumi.InputPropertiesError).errors.map((e) => [e.propertyPath, e.reason]),
      [
        ["zookeeper.size", "4 is even: it tolerates no more failures than 3; use 3 or 5"],
        ...[8081, 8082].map((port) => [
          "flink.hostRestPortBase",
          `host port 127.0.0.1:${port} is also published by ZooKeeperEnsemble "ha-zookeeper" (zookeeper.hostClientPortBase); choose port bases whose ranges do not overlap`,
        ]),
      ],
    );
  });

  void it("valid parts build as before", async () => {
    const { error, monitor } = await build({ flink: { flinkVersion: "2.1.1" }, oozie });
    assert.equal(error, undefined);
    assert.ok(monitor.registrations.length > 10);
  });
});
