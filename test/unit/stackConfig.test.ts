import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type { HaPlatformArgs, OozieImageArgs } from "../../src";
import { configKeyOf } from "../../src/program/configKeys";
import { platformArgsFromConfig } from "../../src/program/platformConfig";

const PROJECT = "pulumi-zk-ha";

/** What the root program was asked to build, in order. */
let builds: OozieImageArgs[] = [];
const BUILT = "sha256:built-from-the-recipe";

/** Reads the root program's config from exactly these values (JSON for maps, as the CLI sends). */
function readWith(values: Record<string, string>): () => unknown {
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(values).map(([k, v]) => [`${PROJECT}:${k}`, v])),
    [`${PROJECT}:oozieDbPassword`],
  );
  builds = [];
  return () =>
    platformArgsFromConfig(new pulumi.Config(PROJECT), (args) => {
      builds.push(args);
      return BUILT;
    });
}

/** The message of the RunError the read throws; fails the test for any other outcome. */
function runErrorOf(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    // A RunError is printed by the language host as its message alone, without a stack.
    assert.ok(pulumi.RunError.isInstance(error), String(error));
    return error.message;
  }
  assert.fail("expected the config to be refused");
}

const REQUIRED = { oozieDbPassword: "s3cret" };

void describe("root program config: every value of the wrong type, at once", () => {
  void it("accepts a map of strings and passes it through", () => {
    const args = readWith({
      ...REQUIRED,
      oozieSiteProperties: JSON.stringify({ "oozie.service.X.y": "20" }),
    })() as { oozie: { extraSiteProperties: Record<string, string> } };
    assert.deepEqual(args.oozie.extraSiteProperties, { "oozie.service.X.y": "20" });
  });

  void it("lists a number inside a map and bad numbers together, building nothing", () => {
    const message = runErrorOf(
      readWith({
        oozieDbPassword: "s3cret",
        zookeeperSize: "three",
        oozieZookeeperSessionTimeoutSeconds: "six",
        oozieSiteProperties: JSON.stringify({ "some.key": 20, "other.key": true, fine: "x" }),
      }),
    );
    assert.equal(
      message,
      [
        "stack config has 4 invalid value(s):",
        "  - Configuration 'pulumi-zk-ha:oozieZookeeperSessionTimeoutSeconds' value 'six' is not a valid number",
        "  - Configuration 'pulumi-zk-ha:zookeeperSize' value 'three' is not a valid number",
        `  - oozieSiteProperties["some.key"]: expected a string, got the number 20; store it as a string with pulumi config set --path --type string 'oozieSiteProperties["some.key"]' "20"`,
        `  - oozieSiteProperties["other.key"]: expected a string, got the boolean true; store it as a string with pulumi config set --path --type string 'oozieSiteProperties["other.key"]' "true"`,
      ].join("\n"),
    );
    assert.deepEqual(builds, []);
  });

  void it("names a scalar or a list where a map is expected", () => {
    for (const [value, got] of [
      ["5", "the number 5"],
      ['"text"', 'the string "text"'],
      ["[1]", "a list"],
    ] as const) {
      assert.equal(
        runErrorOf(readWith({ ...REQUIRED, oozieSiteProperties: value })),
        `stack config has 1 invalid value(s):\n  - oozieSiteProperties: expected a map of strings, got ${got}; set entries with pulumi config set --path 'oozieSiteProperties["name"]' value`,
        value,
      );
    }
  });

  void it("keeps the SDK's own message for text that is no map at all", () => {
    assert.equal(
      runErrorOf(readWith({ ...REQUIRED, oozieSiteProperties: "not json" })),
      "stack config has 1 invalid value(s):\n  - Configuration 'pulumi-zk-ha:oozieSiteProperties' value 'not json' is not a valid JSON object",
    );
  });

  void it("names the config key the user set in the platform's own refusals, building nothing", () => {
    assert.equal(
      runErrorOf(
        readWith({
          zookeeperSize: "4",
          zookeeperHostPortBase: "8081",
          oozieServers: "1",
          oozieSiteProperties: JSON.stringify({ "oozie.base.url": "http://x" }),
        }),
      ),
      [
        "stack config has 5 invalid value(s):",
        "  - zookeeperSize: 4 is even: it tolerates no more failures than 3; use 3 or 5",
        "  - oozieServers: one Oozie server is not highly available; use 2 or more, or set allowSingleServer: true to opt out of HA",
        `  - oozieSiteProperties["oozie.base.url"]: "oozie.base.url" is rendered by the component; set it through the matching argument instead`,
        ...[8081, 8082].map(
          (port) =>
            `  - flinkRestPortBase: host port 127.0.0.1:${port} is also published by ZooKeeperEnsemble "ha-zookeeper" (zookeeperHostPortBase); choose port bases whose ranges do not overlap`,
        ),
      ].join("\n"),
    );
    assert.deepEqual(builds, []);
  });

  void it("runs its own database without a URL, and asks for the password of yours", () => {
    const own = readWith({})() as HaPlatformArgs;
    assert.equal(own.oozie?.database, undefined);
    assert.equal(own.postgres, undefined);
    const image = readWith({ postgresImage: "pg:local" })();
    assert.deepEqual((image as HaPlatformArgs).postgres, { image: "pg:local" });
    assert.equal(
      runErrorOf(readWith({ oozieDbUrl: "jdbc:postgresql://db/o" })),
      "stack config has 1 invalid value(s):\n  - oozieDbPassword: required; with oozieDbUrl set, give its password: pulumi config set --secret oozieDbPassword <password>",
    );
  });
});

