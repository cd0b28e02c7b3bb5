import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  membershipGuardProvider,
  type MembershipGuardInputs,
} from "../../src/gates/membershipGuardProvider";
import { UNKNOWN } from "../../src/gates/unknowns";
import { membershipSteps, planMembership } from "../../src/zookeeper/membershipPlan";
import { changesOf, planSteps, PreviewRefused } from "../helpers/previewPlan";
import type { Registration } from "../helpers/recordingMonitor";
import { recordRootProgram } from "../helpers/rootProgram";

const line = (id: number, peer = 2888, election = 3888): string =>
  `server.${id}=ha-zk-${id}:${peer}:${election}:participant;0.0.0.0:2181`;

const guard = (
  ids: number[],
  overrides: Partial<MembershipGuardInputs> = {},
): MembershipGuardInputs => ({
  ensemble: "ha",
  members: ids.map((id) => line(id)),
  servers: ids.map((id) => ({ name: `ha-zk-${id}`, host: "127.0.0.1", port: 2180 + id })),
  placed: false,
  rolling: true,
  superPassword: "pw",
  timeoutSeconds: 180,
  ...overrides,
});

async function checked(olds: Partial<MembershipGuardInputs>, news: MembershipGuardInputs) {
  const check = membershipGuardProvider.check;
  assert.ok(check);
  const result = await check(olds, news);
  return {
    failures: (result.failures ?? []).map((f) => `${f.property}: ${f.reason}`),
    steps: (result.inputs as MembershipGuardInputs).steps ?? [],
  };
}

void describe("planMembership", () => {
  void it("names kept, joining, leaving and modified servers by id", () => {
    assert.deepEqual(
      planMembership([line(1), line(2), line(3)], [line(1), line(2, 2890), line(4)]),
      {
        kept: [1, 2],
        joining: [4],
        leaving: [3],
        modified: [2],
      },
    );
  });

  void it("reads lines written before members were dynamic as the same members", () => {
    const legacy = [1, 2, 3].map((id) => `server.${id}=ha-zk-${id}:2888:3888`);
    assert.deepEqual(
      planMembership(
        legacy,
        [1, 2, 3].map((id) => line(id)),
      ).modified,
      [],
    );
  });
});

void describe("membershipGuardProvider.check", () => {
  void it("passes a new ensemble, an unchanged one, a new prefix and unknown members, with no steps", async () => {
    for (const [olds, news] of [
      [{}, guard([1, 2, 3])],
      [guard([1, 2, 3]), guard([1, 2, 3])],
      [guard([1, 2, 3]), guard([1, 2], { ensemble: "blue" })],
      [guard([1, 2, 3]), guard([1, 2, 3], { members: UNKNOWN as unknown as string[] })],
    ] as const) {
      assert.deepEqual(await checked(olds, news), { failures: [], steps: [] });
    }
  });

  void it("lets 3 → 5 through and lists its steps: roll, start the new servers, add them", async () => {
    assert.deepEqual(await checked(guard([1, 2, 3]), guard([1, 2, 3, 4, 5])), {
      failures: [],
      steps: [
        "replace the servers one at a time, each after the previous one serves again",
        "start server(s) 4, 5 as non-voting followers, then reconfig: add them",
      ],
    });
  });

  void it("lets 5 → 3 through: remove by reconfig first, roll, delete last", async () => {
    assert.deepEqual(await checked(guard([1, 2, 3, 4, 5]), guard([1, 2, 3])), {
      failures: [],
      steps: [
        "reconfig: remove server(s) 4, 5 while all others serve",
        "replace the servers one at a time, each after the previous one serves again",
        "delete the container(s) of server(s) 4, 5",
      ],
    });
  });

  void it("lets a change of quorum ports through: move by reconfig first, then roll", async () => {
    const moved = guard([1, 2, 3], { members: [1, 2, 3].map((id) => line(id, 2890, 3890)) });
    assert.deepEqual((await checked(guard([1, 2, 3]), moved)).steps, [
      "reconfig: move server(s) 1, 2, 3 to their new address or ports",
      "replace the servers one at a time, each after the previous one serves again",
    ]);
  });

  const refusals: [string, MembershipGuardInputs, MembershipGuardInputs, RegExp][] = [
    [
      "1 → 3: a single server cannot grow",
      guard([1]),
      guard([1, 2, 3]),
      /^members: the member change 1 → 3 \(adds 2, 3\) is refused: a single server cannot grow in place: .* deploy a new ensemble under another namePrefix \(see docs\/updating\.md, "Changing the ensemble's members"\)$/,
    ],
    [
      "3 → 7: the servers that stay are no majority",
      guard([1, 2, 3]),
      guard([1, 2, 3, 4, 5, 6, 7]),
      /the 3 server\(s\) that stay are not a majority of 7, so the new servers could elect a leader without them\. Grow to at most 5 servers in this update, and further in the next/,
    ],
    [
      "ids and ports at once",
      guard([1, 2, 3]),
      guard([1, 2, 3, 4], { members: [1, 2, 3, 4].map((id) => line(id, 2890)) }),
      /change server ids and addresses or ports in separate updates/,
    ],
    [
      "ports under placement",
      guard([1, 2, 3], { placed: true }),
      guard([1, 2, 3], { placed: true, members: [1, 2, 3].map((id) => line(id, 2890)) }),
      /under placement each server's quorum ports are published on its host/,
    ],
    [
      "removal without published client ports",
      guard([1, 2, 3, 4, 5], { servers: [] }),
      guard([1, 2, 3], { servers: [] }),
      /Pulumi must reach the servers before they change .* set hostClientPortBase \(or use placement\)/,
    ],
    [
      "growth without published client ports",
      guard([1, 2, 3], { servers: [] }),
      guard([1, 2, 3, 4, 5], { servers: [] }),
      /Pulumi must reach the servers before they change/,
    ],
    [
      "a change without rolling replacement",
      guard([1, 2, 3], { rolling: false }),
      guard([1, 2, 3, 4, 5], { rolling: false }),
      /rollingReplacement is off, so every server would restart at once with the new list/,
    ],
    ["every server replaced", guard([1, 2, 3]), guard([4, 5, 6]), /no server stays/],
    [
      "a change on an ensemble deployed with static members",
      guard([1, 2, 3], { members: [1, 2, 3].map((id) => `server.${id}=ha-zk-${id}:2888:3888`) }),
      guard([1, 2, 3, 4, 5]),
      /Deploy this version once with the members unchanged/,
    ],
  ];
  for (const [label, olds, news, expected] of refusals) {
    void it(`refuses ${label}, saying why`, async () => {
      const { failures } = await checked(olds, news);
      assert.equal(failures.length, 1, failures.join("\n"));
      assert.match(failures[0] ?? "", expected);
    });
  }
});

