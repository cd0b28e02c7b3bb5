import assert from "node:assert/strict";
import { describe, it, mock } from "node:test";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { OozieHaCluster } from "../../src/oozie/cluster";
import type { OozieHaClusterArgs } from "../../src/oozie/clusterArgs";
import { resolveOozieClusterSpec, type ResolvedOozieArgs } from "../../src/oozie/clusterSpec";
import { renderOozieSite } from "../../src/oozie/oozieSite";
import { peerHostEntries, publishedHttpPorts } from "../../src/oozie/placement";
import { validateOozieCluster } from "../../src/oozie/validateCluster";
import { ZooKeeperEnsemble } from "../../src/zookeeper/ensemble";
import type { ServerPlacement } from "../../src/zookeeper/ensembleArgs";
import { recordProgram, type RecordingMonitor } from "../helpers/recordingMonitor";
import { assertProblems } from "../helpers/problems";

const CONTAINER = "docker:index/container:Container";
const VOLUME = "docker:index/volume:Volume";
const NETWORK = "docker:index/network:Network";
const ZK = "10.1.0.11:2181,10.1.0.12:2181,10.1.0.13:2181";
const providerRef = (host: string): string =>
  `urn:pulumi:test::zkha::pulumi:providers:docker::${host}::${host}-id`;

function baseArgs(): OozieHaClusterArgs & ResolvedOozieArgs {
  return {
    image: "example/oozie:5.2.1",
    zookeeper: {
      connectString: ZK,
      tickTime: 250,
      maxSessionTimeout: 40000,
      readinessConnectString: ZK,
      networkName: "zk-net",
    },
    baseUrl: "http://oozie-vip:11000/oozie",
    database: {
      driver: "org.postgresql.Driver",
      url: "jdbc:postgresql://db.example:5432/oozie",
      username: "oozie",
      password: "pw",
    },
    serverCount: 3,
    legacyCuratorJarCopy: true,
  };
}

/** Servers 1 and 3 on host a (two addresses), server 2 on host b, bound on every interface. */
function threeServers(
  providers: Record<"a" | "b", docker.Provider>,
  address3 = "10.2.0.13",
): Record<number, ServerPlacement> {
  return {
    1: { provider: providers.a, address: "10.2.0.11" },
    2: { provider: providers.b, address: "10.2.0.12", bindAddress: "0.0.0.0" },
    3: { provider: providers.a, address: address3 },
  };
}

function newProviders(): Record<"a" | "b", docker.Provider> {
  return {
    a: new docker.Provider("host-a", { host: "ssh://ops@host-a" }),
    b: new docker.Provider("host-b", { host: "ssh://ops@host-b" }),
  };
}

async function recordPlaced(
  extra: Partial<OozieHaClusterArgs> = {},
  address3?: string,
): Promise<{ monitor: RecordingMonitor; cluster: OozieHaCluster | undefined }> {
  let cluster: OozieHaCluster | undefined;
  const monitor = await recordProgram(() => {
    cluster = new OozieHaCluster("demo", {
      namePrefix: "demo",
      ...baseArgs(),
      allowNonLoopbackPublish: true,
      placement: threeServers(newProviders(), address3),
      ...extra,
    });
  });
  return { monitor, cluster };
}