void describe("root program config: the Oozie image", () => {
  const oozieOf = (values: Record<string, string>): NonNullable<HaPlatformArgs["oozie"]> => {
    const oozie = (readWith(values)() as HaPlatformArgs).oozie;
    assert.ok(oozie);
    return oozie;
  };

  void it("needs no setting: builds the recipe's stock image and runs the servers on the build's result", () => {
    const oozie = oozieOf({});
    assert.deepEqual(builds, [{}]);
    assert.equal(oozie.image, BUILT);
    // The stock layout has curator-x-discovery in lib/: no copy, the component's defaults.
    assert.equal(oozie.legacyCuratorJarCopy, undefined);
    assert.equal(oozie.curatorVersion, undefined);
  });

  void it("passes the layout and the two base images to the build; the older layout copies the image's curator jar", () => {
    const oozie = oozieOf({
      oozieImageLayout: "older",
      oozieMavenImage: "local/maven:3.9-jdk17",
      oozieBaseImage: "registry.internal:5000/jre:17",
    });
    assert.deepEqual(builds, [
      {
        libLayout: "older",
        mavenImage: "local/maven:3.9-jdk17",
        baseImage: "registry.internal:5000/jre:17",
      },
    ]);
    assert.equal(oozie.image, BUILT);
    assert.equal(oozie.legacyCuratorJarCopy, true);
    // Unpinned: the copy takes the one jar the built image's webapp holds.
    assert.equal(oozie.curatorVersion, undefined);
    const stock = oozieOf({ oozieImageLayout: "stock" });
    assert.deepEqual(builds, [{ libLayout: "stock" }]);
    assert.equal(stock.legacyCuratorJarCopy, undefined);
  });

  void it("lets explicit curator settings win over what the older layout implies", () => {
    const oozie = oozieOf({
      oozieImageLayout: "older",
      oozieLegacyCuratorJarCopy: "false",
      oozieCuratorVersion: "4.2.0",
    });
    assert.equal(oozie.legacyCuratorJarCopy, false);
    assert.equal(oozie.curatorVersion, "4.2.0");
  });

  void it("runs the image oozieImage names, building none", () => {
    const oozie = oozieOf({ oozieImage: "example/oozie:5.1.0" });
    assert.deepEqual(builds, []);
    assert.equal(oozie.image, "example/oozie:5.1.0");
  });

  void it("refuses build settings next to oozieImage, and an empty oozieImage, building nothing", () => {
    assert.equal(
      runErrorOf(
        readWith({
          oozieImage: "",
          oozieImageLayout: "older",
          oozieBaseImage: "eclipse-temurin:17-jre",
        }),
      ),
      [
        "stack config has 3 invalid value(s):",
        "  - oozieImage: is empty; name your Oozie 5 image, or remove the key (pulumi config rm oozieImage) and the stack builds one",
        "  - oozieImageLayout: only used when the stack builds the Oozie image, and oozieImage names one; remove oozieImageLayout (pulumi config rm oozieImageLayout), or remove oozieImage to build",
        "  - oozieBaseImage: only used when the stack builds the Oozie image, and oozieImage names one; remove oozieBaseImage (pulumi config rm oozieBaseImage), or remove oozieImage to build",
      ].join("\n"),
    );
    assert.deepEqual(builds, []);
  });

  void it("refuses bad build settings under their config names, with the image's own reasons, building nothing", () => {
    assert.equal(
      runErrorOf(
        readWith({
          oozieImageLayout: "newest",
          oozieMavenImage: "maven:3.9 eclipse",
          oozieBaseImage: "Eclipse-Temurin:17",
        }),
      ),
      [
        "stack config has 3 invalid value(s):",
        `  - oozieImageLayout: "newest" is not a lib layout; use "stock" (upstream's) or "older" (lib/ without curator-x-discovery)`,
        `  - oozieMavenImage: "maven:3.9 eclipse" is not a Docker image reference such as maven:3.9-eclipse-temurin-17`,
        `  - oozieBaseImage: "Eclipse-Temurin:17" is not a Docker image reference such as eclipse-temurin:17-jre`,
      ].join("\n"),
    );
    assert.deepEqual(builds, []);
  });
});

void describe("config keys of the platform's arguments", () => {
  const cases: [string, string][] = [
    ["zookeeper.size", "zookeeperSize"],
    ["oozie.database.url", "oozieDbUrl"],
    ["oozie.database", "oozie.database"],
    ['oozie.extraSiteProperties["a.b"]', 'oozieSiteProperties["a.b"]'],
    ["name", "namePrefix"],
    ['zookeeper.extraSettings["x"]', 'zookeeper.extraSettings["x"]'],
  ];
  for (const [path, key] of cases) {
    void it(`${path} is reported as ${key}`, () => {
      assert.equal(configKeyOf(path), key);
    });
  }
});
