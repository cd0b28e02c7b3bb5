import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { PlainEnsembleArgs } from "../../src/zookeeper/ensembleArgs";
import { majorityOf, resolveEnsembleSpec, serverIdsOf } from "../../src/zookeeper/ensembleSpec";
import {
  renderDynamicConfig,
  renderMyid,
  renderZooCfg,
  superDigestOf,
} from "../../src/zookeeper/zooCfg";
import { seededRandom } from "../helpers/roundTrip";

const DEFAULT_ZOO_CFG = `# Rendered by pulumi-zk-ha. Edits are lost when the component next updates.
tickTime=250
initLimit=80
syncLimit=40
maxSessionTimeout=40000
dataDir=/data
dataLogDir=/datalog
clientPort=2181
4lw.commands.whitelist=srvr,ruok,mntr
admin.enableServer=true
admin.serverPort=8080
autopurge.snapRetainCount=3
autopurge.purgeInterval=24
quorumListenOnAllIPs=true
reconfigEnabled=true
standaloneEnabled=false
dynamicConfigFile=/conf/zoo.cfg.dynamic
DigestAuthenticationProvider.superDigest=super:digest
`;

const DEFAULT_DYNAMIC = `server.1=demo-zk-1:2888:3888:participant;0.0.0.0:2181
server.2=demo-zk-2:2888:3888:participant;0.0.0.0:2181
server.3=demo-zk-3:2888:3888:participant;0.0.0.0:2181
`;

const SOLO_ZOO_CFG = `# Rendered by pulumi-zk-ha. Edits are lost when the component next updates.
tickTime=500
initLimit=40
syncLimit=20
maxSessionTimeout=40000
dataDir=/var/lib/zookeeper/data
dataLogDir=/var/lib/zookeeper/log
clientPort=12181
4lw.commands.whitelist=srvr,ruok,mntr
admin.enableServer=false
autopurge.snapRetainCount=3
autopurge.purgeInterval=0
quorumListenOnAllIPs=true
reconfigEnabled=true
standaloneEnabled=false
dynamicConfigFile=/conf/zoo.cfg.dynamic
DigestAuthenticationProvider.superDigest=super:digest
globalOutstandingLimit=1000
jute.maxbuffer=4194304
maxClientCnxns=60
snapCount=10000
`;

/** Odd-length lists of unique ids from 1..255 in shuffled order. */
function randomIdLists(seed: number, count: number): number[][] {
  const random = seededRandom(seed);
  const lists: number[][] = [];
  for (let n = 0; n < count; n++) {
    const size = 1 + 2 * Math.floor(random() * 5); // 1, 3, 5, 7 or 9
    const ids = new Set<number>();
    while (ids.size < size) {
      ids.add(1 + Math.floor(random() * 255));
    }
    lists.push([...ids]);
  }
  return lists;
}

function serverLines(cfg: string): string[] {
  return cfg.split("\n").filter((line) => line.startsWith("server."));
}

function nonServerLines(cfg: string): string[] {
  return cfg.split("\n").filter((line) => !line.startsWith("server."));
}

void describe("resolveEnsembleSpec", () => {
  void it("applies every default for an empty argument object", () => {
    assert.deepEqual(resolveEnsembleSpec("demo", {}), {
      prefix: "demo",
      servers: [1, 2, 3].map((id) => ({
        id,
        alias: `demo-zk-${id}`,
        address: `demo-zk-${id}`,
        containerName: `demo-zk-${id}`,
        dataVolumeName: `demo-zk-${id}-data`,
        dataLogVolumeName: `demo-zk-${id}-datalog`,
      })),
      confDir: "/conf",
      dataDir: "/data",
      dataLogDir: "/datalog",
      clientPort: 2181,
      peerPort: 2888,
      electionPort: 3888,
      adminServer: true,
      adminServerPort: 8080,
      tickTime: 250,
      initLimit: 80,
      syncLimit: 40,
      maxSessionTimeout: 40000,
      autopurgeSnapRetainCount: 3,
      autopurgePurgeIntervalHours: 24,
      extraSettings: {},
      publishAddress: "127.0.0.1",
      retainDataOnDelete: true,
      readyTimeoutSeconds: 180,
      rollingReplacement: true,
    });
  });

  void it("uses namePrefix over the name and publishes at base + id - 1", () => {
    const spec = resolveEnsembleSpec("ignored", {
      namePrefix: "ha",
      serverIds: [2, 5, 9],
      hostClientPortBase: 30000,
    });
    assert.equal(spec.prefix, "ha");
    assert.deepEqual(
      spec.servers.map((s) => [s.id, s.alias, s.hostClientPort]),
      [
        [2, "ha-zk-2", 30001],
        [5, "ha-zk-5", 30004],
        [9, "ha-zk-9", 30008],
      ],
    );
  });

  void it("copies extraSettings so later changes to the argument do not leak in", () => {
    const extraSettings: Record<string, string> = { maxClientCnxns: "60" };
    const spec = resolveEnsembleSpec("demo", { extraSettings });
    extraSettings["snapCount"] = "1";
    assert.deepEqual(spec.extraSettings, { maxClientCnxns: "60" });
  });
});

