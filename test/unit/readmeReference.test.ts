import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..", "..", "..");
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), "utf8");
const README = read("README.md");

/**
 * Each reference section (the page, its heading's component) and the args interface it
 * documents: the components in README, the gates in docs/gates.md.
 */
const SECTIONS: [string, string, string, string][] = [
  ["README.md", "ZooKeeperEnsemble", "src/zookeeper/ensembleArgs.ts", "ZooKeeperEnsembleArgs"],
  ["docs/gates.md", "QuorumReady", "src/gates/quorumReady.ts", "QuorumReadyArgs"],
  ["docs/gates.md", "ServerRejoined", "src/gates/serverRejoined.ts", "ServerRejoinedArgs"],
  ["docs/gates.md", "MembershipGuard", "src/gates/membershipGuard.ts", "MembershipGuardArgs"],
  ["docs/gates.md", "MembershipApplied", "src/gates/membershipApplied.ts", "MembershipAppliedArgs"],
  ["docs/gates.md", "ZNode", "src/gates/znode.ts", "ZNodeArgs"],
  ["README.md", "FlinkHaCluster", "src/flink/flinkArgs.ts", "FlinkHaClusterArgs"],
  ["README.md", "OozieHaCluster", "src/oozie/clusterArgs.ts", "OozieHaClusterArgs"],
  ["README.md", "OozieImage", "src/oozie/imageArgs.ts", "OozieImageArgs"],
  ["README.md", "HaPlatform", "src/platform/platformArgs.ts", "HaPlatformArgs"],
  ["README.md", "PostgresDatabase", "src/postgres/databaseArgs.ts", "PostgresDatabaseArgs"],
  ["docs/gates.md", "GeneratedPassword", "src/gates/generatedPassword.ts", "GeneratedPasswordArgs"],
];

/** The property names of an exported interface, read from the TypeScript source. */
function inputsOf(file: string, name: string): string[] {
  const source = ts.createSourceFile(
    file,
    fs.readFileSync(path.join(ROOT, file), "utf8"),
    ts.ScriptTarget.Latest,
    true,
  );
  const found = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name,
  );
  assert.ok(found, `${name} not in ${file}`);
  return found.members.map((m) => m.name?.getText(source) ?? "");
}

/** The page's text from its `#… \`<component>(` heading to the next heading. */
function sectionOf(page: string, component: string): string {
  const text = read(page);
  const start = text.search(new RegExp(`^#{2,3} \`${component}\\(`, "m"));
  assert.ok(start >= 0, `${page} has no reference section for ${component}`);
  const end = text.slice(start + 4).search(/\n#{2,3} /);
  return end < 0 ? text.slice(start) : text.slice(start, start + 4 + end);
}

// The reference tables are written by hand; this keeps them complete.
void describe("README and docs/gates.md reference", () => {
  for (const [page, component, file, name] of SECTIONS) {
    void it(`documents every input of ${component} in ${page}`, () => {
      const section = sectionOf(page, component);
      const inputs = inputsOf(file, name);
      assert.ok(inputs.length > 0);
      assert.deepEqual(
        inputs.filter((input) => !section.includes(`\`${input}\``)),
        [],
      );
    });
  }
});

/** The root program's stack config keys: every `read.<getter>("<key>"` in src/program. */
function stackConfigKeys(): string[] {
  const dir = path.join(ROOT, "src", "program");
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith(".ts"))
    .flatMap((file) => [
      ...fs.readFileSync(path.join(dir, file), "utf8").matchAll(/\bread\.\w+\(\s*"(\w+)"/g),
    ])
    .map((match) => match[1] ?? "");
}

void describe("docs/stack-config.md table", () => {
  void it("documents every key the root program reads, and no other", () => {
    const page = read("docs/stack-config.md");
    const rows = [...page.matchAll(/^\| `(\w+)` +\|/gm)].map((m) => m[1]);
    const keys = stackConfigKeys();
    // The reader is found: this test would pass vacuously otherwise.
    assert.ok(keys.includes("oozieImageLayout") && keys.includes("oozieDbPassword"), keys.join());
    assert.deepEqual([...rows].sort(), [...new Set(keys)].sort());
  });
});

void describe("README a newcomer can read", () => {
  void it("stays under 400 lines, with the two set-up commands and the unit-only first try", () => {
    assert.ok(README.split("\n").length < 400, `${README.split("\n").length} lines`);
    assert.deepEqual(
      [...README.matchAll(/^```sh\n([^`]*)```$/gm)].map((m) => m[1]?.trim()),
      ["npm ci && npm start", "npm test"],
    );
    assert.match(README, /`npm run test:unit`/);
  });

  void it("links only to pages that exist", () => {
    const links = [...README.matchAll(/\]\((docs\/[^)]+)\)/g)].map((m) => m[1] ?? "");
    assert.ok(links.length >= 8, links.join());
    assert.deepEqual(
      links.filter((link) => !fs.existsSync(path.join(ROOT, link))),
      [],
    );
  });
});
