import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { policies } from "../../policy/policies";
import { ZooKeeperEnsemble, type ZooKeeperEnsembleArgs } from "../../src";
import { recordProgram } from "../helpers/recordingMonitor";

const CONTAINER = "docker:index/container:Container";

interface Container {
  labels: Record<string, string>;
  ports?: { internal: number; external: number; ip?: string }[];
}

function container(index: number, spec: Container): PolicyResource {
  return {
    type: CONTAINER,
    urn: `urn:pulumi:s::p::${CONTAINER}::c${index}`,
    name: `c${index}`,
    props: {
      labels: Object.entries(spec.labels).map(([label, value]) => ({ label, value })),
      ports: spec.ports ?? [],
    },
    opts: {} as PolicyResource["opts"],
    isType: () => false,
    asType: () => undefined,
    dependencies: [],
    propertyDependencies: {},
  };
}

/** Runs one policy over the resources and returns the violations it reported. */
function violations(
  policyName: string,
  resources: PolicyResource[],
): { message: string; urn?: string }[] {
  const policy = policies.find((p) => p.name === policyName);
  assert.ok(policy, policyName);
  const reported: { message: string; urn?: string }[] = [];
  void policy.validateStack(
    { resources, stackTags: new Map(), getConfig: () => ({}) } as unknown as StackValidationArgs,
    (message, urn) => reported.push(urn === undefined ? { message } : { message, urn }),
  );
  return reported;
}

const zk = (ensemble: string, extra: Record<string, string> = {}): Record<string, string> => ({
  "pulumi-zk-ha.role": "zookeeper",
  "pulumi-zk-ha.ensemble": ensemble,
  ...extra,
});
const jm = (cluster: string, path: string, quorum = "zk-1:2181"): Record<string, string> => ({
  "pulumi-zk-ha.role": "flink-jobmanager",
  "pulumi-zk-ha.flink-cluster": cluster,
  "pulumi-zk-ha.flink-ha-path": path,
  "pulumi-zk-ha.zookeeper-quorum": quorum,
});
const oozie = (cluster: string, database: string): Record<string, string> => ({
  "pulumi-zk-ha.role": "oozie",
  "pulumi-zk-ha.oozie-cluster": cluster,
  "pulumi-zk-ha.oozie-database": database,
});
const tm = (cluster: string): Record<string, string> => ({
  "pulumi-zk-ha.role": "flink-taskmanager",
  "pulumi-zk-ha.flink-cluster": cluster,
});
const db = (prefix: string): Record<string, string> => ({
  "pulumi-zk-ha.role": "database",
  "pulumi-zk-ha.database": prefix,
});
const many = (count: number, labels: Record<string, string>, from = 0): PolicyResource[] =>
  Array.from({ length: count }, (_, i) => container(from + i, { labels }));

