import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type { OozieHaClusterArgs } from "../../src/oozie/clusterArgs";
import { validateOozieCluster } from "../../src/oozie/validateCluster";
import { assertProblems } from "../helpers/problems";

const VALID: OozieHaClusterArgs = {
  image: "example/oozie:5.2.1",
  zookeeper: {
    connectString: "zk:2181",
    tickTime: 250,
    maxSessionTimeout: 40000,
    readinessConnectString: "127.0.0.1:1",
    networkName: "n",
  },
  baseUrl: "http://oozie-vip:11000/oozie",
  database: {
    driver: "org.postgresql.Driver",
    url: "jdbc:postgresql://db/oozie",
    username: "oozie",
    password: "pw",
  },
};

const KEYTAB_EMPTY =
  /^the keytab is empty; give the keytab file's bytes base64-encoded \(base64 -w0 oozie\.keytab\), as a secret \(pulumi\.secret\(\.\.\.\) or pulumi config set --secret\)$/;

type Case = [title: string, overrides: Partial<OozieHaClusterArgs>, expected: [string, RegExp][]];

// One row per rule: the arguments that break it and exactly the problems expected.
const CASES: Case[] = [
  ["valid defaults", {}, []],
  ["bad prefix", { namePrefix: "Oozie_1" }, [["namePrefix", /cannot start a network alias/]]],
  ["zero servers", { serverCount: 0 }, [["serverCount", /0 is not allowed/]]],
  ["fractional servers", { serverCount: 2.5 }, [["serverCount", /2\.5 is not allowed/]]],
  ["too many servers", { serverCount: 10 }, [["serverCount", /from 2 to 9/]]],
  [
    "one server without opt-out",
    { serverCount: 1, database: undefined },
    [["serverCount", /not highly available.*allowSingleServer: true/]],
  ],
  [
    "one server with opt-out and Derby",
    {
      serverCount: 1,
      allowSingleServer: true,
      database: {
        driver: "org.apache.derby.jdbc.EmbeddedDriver",
        url: "jdbc:derby:/var/oozie/db;create=true",
        username: "sa",
        password: "",
      },
    },
    [],
  ],
  [
    "one server with opt-out, no database",
    { serverCount: 1, allowSingleServer: true, database: undefined },
    [],
  ],
  [
    "two servers, no database",
    { database: undefined },
    [["database", /2 servers need one shared database/]],
  ],
  [
    "Derby with two servers",
    {
      database: {
        driver: "org.apache.derby.jdbc.EmbeddedDriver",
        url: "jdbc:derby:/db",
        username: "sa",
        password: "",
      },
    },
    [["database.url", /Derby cannot be shared by 2 servers/]],
  ],
  [
    "bad driver, url and user",
    { database: { driver: "not a class", url: "postgres://db", username: "", password: "pw" } },
    [
      ["database.driver", /not a Java class name/],
      ["database.url", /not a JDBC URL/],
      ["database.username", /give the database user name/],
    ],
  ],
  [
    "secure without kerberos",
    { secure: true },
    [
      [
        "kerberos",
        /^secure: true needs a Kerberos principal and keytab for the ZooKeeper SASL login; set kerberos: \{ principal, keytabBase64 \}, or remove secure$/,
      ],
    ],
  ],
  ...(
    [
      ["empty principal", "", "AA=="],
      ["blank principal", " \t", "AA=="],
    ] as const
  ).map(([title, principal, keytabBase64]): Case => [
    title,
    { secure: true, kerberos: { principal, keytabBase64 } },
    [
      [
        "kerberos.principal",
        /^is empty; give the Oozie servers' Kerberos service principal, such as oozie\/_HOST@EXAMPLE\.COM$/,
      ],
    ],
  ]),
  ...(
    [
      ["empty keytab", ""],
      ["blank keytab", " \n "],
      ["keytab of padding only", "===="],
      ["keytab of no base64 characters", "!!!!"],
    ] as const
  ).map(([title, keytabBase64]): Case => [
    title,
    { secure: true, kerberos: { principal: "oozie/h@R", keytabBase64 } },
    [["kerberos.keytabBase64", KEYTAB_EMPTY]],
  ]),
  [
    "empty principal and keytab together",
    { secure: true, kerberos: { principal: "", keytabBase64: "" } },
    [
      ["kerberos.principal", /^is empty/],
      ["kerberos.keytabBase64", KEYTAB_EMPTY],
    ],
  ],
  [
    "keytab missing in plain JavaScript",
    { secure: true, kerberos: { principal: "oozie/h@R" } as never },
    [["kerberos.keytabBase64", KEYTAB_EMPTY]],
  ],
  [
    "keytab that resolves later: checked when it does, not here",
    { secure: true, kerberos: { principal: "oozie/h@R", keytabBase64: pulumi.output("") } },
    [],
  ],
  [
    "one byte of keytab",
    { secure: true, kerberos: { principal: "oozie/h@R", keytabBase64: "AA==" } },
    [],
  ],
  [
    "kerberos without secure",
    { kerberos: { principal: "oozie/h@R", keytabBase64: "AA" } },
    [["secure", /kerberos is set but secure is not true/]],
  ],
  [
    "bad principal and keytab path",
    { secure: true, kerberos: { principal: "oozie", keytabBase64: "AA", keytabPath: "etc/k" } },
    [
      ["kerberos.principal", /not a Kerberos principal/],
      ["kerberos.keytabPath", /must be an absolute path/],
    ],
  ],
  ["relative home", { home: "opt/oozie" }, [["home", /must be an absolute path/]]],
  ["quote in lib dir", { libDir: "/opt/oo'zie/lib" }, [["libDir", /may only hold letters/]]],
  ["dot-dot conf dir", { confDir: "/opt/../etc" }, [["confDir", /'\.\.' segments/]]],
  [
    "webapp lib is lib",
    { libDir: "/x/lib", embeddedLibDir: "/x/lib/" },
    [["embeddedLibDir", /is also the lib dir/]],
  ],
  ["empty command", { command: [] }, [["command", /non-empty list/]]],
  ["bad http port", { httpPort: 70000 }, [["httpPort", /not a TCP port/]]],
  [
    "host ports overflow",
    { hostHttpPortBase: 65535 },
    [["hostHttpPortBase", /exceeds port 65535/]],
  ],
  [
    "bad publish address",
    { publishAddress: "localhost" },
    [["publishAddress", /not an IP address/]],
  ],
  ["bad base url", { baseUrl: "oozie-vip:11000" }, [["baseUrl", /not an http\(s\) URL/]]],
  ["namespace with slash", { namespace: "a/b" }, [["namespace", /one path segment/]]],
  ["shortest session timeout", { zookeeperSessionTimeoutSeconds: 2 }, []],
  [
    "longest session timeout",
    {
      zookeeperSessionTimeoutSeconds: 3600,
      zookeeper: {
        connectString: "zk:2181",
        readinessConnectString: "127.0.0.1:1",
        networkName: "n",
        tickTime: 250,
        maxSessionTimeout: 3600000,
      },
    },
    [],
  ],
  [
    "session timeout above the ensemble's maximum",
    { zookeeperSessionTimeoutSeconds: 3600 },
    [
      [
        "zookeeperSessionTimeoutSeconds",
        /^3600 seconds is outside what the ensemble grants with tickTime 250 ms: 1\.\.40 seconds /,
      ],
    ],
  ],
  ...[1, 0, -6, 3601, 6.5, Number.NaN].map((seconds): Case => [
    `session timeout ${seconds}`,
    { zookeeperSessionTimeoutSeconds: seconds },
    [
      [
        "zookeeperSessionTimeoutSeconds",
        new RegExp(
          `^${String(seconds).replace(".", "\\.")} is not allowed; use a whole number from 2 to 3600 \\(seconds; Oozie exits when its session expires`,
        ),
      ],
    ],
  ]),
  [
    "session timeout through extraSiteProperties",
    { extraSiteProperties: { "oozie.zookeeper.session.timeout": "30" } },
    [
      [
        'extraSiteProperties["oozie.zookeeper.session.timeout"]',
        /"oozie\.zookeeper\.session\.timeout" is rendered by the component/,
      ],
    ],
  ],
  ["reserved namespace", { namespace: "zookeeper" }, [["namespace", /reserved \/zookeeper tree/]]],
  ["bad oozie version", { oozieVersion: "latest" }, [["oozieVersion", /not a version/]]],
  ["bad curator version", { curatorVersion: "4.2.0;rm" }, [["curatorVersion", /not a version/]]],
  ["bad drain mode", { drainMode: "wait" as never }, [["drainMode", /not a drain mode/]]],
  [
    "bad timeouts",
    { drainTimeoutSeconds: 0, drainAttemptTimeoutSeconds: 61, readyTimeoutSeconds: 4000 },
    [
      ["drainTimeoutSeconds", /not allowed/],
      ["drainAttemptTimeoutSeconds", /not allowed/],
      ["readyTimeoutSeconds", /not allowed/],
    ],
  ],
  ["bad drain url", { drainUrls: ["ftp://x"] }, [["drainUrls[0]", /not an http\(s\) URL/]]],
  [
    "instance id in env",
    { env: { OOZIE_INSTANCE_ID: "x" } },
    [['env["OOZIE_INSTANCE_ID"]', /sets OOZIE_INSTANCE_ID to each server's alias/]],
  ],
  [
    "bad extension service",
    { servicesExt: ["org.example.Ok", "bad class"] },
    [["servicesExt[1]", /not a Java class name/]],
  ],
  [
    "managed and malformed extra properties",
    {
      extraSiteProperties: {
        "oozie.zookeeper.namespace": "x",
        "bad key": "v",
        "oozie.ok": "a\u0001",
      },
    },
    [
      ['extraSiteProperties["oozie.zookeeper.namespace"]', /rendered by the component/],
      ['extraSiteProperties["bad key"]', /not an oozie-site.xml key/],
      ['extraSiteProperties["oozie.ok"]', /control character/],
    ],
  ],
];

void describe("validateOozieCluster", () => {
  for (const [title, overrides, expected] of CASES) {
    void it(title, () => {
      const problems = validateOozieCluster("demo", { ...VALID, ...overrides });
      assertProblems(problems, expected);
    });
  }
});
