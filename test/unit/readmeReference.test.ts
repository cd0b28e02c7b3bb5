import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..", "..", "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

/** README reference section (its heading's component) and the args interface it documents. */
const SECTIONS: [string, string, string][] = [
  ["ZooKeeperEnsemble", "src/zookeeper/ensembleArgs.ts", "ZooKeeperEnsembleArgs"],
  ["QuorumReady", "src/gates/quorumReady.ts", "QuorumReadyArgs"],
  ["ServerRejoined", "src/gates/serverRejoined.ts", "ServerRejoinedArgs"],
  ["MembershipGuard", "src/gates/membershipGuard.ts", "MembershipGuardArgs"],
  ["MembershipApplied", "src/gates/membershipApplied.ts", "MembershipAppliedArgs"],
  ["ZNode", "src/gates/znode.ts", "ZNodeArgs"],
  ["FlinkHaCluster", "src/flink/flinkArgs.ts", "FlinkHaClusterArgs"],
  ["OozieHaCluster", "src/oozie/clusterArgs.ts", "OozieHaClusterArgs"],
  ["OozieImage", "src/oozie/imageArgs.ts", "OozieImageArgs"],
  ["HaPlatform", "src/platform/platformArgs.ts", "HaPlatformArgs"],
  ["PostgresDatabase", "src/postgres/databaseArgs.ts", "PostgresDatabaseArgs"],
  ["GeneratedPassword", "src/gates/generatedPassword.ts", "GeneratedPasswordArgs"],
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

/** The README text from `### \`<component>(` to the next heading. */
function sectionOf(component: string): string {
  const start = README.indexOf(`### \`${component}(`);
  assert.ok(start >= 0, `README has no reference section for ${component}`);
  const end = README.slice(start + 4).search(/\n#{2,3} /);
  return end < 0 ? README.slice(start) : README.slice(start, start + 4 + end);
}

// The README's reference tables are written by hand; this keeps them complete.
void describe("README reference", () => {
  for (const [component, file, name] of SECTIONS) {
    void it(`documents every input of ${component}`, () => {
      const section = sectionOf(component);
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

void describe("README stack config table", () => {
  void it("documents every key the root program reads, and no other", () => {
    const start = README.indexOf("### Stack config");
    assert.ok(start >= 0, "README has no stack config section");
    const end = README.indexOf("\n## ", start);
    const rows = [...README.slice(start, end).matchAll(/^\| `(\w+)` +\|/gm)].map((m) => m[1]);
    const keys = stackConfigKeys();
    // The reader is found: this test would pass vacuously otherwise.
    assert.ok(keys.includes("oozieImageLayout") && keys.includes("oozieDbPassword"), keys.join());
    assert.deepEqual([...rows].sort(), [...new Set(keys)].sort());
  });
});