void describe("OozieHaCluster placement over several Docker hosts", () => {
  void it("creates each server, its copy container and its lib volume on its host, and one network per host", async () => {
    const { monitor } = await recordPlaced();
    const hostOf: Record<number, string> = { 1: "host-a", 2: "host-b", 3: "host-a" };
    for (const [index, host] of Object.entries(hostOf)) {
      for (const name of [
        `demo-oozie-${index}`,
        `demo-oozie-${index}-curator-copy`,
        `demo-oozie-${index}-lib`,
      ]) {
        assert.equal(monitor.byName(name).provider, providerRef(host), name);
      }
    }
    assert.deepEqual(
      monitor.ofType(NETWORK).map((r) => [r.name, r.provider, r.inputs]),
      [
        [
          "demo-oozie-net-1",
          providerRef("host-a"),
          {
            name: "demo-oozie",
            driver: "bridge",
            labels: [{ label: "pulumi-zk-ha.oozie-cluster", value: "demo" }],
          },
        ],
        [
          "demo-oozie-net-2",
          providerRef("host-b"),
          {
            name: "demo-oozie",
            driver: "bridge",
            labels: [{ label: "pulumi-zk-ha.oozie-cluster", value: "demo" }],
          },
        ],
      ],
    );
    // The gates run where Pulumi runs, not on a Docker host.
    for (const name of ["demo-namespace", "demo-drain", "demo-ha-verified"]) {
      assert.doesNotMatch(monitor.byName(name).provider, /providers:docker/, name);
    }
    assert.equal(monitor.ofType(CONTAINER).length, 6);
    assert.equal(monitor.ofType(VOLUME).length, 3);
  });

  void it("joins the host's network, publishes httpPort on the bind address and maps the other servers' aliases to their hosts", async () => {
    const { monitor } = await recordPlaced();
    const server = (index: number): Record<string, unknown> =>
      monitor.byName(`demo-oozie-${index}`).inputs;
    assert.deepEqual(server(1)["networksAdvanced"], [
      { name: "demo-oozie", aliases: ["demo-oozie-1"] },
    ]);
    assert.deepEqual(server(1)["ports"], [
      { internal: 11000, external: 11000, ip: "10.2.0.11", protocol: "tcp" },
    ]);
    assert.deepEqual(server(2)["ports"], [
      { internal: 11000, external: 11000, ip: "0.0.0.0", protocol: "tcp" },
    ]);
    assert.deepEqual(server(1)["hosts"], [
      { host: "demo-oozie-2", ip: "10.2.0.12" },
      { host: "demo-oozie-3", ip: "10.2.0.13" },
    ]);
    assert.deepEqual(server(2)["hosts"], [
      { host: "demo-oozie-1", ip: "10.2.0.11" },
      { host: "demo-oozie-3", ip: "10.2.0.13" },
    ]);
    assert.deepEqual(server(3)["hosts"], [
      { host: "demo-oozie-1", ip: "10.2.0.11" },
      { host: "demo-oozie-2", ip: "10.2.0.12" },
    ]);
    assert.equal(server(3)["hostname"], "demo-oozie-3");
    // The copy step needs no network: it only fills the lib volume.
    assert.equal(monitor.byName("demo-oozie-3-curator-copy").inputs["networksAdvanced"], undefined);
  });

  void it("renders the same oozie-site.xml as unplaced: the alias stays the bind and advertised name", async () => {
    const { monitor } = await recordPlaced();
    const unplaced = resolveOozieClusterSpec("demo", baseArgs());
    for (const index of [1, 2, 3]) {
      const uploads = monitor.byName(`demo-oozie-${index}`).inputs["uploads"] as {
        file: string;
        content: string;
      }[];
      const site = uploads[0]?.content ?? "";
      const server = unplaced.servers[index - 1];
      assert.ok(server);
      assert.equal(
        site,
        renderOozieSite(unplaced, server, { zookeeperConnectString: ZK, jdbcPassword: "pw" }),
      );
      const lines = site.split("\n");
      for (const key of ["oozie.instance.id", "oozie.http.hostname"]) {
        const at = lines.indexOf(`    <name>${key}</name>`);
        assert.equal(lines[at + 1], `    <value>demo-oozie-${index}</value>`, key);
      }
      assert.ok(site.includes(`    <value>${ZK}</value>\n`));
    }
  });

  void it("drains through the hosts' addresses and outputs them", async () => {
    const { monitor, cluster } = await recordPlaced();
    assert.deepEqual(monitor.byName("demo-drain").inputs["urls"], [
      "http://10.2.0.11:11000/oozie",
      "http://10.2.0.12:11000/oozie",
      "http://10.2.0.13:11000/oozie",
    ]);
    assert.ok(cluster);
    assert.deepEqual(await valueOf(cluster.servers), [
      {
        index: 1,
        alias: "demo-oozie-1",
        containerName: "demo-oozie-1",
        url: "http://10.2.0.11:11000/oozie",
        address: "10.2.0.11",
      },
      {
        index: 2,
        alias: "demo-oozie-2",
        containerName: "demo-oozie-2",
        url: "http://10.2.0.12:11000/oozie",
        address: "10.2.0.12",
      },
      {
        index: 3,
        alias: "demo-oozie-3",
        containerName: "demo-oozie-3",
        url: "http://10.2.0.13:11000/oozie",
        address: "10.2.0.13",
      },
    ]);
    assert.equal(cluster.networks.length, 2);
  });

  void it("keeps explicit drain URLs", async () => {
    const { monitor } = await recordPlaced({ drainUrls: ["http://oozie-vip:11000/oozie"] });
    assert.deepEqual(monitor.byName("demo-drain").inputs["urls"], ["http://oozie-vip:11000/oozie"]);
  });

  void it("re-runs the drain check when a placement changes what replaces a server", async () => {
    const before = (await recordPlaced()).monitor.byName("demo-drain").inputs["triggers"];
    const after = (await recordPlaced({}, "10.2.0.23")).monitor.byName("demo-drain").inputs[
      "triggers"
    ];
    assert.ok(Array.isArray(before) && Array.isArray(after));
    // Server 3 moved; servers 1 and 2 map its alias to the new address: all three change.
    before.forEach((trigger, i) => {
      assert.notEqual(trigger, after[i], `server ${i + 1}`);
    });
  });

  void it("takes a placed ZooKeeperEnsemble: its host addresses in oozie-site.xml, not its network", async () => {
    const monitor = await recordProgram(() => {
      const providers = newProviders();
      const zk = new ZooKeeperEnsemble("zk", {
        namePrefix: "zk",
        allowNonLoopbackPublish: true,
        placement: {
          1: { provider: providers.a, address: "10.2.0.11" },
          2: { provider: providers.b, address: "10.2.0.12" },
          3: { provider: providers.a, address: "10.2.0.13" },
        },
      });
      new OozieHaCluster("demo", {
        namePrefix: "demo",
        ...baseArgs(),
        zookeeper: zk,
        allowNonLoopbackPublish: true,
        placement: threeServers(providers),
      });
    });
    const server = monitor.byName("demo-oozie-2");
    assert.deepEqual(server.inputs["networksAdvanced"], [
      { name: "demo-oozie", aliases: ["demo-oozie-2"] },
    ]);
    const site = (server.inputs["uploads"] as { content: string }[])[0]?.content ?? "";
    assert.ok(
      site.includes(
        "    <name>oozie.zookeeper.connection.string</name>\n    <value>10.2.0.11:2181,10.2.0.12:2181,10.2.0.13:2181</value>\n",
      ),
      site,
    );
  });

  void it("reports an error diagnostic when placed servers are given an unplaced ensemble, as Flink does", async () => {
    const logged = mock.method(console, "error", () => undefined);
    try {
      await recordProgram(() => {
        const zk = new ZooKeeperEnsemble("zk", { namePrefix: "zk" });
        new OozieHaCluster("demo", {
          namePrefix: "demo",
          ...baseArgs(),
          zookeeper: zk,
          allowNonLoopbackPublish: true,
          placement: threeServers(newProviders()),
        });
      });
    } finally {
      logged.mock.restore();
    }
    assert.deepEqual(
      logged.mock.calls.map((c) => c.arguments[0] as string),
      [
        'error: [runtime] OozieHaCluster "demo": zookeeper: the ensemble is not placed: its connect string names the network aliases zk-zk-1, zk-zk-2, zk-zk-3, which placed members on other hosts cannot resolve; give the ensemble a placement too',
      ],
    );
  });

  void it("creates no network and no hosts entries without placement", async () => {
    const monitor = await recordProgram(() => {
      new OozieHaCluster("demo", { namePrefix: "demo", ...baseArgs() });
    });
    assert.deepEqual(monitor.ofType(NETWORK), []);
    for (const index of [1, 2, 3]) {
      const server = monitor.byName(`demo-oozie-${index}`);
      assert.equal(server.provider, monitor.byName("demo-oozie-1-lib").provider);
      assert.equal("hosts" in server.inputs, false);
      assert.deepEqual(server.inputs["networksAdvanced"], [
        { name: "zk-net", aliases: [`demo-oozie-${index}`] },
      ]);
    }
    assert.doesNotMatch(monitor.byName("demo-oozie-1").provider, /host-a|host-b/);
  });

  void it("refuses bad placement before creating anything", async () => {
    let thrown: unknown;
    const monitor = await recordProgram(() => {
      const providers = newProviders();
      try {
        new OozieHaCluster("demo", {
          namePrefix: "demo",
          ...baseArgs(),
          hostHttpPortBase: 21000,
          placement: {
            1: { provider: providers.a, address: "10.2.0.11" },
            2: { provider: providers.b, address: "10.2.0.11" },
          },
        });
      } catch (error) {
        thrown = error;
      }
    });
    assert.ok(pulumi.InputPropertiesError.isInstance(thrown), String(thrown));
    assert.deepEqual(
      thrown.errors.map((e) => e.propertyPath),
      ["placement[3]", "placement[2].address", "allowNonLoopbackPublish", "hostHttpPortBase"],
    );
    assert.deepEqual(
      monitor.registrations.filter((r) => r.custom && r.type !== "pulumi:providers:docker"),
      [],
    );
  });
});

