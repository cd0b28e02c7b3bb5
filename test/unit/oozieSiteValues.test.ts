import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { OozieHaClusterArgs } from "../../src/oozie/clusterArgs";
import type { ResolvedOozieArgs } from "../../src/oozie/clusterSpec";
import { resolveOozieClusterSpec } from "../../src/oozie/clusterSpec";
import {
  escapeXml,
  jaasString,
  jaasValueProblem,
  renderJaasConfig,
  renderOozieSite,
  siteValueProblem,
} from "../../src/oozie/oozieSite";
import { validateOozieCluster } from "../../src/oozie/validateCluster";

// What goes into oozie-site.xml and the JAAS file: one row per class of input, escaped or refused.

const VALID: OozieHaClusterArgs & ResolvedOozieArgs = {
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

void describe("extraSiteProperties values", () => {
  const property = 'extraSiteProperties["oozie.x"]';
  const refused: [string, string, RegExp][] = [
    ["empty (Oozie skips it and uses its default)", "", /must not be empty: Oozie skips/],
    ["a NUL", "a\u0000b", /control character U\+0000, which XML 1\.0 cannot carry/],
    ["an escape character", "a\u001bb", /control character U\+001B/],
    ["a vertical tab", "a\vb", /control character U\+000B/],
    ["U+FFFE", "a\ufffeb", /the character U\+FFFE/],
    ["U+FFFF", "a\uffffb", /the character U\+FFFF/],
    ["an unpaired high surrogate", "a\ud800b", /the character U\+D800/],
    ["an unpaired low surrogate", "a\udc00", /the character U\+DC00/],
  ];
  for (const [title, value, reason] of refused) {
    void it(`refuses ${title}, naming the field`, () => {
      const problems = validateOozieCluster("demo", {
        ...VALID,
        extraSiteProperties: { "oozie.x": value },
      });
      assert.deepEqual(
        problems.map((p) => p.property),
        [property],
      );
      assert.match(problems[0]?.reason ?? "", reason);
    });
  }
  const accepted: [string, string][] = [
    ["tab, LF and CR", "a\tb\nc\rd\r\n"],
    ["markup", "</value><value>x</value>]]><![CDATA[&amp;&#10;<!-- -->"],
    ["quotes", `"'`],
    ["U+2028, U+2029, U+0085 and DEL", "a\u2028b\u2029c\u0085d\u007f"],
    ["surrounding spaces", "  x  "],
    ["non-ASCII and astral characters", "caf\u00e9 \u{1f600}"],
    ["Oozie's own variables", "${oozie.home.dir}/x"],
  ];
  for (const [title, value] of accepted) {
    void it(`accepts ${title}`, () => {
      assert.deepEqual(
        validateOozieCluster("demo", { ...VALID, extraSiteProperties: { "oozie.x": value } }),
        [],
      );
    });
  }
});

void describe("escapeXml", () => {
  void it("writes markup as entities and line breaks, tabs and invisible characters as references", () => {
    assert.equal(
      escapeXml("<a>&\"'\t\n\r\u007f\u0085\u2028\u2029]]>"),
      "&lt;a&gt;&amp;&quot;&apos;&#x9;&#xA;&#xD;&#x7F;&#x85;&#x2028;&#x2029;]]&gt;",
    );
  });
});

void describe("the database password in oozie-site.xml", () => {
  const render = (password: string): string => {
    const spec = resolveOozieClusterSpec("demo", VALID);
    return renderOozieSite(spec, spec.servers[0] ?? assert.fail(), {
      zookeeperConnectString: "zk:2181",
      jdbcPassword: password,
    });
  };

  void it("writes an empty password as one space, which Oozie's JPAService trims to empty", () => {
    assert.match(
      render(""),
      /<name>oozie\.service\.JPAService\.jdbc\.password<\/name>\n {4}<value> <\/value>/,
    );
  });

  void it("escapes a password like any value", () => {
    assert.match(render("p<&>w\nx"), /<value>p&lt;&amp;&gt;w&#xA;x<\/value>/);
  });

  for (const [title, password, reason] of [
    ["surrounding whitespace", " secret ", /JPAService trims away/],
    ["a trailing control character", "secret\u0001", /JPAService trims away/],
    ["a character XML cannot carry", "sec\u0001ret", /cannot carry/],
  ] as const) {
    void it(`refuses ${title} without showing the password`, () => {
      assert.throws(
        () => render(password),
        (error: Error) => {
          assert.match(error.message, reason);
          assert.match(error.message, /oozie\.service\.JPAService\.jdbc\.password/);
          assert.ok(!error.message.includes("secret"), error.message);
          assert.ok(!error.message.includes("sec"), error.message);
          return true;
        },
      );
    });
  }
});

void describe("JAAS option values", () => {
  const refused: [string, string][] = [
    ["a system property reference", "/etc/${user.home}/k"],
    ["an empty reference", "${}"],
    ["an unpaired surrogate", "a\ud800"],
  ];
  for (const [title, value] of refused) {
    void it(`refuses ${title}`, () => {
      assert.equal(jaasValueProblem("keyTab", value)?.property, "keyTab");
      assert.throws(
        () => renderJaasConfig({ principal: "p@R", keytabPath: value }),
        /cannot render the JAAS file: keyTab/,
      );
    });
  }
  const quoted: [string, string][] = [
    ["/etc/oozie.keytab", '"/etc/oozie.keytab"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ["line\nbreak\r\u0000\u007f", '"line\\012break\\015\\000\\177"'],
    ["${ without a brace", '"${ without a brace"'],
    ["/* not a comment */ // either", '"/* not a comment */ // either"'],
    ["caf\u00e9 \u2028", '"caf\u00e9 \u2028"'],
  ];
  for (const [value, written] of quoted) {
    void it(`writes ${JSON.stringify(value)} as ${written}`, () => {
      assert.equal(jaasValueProblem("principal", value), undefined);
      assert.equal(jaasString(value), written);
    });
  }
});

void describe("siteValueProblem", () => {
  void it("shows the value, or the label given instead of it", () => {
    assert.match(siteValueProblem("k", "a\u0001")?.reason ?? "", /^"a\\u0001" contains/);
    assert.match(siteValueProblem("k", "a\u0001", "the password")?.reason ?? "", /^the password/);
  });
});
