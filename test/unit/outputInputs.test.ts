import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { FlinkHaCluster, HaPlatform, OozieHaCluster, ZooKeeperEnsemble } from "../../src";
import type { OozieHaClusterArgs } from "../../src/oozie/clusterArgs";
import { validateOozieCluster } from "../../src/oozie/validateCluster";
import { recordProgram } from "../helpers/recordingMonitor";
import { collectUnhandledRejections, failuresOf } from "../helpers/unhandledRejections";

const CONTAINER = "docker:index/container:Container";

function base(): OozieHaClusterArgs {
  return {
    image: "example/oozie:5.2.1",
    zookeeper: {
      connectString: "zk-1:2181",
      tickTime: 250,
      maxSessionTimeout: 40000,
      readinessConnectString: "127.0.0.1:2181",
      networkName: "n",
    },
    baseUrl: "http://lb:11000/oozie",
    database: {
      driver: "org.postgresql.Driver",
      url: "jdbc:postgresql://db/oozie",
      username: "oozie",
      password: "pw",
    },
  };
}

function databaseOf(args: OozieHaClusterArgs): NonNullable<OozieHaClusterArgs["database"]> {
  assert.ok(args.database);
  return args.database;
}

/**
 * Each input that may be another resource's output: how to set it, a value that passes (and is
 * then rendered into oozie-site.xml) and one that fails validation.
 */
const FIELDS: {
  field: string;
  set: (args: OozieHaClusterArgs, value: pulumi.Input<string>) => OozieHaClusterArgs;
  good: string;
  bad: string;
}[] = [
  {
    field: "baseUrl",
    set: (a, baseUrl) => ({ ...a, baseUrl }),
    good: "http://vip.example:11000/oozie",
    bad: "oozie-vip:11000",
  },
  {
    field: "database.url",
    set: (a, url) => ({ ...a, database: { ...databaseOf(a), url } }),
    good: "jdbc:postgresql://other-db:5432/oozie",
    bad: "postgres://db",
  },
  {
    field: "database.url (Derby for two servers)",
    set: (a, url) => ({ ...a, database: { ...databaseOf(a), url } }),
    good: "jdbc:mysql://db/oozie",
    bad: " JDBC:DERBY:/db",
  },
  {
    field: "database.driver",
    set: (a, driver) => ({ ...a, database: { ...databaseOf(a), driver } }),
    good: "com.mysql.cj.jdbc.Driver",
    bad: "not a class",
  },
  {
    field: "database.username",
    set: (a, username) => ({ ...a, database: { ...databaseOf(a), username } }),
    good: "oozie_from_output",
    bad: "",
  },
  {
    field: 'extraSiteProperties["oozie.custom"]',
    set: (a, value) => ({ ...a, extraSiteProperties: { "oozie.custom": value } }),
    good: "from-an-output",
    bad: "",
  },
];

/** What the component throws for these arguments when it can: the plain value's problems. */
function plainProblems(args: OozieHaClusterArgs): { propertyPath: string; reason: string }[] {
  return validateOozieCluster("demo", args).map((p) => ({
    propertyPath: p.property,
    reason: p.reason,
  }));
}

void describe("Oozie inputs that may be other resources' outputs", () => {
  for (const { field, set, good, bad } of FIELDS) {
    void it(`${field}: a bad plain value is refused at once`, async () => {
      let error: unknown;
      await recordProgram(() => {
        try {
          new OozieHaCluster("demo", set(base(), bad));
        } catch (caught) {
          error = caught;
        }
      });
      assert.ok(pulumi.ResourceError.isInstance(error), String(error));
      assert.ok(plainProblems(set(base(), bad)).length > 0);
      assert.deepEqual(
        (error as unknown as pulumi.InputPropertiesError).errors,
        plainProblems(set(base(), bad)),
      );
    });

    for (const [kind, wrap] of [
      ["an Output", (v: string): pulumi.Input<string> => pulumi.output(v)],
      ["a secret Output", (v: string): pulumi.Input<string> => pulumi.secret(v)],
      ["a Promise", (v: string): pulumi.Input<string> => Promise.resolve(v)],
    ] as const) {
      void it(`${field}: ${kind} with a bad value fails once it resolves, with the same error`, async () => {
        const {
          thrown,
          rejections: errors,
          monitor,
        } = await failuresOf(() => new OozieHaCluster("demo", set(base(), wrap(bad))));
        // Not at construction, and never a TypeError.
        assert.equal(thrown, undefined);
        assert.ok(errors.length > 0, "no error");
        for (const error of errors) {
          assert.ok(!(error instanceof TypeError), String(error));
          assert.ok(pulumi.ResourceError.isInstance(error), String(error));
          assert.equal(error.hideStack, true);
          assert.equal(error.resource?.constructor.name, "OozieHaCluster");
          assert.deepEqual(
            (error as unknown as pulumi.InputPropertiesError).errors,
            plainProblems(set(base(), bad)),
          );
        }
        // No server starts on a refused value.
        assert.deepEqual(
          monitor
            .ofType(CONTAINER)
            .map((r) => r.name)
            .filter((n) => /^demo-oozie-\d$/.test(n)),
          [],
        );
      });

      void it(`${field}: ${kind} with a good value is rendered`, async () => {
        const monitor = await recordProgram(
          () => new OozieHaCluster("demo", set(base(), wrap(good))),
        );
        const uploads = monitor.byName("demo-oozie-1").inputs["uploads"] as {
          content?: string;
        }[];
        const site = uploads[0]?.content ?? "";
        assert.ok(site.includes(`<value>${good.trim()}</value>`), site);
      });
    }

    void it(`${field}: unknown in a preview is no error and no TypeError`, async () => {
      let thrown: unknown;
      const errors = await collectUnhandledRejections(async () => {
        await recordProgram(
          () => {
            try {
              // An output of a resource not created yet: unknown in the preview.
              new OozieHaCluster(
                "demo",
                set(base(), pulumi.output(pulumi.unknown) as pulumi.Output<string>),
              );
            } catch (caught) {
              thrown = caught;
            }
          },
          { preview: true },
        );
      });
      assert.equal(thrown, undefined);
      assert.deepEqual(errors, []);
    });
  }

  void it("HaPlatform takes an Output for the Oozie base URL and database", async () => {
    const monitor = await recordProgram(
      () =>
        new HaPlatform("ha", {
          oozie: {
            image: "example/oozie:5.2.1",
            baseUrl: pulumi.output("http://vip:11000/oozie"),
            database: {
              driver: pulumi.output("org.postgresql.Driver"),
              url: pulumi.output("jdbc:postgresql://db/oozie"),
              username: pulumi.output("oozie"),
              password: pulumi.secret("pw"),
            },
          },
        }),
    );
    const uploads = monitor.byName("ha-oozie-oozie-1").inputs["uploads"] as { content?: string }[];
    assert.match(uploads[0]?.content ?? "", /<value>http:\/\/vip:11000\/oozie<\/value>/);
  });
});

