import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { OozieHaClusterArgs } from "../../src/oozie/clusterArgs";
import type { ResolvedOozieArgs } from "../../src/oozie/clusterSpec";
import {
  curatorCopyOf,
  mergeServicesExt,
  parseVersion,
  resolveOozieClusterSpec,
} from "../../src/oozie/clusterSpec";
import { escapeXml, renderJaasConfig, renderOozieSite } from "../../src/oozie/oozieSite";

const ZK = "zk-1:2181,zk-2:2181,zk-3:2181";

const BASE: OozieHaClusterArgs & ResolvedOozieArgs = {
  image: "example/oozie:5.2.1",
  zookeeper: {
    connectString: ZK,
    tickTime: 250,
    maxSessionTimeout: 40000,
    readinessConnectString: "127.0.0.1:1",
    networkName: "net",
  },
  baseUrl: "http://oozie-vip:11000/oozie",
  database: {
    driver: "org.postgresql.Driver",
    url: "jdbc:postgresql://db:5432/oozie?ssl=true&sslmode=require",
    username: "oozie",
    password: "unused",
  },
};

const property = (name: string, value: string): string =>
  `  <property>\n    <name>${name}</name>\n    <value>${value}</value>\n  </property>\n`;

const HEADER = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Rendered by pulumi-zk-ha. Edits are lost when the component next updates. -->
<configuration>
`;

const SERVICES =
  "org.apache.oozie.service.ZKLocksService,org.apache.oozie.service.ZKXLogStreamingService,org.apache.oozie.service.ZKJobsConcurrencyService,org.apache.oozie.service.ZKUUIDService";

void describe("renderOozieSite", () => {
  void it("renders the seed's settings, the server's identity and the database, exactly", () => {
    const spec = resolveOozieClusterSpec("demo", BASE);
    const server = spec.servers[1];
    assert.ok(server);
    assert.equal(
      renderOozieSite(spec, server, { zookeeperConnectString: ZK, jdbcPassword: `p<&>"'w` }),
      HEADER +
        property("oozie.services.ext", SERVICES) +
        property("oozie.zookeeper.connection.string", ZK) +
        property("oozie.zookeeper.namespace", "oozie") +
        property("oozie.zookeeper.secure", "false") +
        property("oozie.zookeeper.session.timeout", "6") +
        property("oozie.base.url", "http://oozie-vip:11000/oozie") +
        property("oozie.instance.id", "demo-oozie-2") +
        property("oozie.http.hostname", "demo-oozie-2") +
        property("oozie.http.port", "11000") +
        property("oozie.service.JPAService.jdbc.driver", "org.postgresql.Driver") +
        property(
          "oozie.service.JPAService.jdbc.url",
          "jdbc:postgresql://db:5432/oozie?ssl=true&amp;sslmode=require",
        ) +
        property("oozie.service.JPAService.jdbc.username", "oozie") +
        property("oozie.service.JPAService.jdbc.password", "p&lt;&amp;&gt;&quot;&apos;w") +
        "</configuration>\n",
    );
  });

  void it("is identical on every server but for instance id and http hostname", () => {
    const spec = resolveOozieClusterSpec("demo", { ...BASE, serverCount: 3 });
    const texts = spec.servers.map((s) =>
      renderOozieSite(spec, s, { zookeeperConnectString: ZK, jdbcPassword: "x" }),
    );
    const normalised = texts.map((t, i) => t.replaceAll(`demo-oozie-${i + 1}`, "SELF"));
    assert.equal(normalised[0], normalised[1]);
    assert.equal(normalised[1], normalised[2]);
    assert.equal(new Set(texts).size, 3);
  });

  void it("renders Kerberos, namespace, extras after ours, and sorted extra properties", () => {
    const spec = resolveOozieClusterSpec("demo", {
      ...BASE,
      serverCount: 1,
      allowSingleServer: true,
      database: undefined,
      namespace: "oozie-prod",
      secure: true,
      kerberos: { principal: "oozie/_HOST@EXAMPLE.COM", keytabBase64: "AAAA" },
      servicesExt: [
        "org.example.AuditService",
        "org.apache.oozie.service.ZKLocksService",
        " org.example.AuditService ",
        "org.example.MetricsService",
      ],
      extraSiteProperties: { "oozie.zz": "last", "oozie.aa": "a&b" },
    });
    const server = spec.servers[0];
    assert.ok(server);
    assert.equal(
      renderOozieSite(spec, server, { zookeeperConnectString: ZK }),
      HEADER +
        property(
          "oozie.services.ext",
          `${SERVICES},org.example.AuditService,org.example.MetricsService`,
        ) +
        property("oozie.zookeeper.connection.string", ZK) +
        property("oozie.zookeeper.namespace", "oozie-prod") +
        property("oozie.zookeeper.secure", "true") +
        property("oozie.zookeeper.session.timeout", "6") +
        property("oozie.base.url", "http://oozie-vip:11000/oozie") +
        property("oozie.instance.id", "demo-oozie-1") +
        property("oozie.http.hostname", "demo-oozie-1") +
        property("oozie.http.port", "11000") +
        property("oozie.service.HadoopAccessorService.kerberos.enabled", "true") +
        property(
          "oozie.service.HadoopAccessorService.kerberos.principal",
          "oozie/_HOST@EXAMPLE.COM",
        ) +
        property(
          "oozie.service.HadoopAccessorService.keytab.file",
          "/opt/oozie/conf/oozie.keytab",
        ) +
        property("oozie.aa", "a&amp;b") +
        property("oozie.zz", "last") +
        "</configuration>\n",
    );
  });

  void it("renders the session timeout asked for, 6 s (24 ticks at tickTime 250) by default", () => {
    const timeoutOf = (seconds?: number): string[] => {
      const spec = resolveOozieClusterSpec("demo", {
        ...BASE,
        ...(seconds === undefined ? {} : { zookeeperSessionTimeoutSeconds: seconds }),
      });
      return spec.servers.map((server) => {
        const xml = renderOozieSite(spec, server, { zookeeperConnectString: ZK });
        const values = [
          ...xml.matchAll(
            /<name>oozie\.zookeeper\.session\.timeout<\/name>\n {4}<value>([^<]*)<\/value>/g,
          ),
        ].map((m) => m[1]);
        // Exactly one such property per server.
        assert.equal(values.length, 1, xml);
        return values[0] ?? "";
      });
    };
    assert.deepEqual(timeoutOf(), ["6", "6"]);
    assert.deepEqual(timeoutOf(2), ["2", "2"]);
    assert.deepEqual(timeoutOf(40), ["40", "40"]);
    assert.deepEqual(timeoutOf(3600), ["3600", "3600"]);
  });

  void it("renders the JAAS Client section ZooKeeper's SASL client reads", () => {
    assert.equal(
      renderJaasConfig({ principal: "oozie/h1@EXAMPLE.COM", keytabPath: "/etc/oozie.keytab" }),
      `Client {
  com.sun.security.auth.module.Krb5LoginModule required
  useKeyTab=true
  storeKey=true
  useTicketCache=false
  keyTab="/etc/oozie.keytab"
  principal="oozie/h1@EXAMPLE.COM";
};
`,
    );
  });

  void it("escapes all five XML special characters", () => {
    assert.equal(escapeXml(`a&b<c>d"e'f`), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  });
});