void describe("placement helpers", () => {
  const a = stubProvider();
  const b = stubProvider();

  void it("brackets IPv6 addresses in drain URLs and binds on the address itself", () => {
    const spec = resolveOozieClusterSpec("demo", {
      ...baseArgs(),
      serverCount: 2,
      placement: { 1: { provider: a, address: "fd00::1" }, 2: { provider: b, address: "fd00::2" } },
    });
    assert.deepEqual(spec.drainUrls, [
      "http://[fd00::1]:11000/oozie",
      "http://[fd00::2]:11000/oozie",
    ]);
    assert.deepEqual(
      spec.servers.map((s) => s.placement),
      [
        { hostIndex: 0, address: "fd00::1", bindAddress: "fd00::1" },
        { hostIndex: 1, address: "fd00::2", bindAddress: "fd00::2" },
      ],
    );
    const [first] = spec.servers;
    assert.ok(first);
    assert.deepEqual(publishedHttpPorts(spec, first), [
      { internal: 11000, external: 11000, ip: "fd00::1", protocol: "tcp" },
    ]);
    assert.deepEqual(peerHostEntries(spec, first), [{ host: "demo-oozie-2", ip: "fd00::2" }]);
  });

  void it("publishes nothing and maps nothing for unplaced servers", () => {
    const spec = resolveOozieClusterSpec("demo", { ...baseArgs(), httpPort: 11443 });
    const [first] = spec.servers;
    assert.ok(first);
    assert.equal(first.placement, undefined);
    assert.deepEqual(publishedHttpPorts(spec, first), []);
    assert.deepEqual(peerHostEntries(spec, first), []);
  });
});

