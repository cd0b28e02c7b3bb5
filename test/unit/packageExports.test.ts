import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";

const ROOT = path.join(__dirname, "..", "..", "..");
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  name: string;
  exports: unknown;
};

// The SDK's own resolver from a module file to the name its closure serialization writes into a
// dynamic provider (`require("<name>")` in the provider host); not in its typings.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { getModuleFromPath } = require("@pulumi/pulumi/runtime/closure/package") as {
  getModuleFromPath: (path: string, definition: { name: string; exports: unknown }) => string;
};

/** Every compiled module of the package, as a dependent's closure serialization names it. */
function packageModules(): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        return relative === "build/src/program" ? [] : walk(relative);
      }
      return entry.name.endsWith(".js") ? [`${PACKAGE.name}/${relative}`] : [];
    });
  return walk("build/src");
}

void describe("package exports", () => {
  void it("let a program that installed the package serialize every dynamic provider", () => {
    // Without a subpath export, a user's `pulumi up` failed: "package.json export path for
    // pulumi-zk-ha/build/src/gates/unknowns.js not found".
    const modules = packageModules();
    assert.ok(modules.includes(`${PACKAGE.name}/build/src/gates/quorumReadyProvider.js`));
    for (const module of modules) {
      // The package root is the main entry's own export; every other module exports itself.
      const expected = module === `${PACKAGE.name}/build/src/index.js` ? PACKAGE.name : module;
      assert.equal(getModuleFromPath(module, PACKAGE), expected);
    }
  });
});