void describe("oozie.services.ext merge", () => {
  const cases: [string, string[] | undefined, string[]][] = [
    ["none given", undefined, []],
    ["extras keep their order after ours", ["b.B", "a.A"], ["b.B", "a.A"]],
    ["ours are not repeated", ["org.apache.oozie.service.ZKUUIDService", "x.X"], ["x.X"]],
    ["duplicates and blanks dropped", ["x.X", " x.X", "", "y.Y"], ["x.X", "y.Y"]],
  ];
  for (const [title, user, extras] of cases) {
    void it(title, () => {
      assert.deepEqual(mergeServicesExt(user), [
        "org.apache.oozie.service.ZKLocksService",
        "org.apache.oozie.service.ZKXLogStreamingService",
        "org.apache.oozie.service.ZKJobsConcurrencyService",
        "org.apache.oozie.service.ZKUUIDService",
        ...extras,
      ]);
    });
  }
});

void describe("curator copy rule", () => {
  const cases: [string, { legacyCuratorJarCopy?: boolean; oozieVersion?: string }, boolean][] = [
    ["off by default", {}, false],
    ["on below 5.2.0", { oozieVersion: "5.1.0" }, true],
    ["on for 4.3.1", { oozieVersion: "4.3.1" }, true],
    ["on for a vendor suffix below", { oozieVersion: "5.1.0-hw-ei-312005" }, true],
    ["off at 5.2.0", { oozieVersion: "5.2.0" }, false],
    ["off above", { oozieVersion: "5.2.1" }, false],
    ["explicit on wins", { oozieVersion: "5.2.1", legacyCuratorJarCopy: true }, true],
    ["explicit off wins", { oozieVersion: "5.0.0", legacyCuratorJarCopy: false }, false],
  ];
  for (const [title, args, expected] of cases) {
    void it(title, () => {
      assert.equal(curatorCopyOf(args), expected);
    });
  }

  void it("parses versions", () => {
    assert.deepEqual(parseVersion("5.1"), [5, 1, 0]);
    assert.deepEqual(parseVersion("5.1.0-hw"), [5, 1, 0]);
    assert.equal(parseVersion("latest"), undefined);
  });
});