void describe("policy pack", () => {
  void it("lists exactly the five rules", () => {
    assert.deepEqual(
      policies.map((p) => [p.name, p.enforcementLevel]),
      [
        ["zookeeper-odd-quorum", "mandatory"],
        ["flink-two-jobmanagers", "mandatory"],
        ["flink-unique-ha-path", "mandatory"],
        ["oozie-no-derby-ha", "mandatory"],
        ["loopback-only", "mandatory"],
      ],
    );
  });

  const cases: {
    policy: string;
    title: string;
    resources: PolicyResource[];
    expected: string[];
  }[] = [
    {
      policy: "zookeeper-odd-quorum",
      title: "3 servers pass",
      resources: many(3, zk("a")),
      expected: [],
    },
    {
      policy: "zookeeper-odd-quorum",
      title: "5 servers pass",
      resources: many(5, zk("a")),
      expected: [],
    },
    {
      policy: "zookeeper-odd-quorum",
      title: "1 server fails",
      resources: many(1, zk("a")),
      expected: [
        'ZooKeeper ensemble "a" has 1 server(s); run an odd number of at least 3 so it survives a failure',
      ],
    },
    {
      policy: "zookeeper-odd-quorum",
      title: "4 servers fail, each ensemble judged alone",
      resources: [...many(4, zk("a")), ...many(3, zk("b"), 10)],
      expected: [
        'ZooKeeper ensemble "a" has 4 server(s); run an odd number of at least 3 so it survives a failure',
      ],
    },
    {
      policy: "flink-two-jobmanagers",
      title: "2 JobManagers pass",
      resources: many(2, jm("f", "/flink/f")),
      expected: [],
    },
    {
      policy: "flink-two-jobmanagers",
      title: "1 JobManager fails",
      resources: many(1, jm("f", "/flink/f")),
      expected: ['Flink cluster "f" has 1 JobManager; HA needs at least 2'],
    },
    {
      policy: "flink-unique-ha-path",
      title: "distinct paths pass",
      resources: [...many(2, jm("f", "/flink/f")), ...many(2, jm("g", "/flink/g"), 10)],
      expected: [],
    },
    {
      policy: "flink-unique-ha-path",
      title: "the same path on another ensemble passes",
      resources: [
        ...many(2, jm("f", "/flink/x")),
        ...many(2, jm("g", "/flink/x", "other-1:2181"), 10),
      ],
      expected: [],
    },
    {
      policy: "flink-unique-ha-path",
      title: "a shared path on one ensemble fails",
      resources: [...many(2, jm("f", "/flink/x")), ...many(2, jm("g", "/flink/x"), 10)],
      expected: [
        'Flink clusters "f" and "g" share HA path /flink/x on ZooKeeper zk-1:2181; give each its own cluster-id',
      ],
    },
    {
      policy: "oozie-no-derby-ha",
      title: "2 servers on PostgreSQL pass",
      resources: many(2, oozie("o", "postgresql")),
      expected: [],
    },
    {
      policy: "oozie-no-derby-ha",
      title: "1 server on Derby passes",
      resources: many(1, oozie("o", "derby")),
      expected: [],
    },
    {
      policy: "oozie-no-derby-ha",
      title: "2 servers on Derby fail",
      resources: many(2, oozie("o", "derby")),
      expected: [
        'Oozie cluster "o" runs 2 servers on embedded Derby; use a shared database such as PostgreSQL or MySQL',
      ],
    },
    {
      policy: "loopback-only",
      title: "loopback and unpublished pass",
      resources: [
        container(0, {
          labels: zk("a"),
          ports: [{ internal: 2181, external: 2181, ip: "127.0.0.1" }],
        }),
        container(1, { labels: zk("a") }),
      ],
      expected: [],
    },
    {
      policy: "loopback-only",
      title: "all interfaces (no ip) fails",
      resources: [container(0, { labels: zk("a"), ports: [{ internal: 2181, external: 2181 }] })],
      expected: [
        "ZooKeeper port 2181 is published on 0.0.0.0; publish on 127.0.0.1, or opt in with allowNonLoopbackPublish",
      ],
    },
    {
      policy: "loopback-only",
      title: "a host address passes with the opt-in label",
      resources: [
        container(0, {
          labels: zk("a", { "pulumi-zk-ha.allow-non-loopback-publish": "true" }),
          ports: [{ internal: 2181, external: 2181, ip: "10.0.0.5" }],
        }),
      ],
      expected: [],
    },
    ...(
      [
        [
          "a Flink JobManager on all interfaces",
          jm("f", "/flink/f"),
          "0.0.0.0",
          "Flink JobManager",
        ],
        ["a Flink TaskManager on a host address", tm("f"), "10.0.0.5", "Flink TaskManager"],
        [
          "an Oozie server on an IPv6 host address",
          oozie("o", "postgresql"),
          "2001:db8::1",
          "Oozie",
        ],
        ["a database on all IPv6 interfaces", db("ha"), "::", "Database"],
        ["a role added later, by its label", { "pulumi-zk-ha.role": "x" }, "0.0.0.0", '"x"'],
        ["not an IP address, though it looks like one", zk("a"), "999.1.1.1", "ZooKeeper"],
        ["a name is not a loopback address", zk("a"), "localhost", "ZooKeeper"],
      ] as const
    ).map(([title, labels, ip, what]) => ({
      policy: "loopback-only",
      title: `${title} fails`,
      resources: [container(0, { labels, ports: [{ internal: 1, external: 9000, ip }] })],
      expected: [
        `${what} port 9000 is published on ${ip}; publish on 127.0.0.1, or opt in with allowNonLoopbackPublish`,
      ],
    })),
    ...(
      [
        ["a Flink JobManager on loopback", jm("f", "/flink/f"), "127.0.0.1"],
        ["an Oozie server on another loopback address", oozie("o", "postgresql"), "127.1.2.3"],
        ["IPv6 loopback written out", zk("a"), "0:0:0:0:0:0:0:1"],
        ["IPv4-mapped loopback", zk("a"), "::ffff:127.0.0.1"],
      ] as const
    ).map(([title, labels, ip]) => ({
      policy: "loopback-only",
      title: `${title} passes`,
      resources: [container(0, { labels, ports: [{ internal: 1, external: 9000, ip }] })],
      expected: [],
    })),
    {
      policy: "loopback-only",
      title: "an Oozie server on a host address passes with the opt-in label",
      resources: [
        container(0, {
          labels: {
            ...oozie("o", "postgresql"),
            "pulumi-zk-ha.allow-non-loopback-publish": "true",
          },
          ports: [{ internal: 11000, external: 11000, ip: "10.0.0.5" }],
        }),
      ],
      expected: [],
    },
    {
      policy: "loopback-only",
      title: "containers without a role label are not the pack's",
      resources: [
        container(0, { labels: {}, ports: [{ internal: 80, external: 80, ip: "0.0.0.0" }] }),
      ],
      expected: [],
    },
  ];
  for (const c of cases) {
    void it(`${c.policy}: ${c.title}`, () => {
      assert.deepEqual(
        violations(c.policy, c.resources).map((v) => v.message),
        c.expected,
      );
    });
  }

  void it("names the offending container's URN for published ports", () => {
    const resources = [
      container(7, { labels: zk("a"), ports: [{ internal: 2181, external: 2181, ip: "0.0.0.0" }] }),
    ];
    assert.deepEqual(
      violations("loopback-only", resources).map((v) => v.urn),
      [`urn:pulumi:s::p::${CONTAINER}::c7`],
    );
  });
});