type Case = [
  title: string,
  overrides: (p: { a: docker.Provider; b: docker.Provider }) => Partial<OozieHaClusterArgs>,
  expected: [string, RegExp][],
];

// One row per placement rule: the arguments that break it and exactly the problems expected.
const CASES: Case[] = [
  [
    "every server placed, opted in",
    ({ a, b }) => ({
      placement: {
        1: { provider: a, address: "10.0.0.1" },
        2: { provider: b, address: "10.0.0.2" },
      },
    }),
    [],
  ],
  [
    "a server without placement",
    ({ a }) => ({ placement: { 1: { provider: a, address: "10.0.0.1" } } }),
    [["placement[2]", /server 2 has no placement; place every server or none/]],
  ],
  [
    "a placement for a server that does not exist",
    ({ a, b }) => ({
      placement: {
        1: { provider: a, address: "10.0.0.1" },
        2: { provider: b, address: "10.0.0.2" },
        3: { provider: b, address: "10.0.0.3" },
      },
    }),
    [["placement[3]", /there is no server 3; place only servers 1\.\.2/]],
  ],
  [
    "a hostname address",
    ({ a, b }) => ({
      placement: {
        1: { provider: a, address: "oozie-a.example" },
        2: { provider: b, address: "10.0.0.2" },
      },
    }),
    [["placement[1].address", /"oozie-a\.example" is not an IP address; give the host's IP/]],
  ],
  [
    "two servers at one address",
    ({ a, b }) => ({
      placement: {
        1: { provider: a, address: "10.0.0.1" },
        2: { provider: b, address: "10.0.0.1" },
      },
    }),
    [
      [
        "placement[2].address",
        /10\.0\.0\.1 is also the address of placement\[1\]; place one server per host/,
      ],
    ],
  ],
  [
    "a bind address that is not an IP",
    ({ a, b }) => ({
      placement: {
        1: { provider: a, address: "10.0.0.1", bindAddress: "eth0" },
        2: { provider: b, address: "10.0.0.2" },
      },
    }),
    [["placement[1].bindAddress", /"eth0" is not an IP address/]],
  ],
  [
    "no opt-in to publishing beyond loopback",
    ({ a, b }) => ({
      allowNonLoopbackPublish: undefined,
      placement: {
        1: { provider: a, address: "10.0.0.1" },
        2: { provider: b, address: "10.0.0.2" },
      },
    }),
    [["allowNonLoopbackPublish", /set allowNonLoopbackPublish: true/]],
  ],
  [
    "host port base with placement",
    ({ a, b }) => ({
      hostHttpPortBase: 21000,
      placement: {
        1: { provider: a, address: "10.0.0.1" },
        2: { provider: b, address: "10.0.0.2" },
      },
    }),
    [["hostHttpPortBase", /leave hostHttpPortBase unset with placement/]],
  ],
  [
    "a publish address with placement, refused as Flink's is",
    ({ a, b }) => ({
      publishAddress: "127.0.0.2",
      placement: {
        1: { provider: a, address: "10.0.0.1" },
        2: { provider: b, address: "10.0.0.2" },
      },
    }),
    [
      [
        "publishAddress",
        /^placed servers publish httpPort on their placement's bindAddress; leave it unset with placement$/,
      ],
    ],
  ],
  [
    "a bad server count reports only the count",
    ({ a }) => ({ serverCount: 0, placement: { 1: { provider: a, address: "10.0.0.1" } } }),
    [["serverCount", /0 is not allowed/]],
  ],
  ["opt-in without placement changes nothing", () => ({ placement: undefined }), []],
];

void describe("validateOozieCluster placement", () => {
  const providers = { a: stubProvider(), b: stubProvider() };
  for (const [title, overrides, expected] of CASES) {
    void it(title, () => {
      const problems = validateOozieCluster("demo", {
        ...baseArgs(),
        serverCount: 2,
        allowNonLoopbackPublish: true,
        ...overrides(providers),
      });
      assertProblems(problems, expected);
    });
  }
});

/** The pure functions compare providers by identity only: a stub that registers nothing. */
function stubProvider(): docker.Provider {
  return Object.create(docker.Provider.prototype) as docker.Provider;
}

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) =>
    output.apply((value) => {
      resolve(value);
      return value;
    }),
  );
}