void describe("serverIdsOf", () => {
  const cases: [string, PlainEnsembleArgs, number[]][] = [
    ["default size", {}, [1, 2, 3]],
    ["size 1", { size: 1 }, [1]],
    ["size 5", { size: 5 }, [1, 2, 3, 4, 5]],
    ["size 0", { size: 0 }, []],
    ["negative size", { size: -3 }, []],
    ["fractional size is floored", { size: 2.7 }, [1, 2]],
    ["explicit ids keep their order", { serverIds: [9, 3, 200] }, [9, 3, 200]],
    ["explicit ids win over size", { size: 5, serverIds: [4] }, [4]],
  ];
  for (const [title, args, expected] of cases) {
    void it(title, () => {
      assert.deepEqual(serverIdsOf(args), expected);
    });
  }

  void it("returns a copy of serverIds", () => {
    const serverIds = [1, 2, 3];
    const ids = serverIdsOf({ serverIds });
    ids.push(4);
    assert.deepEqual(serverIds, [1, 2, 3]);
  });
});

void describe("majorityOf", () => {
  const cases: [number, number][] = [
    [1, 1],
    [2, 2],
    [3, 2],
    [4, 3],
    [5, 3],
    [7, 4],
    [9, 5],
  ];
  for (const [size, majority] of cases) {
    void it(`${size} servers need ${majority}`, () => {
      assert.equal(majorityOf(size), majority);
    });
  }
});

void describe("renderZooCfg", () => {
  void it("renders the exact defaults of a 3-server ensemble", () => {
    assert.equal(renderZooCfg(resolveEnsembleSpec("demo", {}), "super:digest"), DEFAULT_ZOO_CFG);
    assert.equal(renderDynamicConfig(resolveEnsembleSpec("demo", {})), DEFAULT_DYNAMIC);
  });

  void it("gives the super user's digest as ZooKeeper's DigestAuthenticationProvider computes it", () => {
    // base64(SHA-1("super:secret")), as `openssl dgst -binary -sha1 | base64` gives it; the
    // integration suite proves ZooKeeper accepts the password (reconfig as the super user).
    assert.equal(superDigestOf("secret"), "super:lK75jTNcA+U9vtVEw5vB51mj/w4=");
  });

  void it("renders a 1-server ensemble without the AdminServer port, extraSettings sorted", () => {
    const spec = resolveEnsembleSpec("solo", {
      serverIds: [7],
      adminServer: false,
      adminServerPort: 9999,
      clientPort: 12181,
      tickTime: 500,
      autopurgePurgeIntervalHours: 0,
      dataDir: "/var/lib/zookeeper/data",
      dataLogDir: "/var/lib/zookeeper/log",
      extraSettings: {
        snapCount: "10000",
        maxClientCnxns: "60",
        "jute.maxbuffer": "4194304",
        globalOutstandingLimit: "1000",
      },
    });
    assert.equal(renderZooCfg(spec, "super:digest"), SOLO_ZOO_CFG);
    assert.equal(
      renderDynamicConfig(spec),
      "server.7=solo-zk-7:2888:3888:participant;0.0.0.0:12181\n",
    );
  });

  void it("does not depend on the order extraSettings were given in", () => {
    const a = resolveEnsembleSpec("demo", { extraSettings: { b: "2", a: "1", c: "3" } });
    const b = resolveEnsembleSpec("demo", { extraSettings: { c: "3", a: "1", b: "2" } });
    assert.equal(renderZooCfg(a, "super:d"), renderZooCfg(b, "super:d"));
    assert.deepEqual(
      nonServerLines(renderZooCfg(a, "super:d")).filter((l) => /^[abc]=/.test(l)),
      ["a=1", "b=2", "c=3"],
    );
  });
});

void describe("renderMyid", () => {
  const cases: [number, string][] = [
    [1, "1\n"],
    [7, "7\n"],
    [255, "255\n"],
  ];
  for (const [id, expected] of cases) {
    void it(`server ${id}`, () => {
      const server = resolveEnsembleSpec("demo", { serverIds: [id] }).servers[0];
      assert.ok(server);
      assert.equal(renderMyid(server), expected);
    });
  }
});

void describe("server lines (property-style)", () => {
  const idLists: number[][] = [
    ...[1, 3, 5, 7].map((size) => serverIdsOf({ size })),
    ...randomIdLists(20240611, 25),
  ];

  void it("the generated lists are what the seed gives", () => {
    // Guards against the generator silently degenerating (e.g. always size 1).
    const sizes = new Set(idLists.map((ids) => ids.length));
    assert.deepEqual(
      [...sizes].sort((x, y) => x - y),
      [1, 3, 5, 7, 9],
    );
  });

  idLists.forEach((ids, index) => {
    const clientPort = 2000 + index * 7;
    const args: PlainEnsembleArgs = { namePrefix: "p", serverIds: ids, clientPort };
    const cfg = renderDynamicConfig(resolveEnsembleSpec("p", args));

    void it(`[${ids.join(",")}] gives one unique server line per id, in order`, () => {
      const lines = serverLines(cfg);
      assert.equal(lines.length, ids.length);
      assert.equal(new Set(lines).size, ids.length);
      assert.deepEqual(
        lines.map((l) => l.slice(0, l.indexOf("="))),
        ids.map((id) => `server.${id}`),
      );
      for (const line of lines) {
        assert.ok(line.endsWith(`;0.0.0.0:${clientPort}`), line);
      }
      assert.deepEqual(
        lines,
        ids.map((id) => `server.${id}=p-zk-${id}:2888:3888:participant;0.0.0.0:${clientPort}`),
      );
    });

    void it(`[${ids.join(",")}] removing any id leaves the other lines byte-identical`, () => {
      const full = serverLines(cfg);
      ids.forEach((removed, position) => {
        const remaining = ids.filter((id) => id !== removed);
        const smaller = renderDynamicConfig(
          resolveEnsembleSpec("p", { ...args, serverIds: remaining }),
        );
        assert.deepEqual(
          serverLines(smaller),
          full.filter((_, i) => i !== position),
        );
      });
    });
  });
});