void describe("policy pack on the components' own resources", () => {
  async function resourcesOf(args: ZooKeeperEnsembleArgs): Promise<PolicyResource[]> {
    const monitor = await recordProgram(
      () => new ZooKeeperEnsemble("pol", { namePrefix: "pol", ...args }),
    );
    return monitor.registrations.map(
      (r) =>
        ({ type: r.type, urn: r.urn, name: r.name, props: r.inputs }) as unknown as PolicyResource,
    );
  }
  const all = (resources: PolicyResource[]): string[] =>
    policies.flatMap((p) => violations(p.name, resources).map((v) => `${p.name}: ${v.message}`));

  void it("a default ensemble published on loopback passes every rule", async () => {
    assert.deepEqual(all(await resourcesOf({ hostClientPortBase: 2181 })), []);
  });

  void it("a single-server ensemble breaks the quorum rule", async () => {
    assert.deepEqual(all(await resourcesOf({ size: 1 })), [
      'zookeeper-odd-quorum: ZooKeeper ensemble "pol" has 1 server(s); run an odd number of at least 3 so it survives a failure',
    ]);
  });

  void it("publishing on all interfaces passes only because the component records the opt-in", async () => {
    const resources = await resourcesOf({
      hostClientPortBase: 2181,
      publishAddress: "0.0.0.0",
      allowNonLoopbackPublish: true,
    });
    assert.deepEqual(all(resources), []);
    const withoutLabel = resources.map((r) =>
      r.type === CONTAINER
        ? {
            ...r,
            props: {
              ...r.props,
              labels: (r.props["labels"] as { label: string }[]).filter(
                (l) => l.label !== "pulumi-zk-ha.allow-non-loopback-publish",
              ),
            },
          }
        : r,
    );
    assert.equal(all(withoutLabel).length, 3);
  });
});
