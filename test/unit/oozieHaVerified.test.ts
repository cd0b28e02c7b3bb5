import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  oozieHaVerifiedProvider,
  validateOozieHaVerifiedInputs,
  type OozieHaVerifiedInputs,
} from "../../src/gates/oozieHaVerifiedProvider";
import { UNKNOWN } from "../../src/gates/unknowns";
import { registrationPath } from "../../src/readiness/oozieRegistration";
import { closedPort } from "../harness/oozieFakeServer";

const INPUTS: OozieHaVerifiedInputs = {
  connectString: "127.0.0.1:1",
  namespace: "oozie",
  instanceIds: ["oozie-1", "oozie-2"],
  timeoutSeconds: 300,
  attemptTimeoutMs: 5000,
  triggers: ["c1", "c2"],
};

void describe("OozieHaVerified inputs", () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["valid", {}, []],
    ["unknown everything", { connectString: UNKNOWN, instanceIds: UNKNOWN, triggers: UNKNOWN }, []],
    ["empty connect string", { connectString: "" }, ["connectString"]],
    ["namespace with a slash", { namespace: "a/b" }, ["namespace"]],
    ["no instance ids", { instanceIds: [] }, ["instanceIds"]],
    ["blank instance id", { instanceIds: ["a", ""] }, ["instanceIds"]],
    [
      "bad timeouts",
      { timeoutSeconds: 0, attemptTimeoutMs: 60001 },
      ["timeoutSeconds", "attemptTimeoutMs"],
    ],
  ];
  for (const [title, overrides, expected] of cases) {
    void it(title, () => {
      assert.deepEqual(
        validateOozieHaVerifiedInputs({ ...INPUTS, ...overrides }).map((p) => p.property),
        expected,
      );
    });
  }

  void it("registers under /<namespace>/services/servers", () => {
    assert.equal(registrationPath("oozie-prod"), "/oozie-prod/services/servers");
  });

  void it("diff is pure: only changes re-run it", async () => {
    const olds = { ...INPUTS, registered: ["oozie-1", "oozie-2"] };
    assert.deepEqual(await oozieHaVerifiedProvider.diff?.("id", olds, INPUTS), { changes: false });
    assert.deepEqual(
      await oozieHaVerifiedProvider.diff?.("id", olds, { ...INPUTS, triggers: ["c3", "c2"] }),
      { changes: true },
    );
  });

  void it("fails within its timeout, naming the servers, when ZooKeeper does not answer", async () => {
    const port = await closedPort();
    const started = Date.now();
    await assert.rejects(
      oozieHaVerifiedProvider.create({
        ...INPUTS,
        connectString: `127.0.0.1:${port}`,
        timeoutSeconds: 2,
        attemptTimeoutMs: 500,
      }),
      /registration of Oozie servers oozie-1, oozie-2 under \/oozie\/services\/servers was not ready after 2 s .*no session with 127\.0\.0\.1:\d+ within 500 ms/,
    );
    assert.ok(Date.now() - started < 6000);
  });
});
