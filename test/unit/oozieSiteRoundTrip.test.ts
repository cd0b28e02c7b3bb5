import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { OozieHaClusterArgs } from "../../src/oozie/clusterArgs";
import type { ResolvedOozieArgs } from "../../src/oozie/clusterSpec";
import { resolveOozieClusterSpec } from "../../src/oozie/clusterSpec";
import {
  escapeXml,
  jaasValueProblem,
  renderJaasConfig,
  renderOozieSite,
} from "../../src/oozie/oozieSite";
import { validateOozieCluster } from "../../src/oozie/validateCluster";
import {
  assertBothOutcomes,
  javaTrim,
  randomKey,
  randomString,
  readBack,
  seededRandom,
  type ReadBackResult,
  type Tally,
} from "../helpers/roundTrip";

// oozie-site.xml through the JDK's XML parser, read the way Oozie's XConfiguration reads it, and
// the JAAS file through the JDK's own JAAS parser, with seeded random strings: every value the
// validator accepts comes back exactly; every value it refuses would not.

const SEED = 0x0021e;
const CASES = 300;
const ZK = "zk-1:2181,zk-2:2181";

const BASE: OozieHaClusterArgs & ResolvedOozieArgs = {
  image: "example/oozie:5.2.1",
  zookeeper: {
    connectString: ZK,
    tickTime: 250,
    maxSessionTimeout: 40000,
    readinessConnectString: "127.0.0.1:1",
    networkName: "net",
  },
  baseUrl: "http://oozie-vip:11000/oozie?a=1&b=<2>",
  database: {
    driver: "org.postgresql.Driver",
    url: "jdbc:postgresql://db:5432/oozie?ssl=true&sslmode=require",
    username: "oozie",
    password: "unused",
  },
};

interface SiteCase {
  readonly index: number;
  readonly key: string;
  readonly value: string;
  readonly password: string;
  readonly accepted: boolean;
  /** The rendered file when accepted; else the value alone, written without validation. */
  readonly content: string;
}

/** Property names of a rendering without extra properties: what every accepted file starts with. */
function baselineNames(): string[] {
  const spec = resolveOozieClusterSpec("rt", BASE);
  const text = renderOozieSite(spec, spec.servers[0] ?? assert.fail(), {
    zookeeperConnectString: ZK,
    jdbcPassword: "pw",
  });
  return [...text.matchAll(/<name>([^<]*)<\/name>/g)].map((m) => m[1] ?? "");
}