/** Inputs that must stay plain: given an Output or a promise, a clear error at preview. */
const PLAIN: {
  component: string;
  build: (value: never) => unknown;
  field: string;
  reason: RegExp;
}[] = [
  {
    component: "FlinkHaCluster",
    build: (v) => new FlinkHaCluster("f", { ...FLINK, jobManagers: v }),
    field: "jobManagers",
    reason: /decide which resources it creates/,
  },
  {
    component: "ZooKeeperEnsemble",
    build: (v) => new ZooKeeperEnsemble("z", { size: v }),
    field: "size",
    reason: /decide which resources it creates/,
  },
  {
    component: "ZooKeeperEnsemble",
    build: (v) => new ZooKeeperEnsemble("z", { hostClientPortBase: 2181, publishAddress: v }),
    field: "publishAddress",
    reason: /decide which resources it creates and their names, ports and files/,
  },
  {
    component: "OozieHaCluster",
    build: (v) => new OozieHaCluster("demo", { ...base(), namespace: v }),
    field: "namespace",
    reason: /decide which resources it creates/,
  },
  {
    component: "OozieHaCluster",
    build: (v) => new OozieHaCluster("demo", { ...base(), serverCount: v }),
    field: "serverCount",
    reason: /decide which resources it creates/,
  },
];

const FLINK = {
  flinkVersion: "2.1.1",
  zookeeper: {
    connectString: "zk-1:2181",
    tickTime: 250,
    maxSessionTimeout: 40000,
    readinessConnectString: "127.0.0.1:2181",
    networkName: "n",
  },
};

void describe("inputs that must be known at preview say so, never a TypeError", () => {
  for (const { component, build, field, reason } of PLAIN) {
    for (const [kind, value] of [
      ["an Output", pulumi.output("x")],
      ["a Promise", Promise.resolve("x")],
    ] as const) {
      void it(`${component} ${field}: ${kind}`, async () => {
        let error: unknown;
        await recordProgram(() => {
          try {
            build(value as never);
          } catch (caught) {
            error = caught;
          }
        });
        assert.ok(!(error instanceof TypeError), String(error));
        assert.ok(pulumi.ResourceError.isInstance(error), String(error));
        assert.equal(error.resource?.constructor.name, component);
        const errors = (error as unknown as pulumi.InputPropertiesError).errors;
        assert.deepEqual(
          errors.map((e) => e.propertyPath),
          [field],
        );
        assert.match(
          errors[0]?.reason ?? "",
          new RegExp(
            `^is ${kind === "an Output" ? "an Output" : "a promise"}; give a plain value: `,
          ),
        );
        assert.match(errors[0]?.reason ?? "", reason);
      });
    }
  }

  void it("HaPlatform lists them under the part, with every other problem", async () => {
    let error: unknown;
    await recordProgram(() => {
      try {
        new HaPlatform("ha", {
          zookeeper: { size: pulumi.output(3) as unknown as number },
          flink: {
            flinkVersion: "2.1.1",
            jobManagers: pulumi.output(3) as unknown as number,
            taskManagers: 0,
          },
        });
      } catch (caught) {
        error = caught;
      }
    });
    assert.ok(pulumi.ResourceError.isInstance(error), String(error));
    assert.deepEqual(
      (error as unknown as pulumi.InputPropertiesError).errors.map((e) => e.propertyPath),
      ["zookeeper.size", "flink.jobManagers", "flink.taskManagers"],
    );
  });
});
