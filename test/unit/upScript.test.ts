import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";

const SCRIPT = path.join(__dirname, "..", "..", "..", "scripts", "up.sh");

/** A directory of stub commands that log their arguments and exit as told. */
function stubs(commands: Record<string, string>): { dir: string; log: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkha-up-"));
  const log = path.join(dir, "calls.log");
  for (const [name, body] of Object.entries(commands)) {
    fs.writeFileSync(
      path.join(dir, name),
      `#!/bin/bash\necho "${name} $* | backend=$PULUMI_BACKEND_URL" >> "${log}"\n${body}\n`,
      { mode: 0o755 },
    );
  }
  return { dir, log };
}

function run(dir: string): { status: number | null; stderr: string } {
  const result = spawnSync("bash", [SCRIPT], {
    env: { PATH: `${dir}:/usr/bin:/bin`, HOME: dir },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: result.status, stderr: result.stderr };
}

const made: string[] = [];
after(() => {
  for (const dir of made) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

void describe("npm start (scripts/up.sh) prerequisites", () => {
  void it("stops with an install hint when the Pulumi CLI is missing", () => {
    const { dir } = stubs({ npm: "exit 0", docker: "exit 0" });
    made.push(dir);
    const result = run(dir);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^npm start: the Pulumi CLI is not installed\. Install it/m);
  });

  void it("stops when no Docker engine answers", () => {
    const { dir } = stubs({ npm: "exit 0", pulumi: "exit 0", docker: "exit 1" });
    made.push(dir);
    const result = run(dir);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^npm start: no Docker engine answers\. Start Docker/m);
  });

  void it("asks for no setting, on a stack that has none: pulumi up is the only thing it runs", () => {
    // A fresh stack: every `pulumi config get` would fail.
    const { dir, log } = stubs({
      npm: "exit 0",
      docker: "exit 0",
      pulumi: '[[ "$1 $2" == "config get" ]] && exit 1; exit 0',
    });
    made.push(dir);
    const result = run(dir);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, "");
    const calls = fs
      .readFileSync(log, "utf8")
      .split("\n")
      .filter((line) => line.startsWith("pulumi "))
      .map((line) => line.replace(/ \| backend=.*$/, ""));
    // No config is read or set: the stack builds the Oozie image and runs its own database.
    assert.deepEqual(calls, ["pulumi stack select --create dev", "pulumi up --yes --stack dev"]);
  });

  void it("runs pulumi up on a local file backend once everything is there", () => {
    const { dir, log } = stubs({ npm: "exit 0", docker: "exit 0", pulumi: "exit 0" });
    made.push(dir);
    const result = run(dir);
    assert.equal(result.status, 0, result.stderr);
    const calls = fs.readFileSync(log, "utf8").split("\n");
    const up = calls.find((line) => line.startsWith("pulumi up"));
    assert.match(up ?? "", /^pulumi up --yes --stack dev \| backend=file:\/\/.*\/\.pulumi-state$/);
    assert.ok(calls.some((line) => line.startsWith("npm run build")));
  });
});