function rawDocument(value: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<configuration><property><name>k</name><value>${escapeXml(value)}</value></property></configuration>\n`;
}

function siteCases(): SiteCase[] {
  const random = seededRandom(SEED);
  return Array.from({ length: CASES }, (_, index): SiteCase => {
    const key = randomKey(random);
    const value = randomString(random);
    const password = random() < 0.5 ? randomString(random) : "";
    const args: OozieHaClusterArgs & ResolvedOozieArgs = {
      ...BASE,
      extraSiteProperties: { [key]: value },
    };
    const refused = { index, key, value, password, accepted: false, content: rawDocument(value) };
    if (validateOozieCluster("rt", args).length > 0) {
      return refused;
    }
    const spec = resolveOozieClusterSpec("rt", args);
    try {
      const content = renderOozieSite(spec, spec.servers[0] ?? assert.fail(), {
        zookeeperConnectString: ZK,
        jdbcPassword: password,
      });
      return { index, key, value, password, accepted: true, content };
    } catch {
      return refused; // The password was refused.
    }
  });
}

void describe("oozie-site.xml round trip through the JDK's XML parser (seeded random strings)", () => {
  const cases = siteCases();
  const baseline = baselineNames();
  let results: ReadBackResult[] = [];
  before(async () => {
    results = await readBack(
      "hadoop-xml",
      cases.map((c) => c.content),
    );
  });

  void it(`reads back every accepted value and the password exactly (${CASES} cases, seed ${SEED})`, () => {
    const tally: Tally = { accepted: 0, refused: 0 };
    for (const c of cases) {
      const label = `case ${c.index}: ${JSON.stringify(c.key)}=${JSON.stringify(c.value)}, password ${JSON.stringify(c.password)}`;
      const read = results[c.index];
      if (!c.accepted) {
        tally.refused++;
        continue;
      }
      tally.accepted++;
      assert.equal(read?.error, undefined, label);
      const pairs = read?.pairs ?? [];
      // Nothing lost, nothing injected: the same names, in order.
      assert.deepEqual(
        pairs.map(([name]) => name),
        [...baseline, c.key],
        label,
      );
      const values = new Map(pairs);
      assert.equal(values.get(c.key), c.value, label);
      // JPAService trims the password; an empty one is written as one space.
      assert.equal(
        javaTrim(values.get("oozie.service.JPAService.jdbc.password") ?? "?"),
        c.password,
        label,
      );
      assert.equal(values.get("oozie.base.url"), BASE.baseUrl, label);
      assert.equal(values.get("oozie.zookeeper.connection.string"), ZK, label);
    }
    assertBothOutcomes(tally, 30);
  });

  void it("refuses only values Oozie would not read back", () => {
    for (const c of cases) {
      const problems = validateOozieCluster("rt", {
        ...BASE,
        extraSiteProperties: { [c.key]: c.value },
      });
      const valueRefused = problems.some(
        (p) => p.property.startsWith("extraSiteProperties[") && !p.reason.includes("key"),
      );
      if (!valueRefused) {
        continue;
      }
      const read = results[c.index];
      // Written anyway, the value either breaks the document or does not come back as it was.
      const back = read?.pairs?.find(([name]) => name === "k")?.[1];
      assert.ok(read?.error !== undefined || back !== c.value, `case ${c.index}`);
    }
  });
});

void describe("JAAS file round trip through the JDK's JAAS parser (seeded random strings)", () => {
  const random = seededRandom(SEED + 1);
  const cases = Array.from({ length: CASES }, (_, index) => {
    const keytabPath = random() < 0.5 ? `/etc/${randomString(random)}` : "/etc/oozie.keytab";
    const principal = random() < 0.5 ? randomString(random) : "oozie/h1@EXAMPLE.COM";
    const accepted =
      jaasValueProblem("keyTab", keytabPath) === undefined &&
      jaasValueProblem("principal", principal) === undefined;
    return { index, keytabPath, principal, accepted };
  });
  let results: ReadBackResult[] = [];
  before(async () => {
    results = await readBack(
      "jaas",
      cases.map((c) =>
        c.accepted
          ? renderJaasConfig(c)
          : // Refused: written with the same quoting, unvalidated, for the refusal check.
            `Client {\n  com.sun.security.auth.module.Krb5LoginModule required\n  keyTab="${c.keytabPath.replace(/["\\]/g, "\\$&")}"\n  principal="${c.principal.replace(/["\\]/g, "\\$&")}";\n};\n`,
      ),
    );
  });

  void it(`reads back every accepted keytab path and principal exactly (${CASES} cases)`, () => {
    const tally: Tally = { accepted: 0, refused: 0 };
    for (const c of cases) {
      const label = `case ${c.index}: ${JSON.stringify(c.keytabPath)} ${JSON.stringify(c.principal)}`;
      const read = results[c.index];
      if (!c.accepted) {
        tally.refused++;
        const options = read?.entries?.[0]?.options;
        assert.ok(
          read?.error !== undefined ||
            options?.["keyTab"] !== c.keytabPath ||
            options["principal"] !== c.principal,
          label,
        );
        assert.throws(() => renderJaasConfig(c), /cannot render the JAAS file/, label);
        continue;
      }
      tally.accepted++;
      assert.equal(read?.error, undefined, label);
      assert.deepEqual(
        read?.entries,
        [
          {
            module: "com.sun.security.auth.module.Krb5LoginModule",
            flag: "LoginModuleControlFlag: required",
            options: {
              keyTab: c.keytabPath,
              principal: c.principal,
              storeKey: "true",
              useKeyTab: "true",
              useTicketCache: "false",
            },
          },
        ],
        label,
      );
    }
    // Few strings hold '${...}' or an unpaired surrogate, the only refusals.
    assertBothOutcomes(tally, 15);
  });
});