void describe("membershipSteps", () => {
  void it("is empty when nothing changes", () => {
    assert.deepEqual(membershipSteps([line(1)], [line(1)]), []);
  });
});

const record = (config: Record<string, string>): Promise<Registration[]> =>
  recordRootProgram(config);

void describe("root program: a change of the ensemble's size in a preview", () => {
  void it("3 → 5 passes; servers wait for the guard, the members are applied after every server, and clients after that", async () => {
    const before = await record({});
    const after = await record({ zookeeperSize: "5" });
    const steps = changesOf(await planSteps(before, after));
    for (const expected of [
      "ha-zookeeper-membership: update",
      "ha-zookeeper-zk-1: replace",
      "ha-zookeeper-zk-4: create",
      "ha-zookeeper-zk-5: create",
      "ha-zookeeper-members-applied: update",
    ]) {
      assert.ok(steps.includes(expected), `${expected} missing from\n${steps.join("\n")}`);
    }
    const byUrn = new Map(after.map((r) => [r.urn, r]));
    const urnOf = (name: string): string => after.find((r) => r.name === name)?.urn ?? "missing";
    const waitsFor = (urn: string, target: string, seen = new Set<string>()): boolean => {
      if (seen.has(urn)) {
        return false;
      }
      seen.add(urn);
      const deps = byUrn.get(urn)?.dependencies ?? [];
      return deps.includes(target) || deps.some((dep) => waitsFor(dep, target, seen));
    };
    const guardUrn = urnOf("ha-zookeeper-membership");
    const appliedUrn = urnOf("ha-zookeeper-members-applied");
    const containers = after.filter((r) => r.type === "docker:index/container:Container");
    const servers = containers.filter((r) => /-zk-\d+$/.test(r.name));
    assert.equal(servers.length, 5);
    for (const server of servers) {
      assert.ok(waitsFor(server.urn, guardUrn), server.name);
      assert.ok(waitsFor(appliedUrn, server.urn), `members-applied after ${server.name}`);
    }
    // Every Flink and Oozie container: they move to the new connect string after the ensemble.
    const clients = containers.filter(
      (r) => !servers.includes(r) && /-(jm|tm|oozie)-/.test(r.name),
    );
    assert.ok(clients.length >= 4, clients.map((c) => c.name).join(","));
    for (const client of clients) {
      assert.ok(waitsFor(client.urn, appliedUrn), client.name);
    }
  });

  void it("1 → 3 is refused on the guard, which every ZooKeeper server waits for", async () => {
    const before = await record({ zookeeperSize: "1" });
    const after = await record({ zookeeperSize: "3" });
    await assert.rejects(planSteps(before, after), (error: unknown) => {
      assert.ok(error instanceof PreviewRefused);
      assert.equal(error.resource, "ha-zookeeper-membership");
      assert.match(
        error.failures[0] ?? "",
        /^members: the member change 1 → 3 \(adds 2, 3\) is refused/,
      );
      return true;
    });
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
