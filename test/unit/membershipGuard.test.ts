import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  membershipGuardProvider,
  type MembershipGuardInputs,
} from "../../src/gates/membershipGuardProvider";
import { UNKNOWN } from "../../src/gates/unknowns";
import { changesOf, planSteps, PreviewRefused } from "../helpers/previewPlan";
import type { Registration } from "../helpers/recordingMonitor";
import { recordRootProgram } from "../helpers/rootProgram";

const THREE: MembershipGuardInputs = {
  ensemble: "ha",
  members: [1, 2, 3].map((id) => `server.${id}=ha-zk-${id}:2888:3888`),
};
const FIVE: MembershipGuardInputs = {
  ensemble: "ha",
  members: [1, 2, 3, 4, 5].map((id) => `server.${id}=ha-zk-${id}:2888:3888`),
};

async function failuresOf(olds: Partial<MembershipGuardInputs>, news: MembershipGuardInputs) {
  const check = membershipGuardProvider.check;
  assert.ok(check);
  return (await check(olds, news)).failures ?? [];
}

void describe("membershipGuardProvider.check", () => {
  void it("passes a new ensemble, an unchanged one, a new prefix and unknown members", async () => {
    assert.deepEqual(await failuresOf({}, THREE), []);
    assert.deepEqual(await failuresOf(THREE, THREE), []);
    assert.deepEqual(
      await failuresOf(THREE, {
        ensemble: "blue",
        members: [1, 2, 3].map((id) => `server.${id}=blue-zk-${id}:2888:3888`),
      }),
      [],
    );
    assert.deepEqual(
      await failuresOf(THREE, { ...THREE, members: UNKNOWN as unknown as string[] }),
      [],
    );
  });

  void it("refuses growth, shrinking and a change of quorum ports, saying why", async () => {
    assert.deepEqual(await failuresOf(THREE, FIVE), [
      {
        property: "members",
        reason:
          'ensemble "ha" would change its members in place (3 → 5; adds server.4=ha-zk-4:2888:3888, server.5=ha-zk-5:2888:3888; removes none). Refused: with static configuration the servers holding the old list and those holding the new one can each count a majority and elect two leaders. Keep the size, server ids and quorum ports as deployed (see README, "Changing the ensemble\'s members").',
      },
    ]);
    assert.match(
      (await failuresOf(FIVE, THREE))[0]?.reason ?? "",
      /\(5 → 3; adds none; removes server\.4=ha-zk-4:2888:3888, server\.5=ha-zk-5:2888:3888\)/,
    );
    const ports = { ...THREE, members: THREE.members.map((m) => m.replace(":2888:", ":2889:")) };
    assert.match((await failuresOf(THREE, ports))[0]?.reason ?? "", /\(3 → 3; adds server\.1=/);
  });
});

const record = (config: Record<string, string>): Promise<Registration[]> =>
  recordRootProgram(config);

void describe("root program: a change of the ensemble's size in a preview", () => {
  void it("is refused on the guard, which every ZooKeeper server waits for", async () => {
    const before = await record({});
    const after = await record({ zookeeperSize: "5" });
    await assert.rejects(planSteps(before, after), (error: unknown) => {
      assert.ok(error instanceof PreviewRefused);
      assert.equal(error.resource, "ha-zookeeper-membership");
      // The root program's default prefix, <project>-<stack>-ha.
      assert.match(
        error.failures[0] ?? "",
        /^members: ensemble "pulumi-zk-ha-test-ha" would change its members/,
      );
      return true;
    });
    // Everything the change would touch, had the guard let it through, waits for the guard:
    // the engine processes nothing that waits for a resource whose check failed.
    const guard = after.find((r) => r.name === "ha-zookeeper-membership")?.urn ?? "missing";
    const byUrn = new Map(after.map((r) => [r.urn, r]));
    const waitsForGuard = (urn: string, seen = new Set<string>()): boolean => {
      if (seen.has(urn)) {
        return false;
      }
      seen.add(urn);
      const deps = byUrn.get(urn)?.dependencies ?? [];
      return deps.includes(guard) || deps.some((dep) => waitsForGuard(dep, seen));
    };
    const touched = [...(await planSteps(before, after, { runChecks: false }))]
      .filter(([name, step]) => step !== "same" && name !== "ha-zookeeper-membership")
      .map(([name]) => after.find((r) => r.name === name));
    assert.ok(touched.length > 10, String(touched.length));
    for (const resource of touched) {
      assert.ok(resource && waitsForGuard(resource.urn), resource?.name);
    }
  });

  void it("lets a new name prefix through: containers and volumes under the new names", async () => {
    const steps = changesOf(
      await planSteps(await record({}), await record({ namePrefix: "blue" })),
    );
    assert.ok(steps.includes("ha-zookeeper-membership: update"), steps.join("\n"));
    assert.ok(steps.includes("ha-zookeeper-zk-1: replace"), steps.join("\n"));
    // New volumes under the new names; the old ones are kept (retained on delete).
    assert.ok(steps.includes("ha-zookeeper-zk-1-data: replace"), steps.join("\n"));
  });
});
