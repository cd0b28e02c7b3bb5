import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { platformArgsFromConfig } from "../../src/program/platformConfig";

const PROJECT = "pulumi-zk-ha";

/** Reads the root program's config from exactly these values (JSON for maps, as the CLI sends). */
function readWith(values: Record<string, string>): () => unknown {
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(values).map(([k, v]) => [`${PROJECT}:${k}`, v])),
    [`${PROJECT}:oozieDbPassword`],
  );
  return () => platformArgsFromConfig(new pulumi.Config(PROJECT));
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

const REQUIRED = { oozieImage: "example/oozie:5", oozieDbPassword: "s3cret" };

void describe("root program config: every value of the wrong type, at once", () => {
  void it("accepts a map of strings and passes it through", () => {
    const args = readWith({
      ...REQUIRED,
      oozieSiteProperties: JSON.stringify({ "oozie.service.X.y": "20" }),
    })() as { oozie: { extraSiteProperties: Record<string, string> } };
    assert.deepEqual(args.oozie.extraSiteProperties, { "oozie.service.X.y": "20" });
  });

  void it("lists a number inside a map, a bad number and a missing image together", () => {
    const message = runErrorOf(
      readWith({
        oozieDbPassword: "s3cret",
        zookeeperSize: "three",
        oozieSiteProperties: JSON.stringify({ "some.key": 20, "other.key": true, fine: "x" }),
      }),
    );
    assert.equal(
      message,
      [
        "stack config has 4 invalid value(s):",
        "  - Configuration 'pulumi-zk-ha:zookeeperSize' value 'three' is not a valid number",
        "  - oozieImage: required; there is no official Oozie image: pulumi config set oozieImage <your Oozie 5 image>",
        `  - oozieSiteProperties["some.key"]: expected a string, got the number 20; store it as a string with pulumi config set --path --type string 'oozieSiteProperties["some.key"]' "20"`,
        `  - oozieSiteProperties["other.key"]: expected a string, got the boolean true; store it as a string with pulumi config set --path --type string 'oozieSiteProperties["other.key"]' "true"`,
      ].join("\n"),
    );
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

  void it("asks for the database password only when it is missing", () => {
    assert.equal(
      runErrorOf(readWith({ oozieImage: "example/oozie:5" })),
      "stack config has 1 invalid value(s):\n  - oozieDbPassword: required; pulumi config set --secret oozieDbPassword <password of the shared Oozie database>",
    );
  });
});
