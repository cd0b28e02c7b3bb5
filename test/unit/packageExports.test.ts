import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { OOZIE_RECIPE_DIR } from "../../src/oozie/imageArgs";

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

/** The files `npm pack` puts in the package, as paths relative to its root. */
function packedFiles(): string[] {
  const result = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.equal(result.status, 0, result.stderr);
  const [pack] = JSON.parse(result.stdout) as { files: { path: string }[] }[];
  assert.ok(pack);
  return pack.files.map((f) => f.path);
}

void describe("package contents", () => {
  void it("ship the Oozie image recipe where the installed OozieImage module looks for it", () => {
    const files = packedFiles();
    // The compiled module that resolves the recipe directory, and that directory relative to it.
    const module = "build/src/oozie/imageArgs.js";
    assert.ok(files.includes(module), "the module is not packed");
    const fromModule = path.relative(path.join(ROOT, path.dirname(module)), OOZIE_RECIPE_DIR);
    const recipe = path.posix.normalize(
      path.posix.join(path.posix.dirname(module), fromModule.split(path.sep).join("/")),
    );
    assert.equal(recipe, "images/oozie");
    assert.ok(files.includes(`${recipe}/Dockerfile`), "no Dockerfile in the package");
    // Everything the Dockerfile copies from its context is packed too.
    const dockerfile = fs.readFileSync(path.join(ROOT, recipe, "Dockerfile"), "utf8");
    const sources = [...dockerfile.matchAll(/^COPY (?!--)(\S+) /gm)].map((m) => m[1] ?? "");
    assert.deepEqual(sources, ["maven/", "conf/", "bin/oozied.sh"]);
    for (const source of sources) {
      const packed = files.filter((file) => file.startsWith(`${recipe}/${source}`));
      assert.ok(packed.length > 0, `${source} is not packed`);
    }
    for (const file of [
      "maven/pom.xml",
      "maven/assemble.sh",
      "conf/oozie-log4j.properties",
      "conf/hadoop-conf/core-site.xml",
    ]) {
      assert.ok(files.includes(`${recipe}/${file}`), `${file} is not packed`);
    }
  });
});
