import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { OozieHaClusterArgs } from "../../src/oozie/clusterArgs";
import { resolveOozieClusterSpec, type ResolvedOozieArgs } from "../../src/oozie/clusterSpec";
import { renderCuratorCopyScript, STAGING_LIB_DIR } from "../../src/oozie/curatorCopy";

const BASE: OozieHaClusterArgs & ResolvedOozieArgs = {
  image: "example/oozie:5.2.1",
  zookeeper: {
    connectString: "zk-1:2181",
    tickTime: 250,
    readinessConnectString: "127.0.0.1:1",
    networkName: "net",
  },
  baseUrl: "http://oozie-vip:11000/oozie",
  serverCount: 1,
  allowSingleServer: true,
  legacyCuratorJarCopy: true,
};

const scratch = mkdtempSync(join(tmpdir(), "curator-copy-"));
after(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * An Oozie home under the scratch dir whose webapp lib dir holds `jars` (each file's content is
 * its name), a lib dir with one jar of its own, and an empty staging dir.
 */
function oozieHome(name: string, jars: readonly string[]): { home: string; out: string } {
  const home = join(scratch, name);
  const webapp = join(home, "embedded-oozie-server/webapp/WEB-INF/lib");
  mkdirSync(webapp, { recursive: true });
  mkdirSync(join(home, "lib"));
  writeFileSync(join(home, "lib", "oozie-core.jar"), "core");
  for (const jar of jars) {
    writeFileSync(join(webapp, jar), jar);
  }
  const out = join(home, "staging");
  mkdirSync(out);
  return { home, out };
}

/** Runs the copy script with bash, as the copy container does, on a home from {@link oozieHome}. */
function runCopy(
  target: { home: string; out: string },
  curatorVersion?: string,
): { status: number | null; stdout: string; stderr: string } {
  const spec = resolveOozieClusterSpec("demo", {
    ...BASE,
    home: target.home,
    ...(curatorVersion === undefined ? {} : { curatorVersion }),
  });
  const script = renderCuratorCopyScript(spec).replace(
    `out='${STAGING_LIB_DIR}'`,
    `out='${target.out}'`,
  );
  const run = spawnSync("bash", ["-c", script], { encoding: "utf8" });
  return { status: run.status, stdout: run.stdout.trim(), stderr: run.stderr.trim() };
}

void describe("curator copy script, run by bash", () => {
  void it("copies the one jar the webapp holds, whatever its version, beside the image's lib", () => {
    const target = oozieHome("unpinned", ["curator-x-discovery-2.5.0.jar", "other.jar"]);
    const run = runCopy(target);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      run.stdout,
      `curator copy: copied ${target.home}/embedded-oozie-server/webapp/WEB-INF/lib/curator-x-discovery-2.5.0.jar to ${target.home}/lib/curator-x-discovery-2.5.0.jar`,
    );
    assert.deepEqual(readdirSync(target.out).sort(), [
      "curator-x-discovery-2.5.0.jar",
      "oozie-core.jar",
    ]);
    assert.equal(
      readFileSync(join(target.out, "curator-x-discovery-2.5.0.jar"), "utf8"),
      "curator-x-discovery-2.5.0.jar",
    );
    // A second run finds the jar in place and leaves the same files.
    const again = runCopy(target);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(
      again.stdout,
      `curator copy: ${target.home}/lib/curator-x-discovery-2.5.0.jar already present`,
    );
    assert.deepEqual(readdirSync(target.out).sort(), [
      "curator-x-discovery-2.5.0.jar",
      "oozie-core.jar",
    ]);
  });

  void it("copies exactly the pinned version when curatorVersion is set", () => {
    const target = oozieHome("pinned", [
      "curator-x-discovery-2.5.0.jar",
      "curator-x-discovery-4.2.0.jar",
    ]);
    const run = runCopy(target, "4.2.0");
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(readdirSync(target.out).sort(), [
      "curator-x-discovery-4.2.0.jar",
      "oozie-core.jar",
    ]);
  });

  void it("fails naming the pinned jar and the fix when the image holds another version", () => {
    const target = oozieHome("pinned-missing", ["curator-x-discovery-2.5.0.jar"]);
    const webapp = `${target.home}/embedded-oozie-server/webapp/WEB-INF/lib`;
    const run = runCopy(target, "4.2.0");
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      `curator copy: no curator-x-discovery-4.2.0.jar in ${webapp} to copy to ${target.home}/lib: the image does not ship one there; check curatorVersion, or leave it unset to copy the version the image holds`,
    );
    assert.deepEqual(readdirSync(target.out), []);
  });

  void it("fails when the webapp holds no curator-x-discovery jar, saying where it looked", () => {
    const target = oozieHome("none", ["curator-framework-2.5.0.jar"]);
    const run = runCopy(target);
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      `curator copy: no curator-x-discovery-[0-9]*.jar in ${target.home}/embedded-oozie-server/webapp/WEB-INF/lib to copy to ${target.home}/lib: the image does not ship one there; set embeddedLibDir to where it is`,
    );
  });

  void it("fails when several versions match, asking for curatorVersion", () => {
    const target = oozieHome("several", [
      "curator-x-discovery-2.5.0.jar",
      "curator-x-discovery-4.2.0.jar",
    ]);
    const run = runCopy(target);
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      `curator copy: several jars match curator-x-discovery-[0-9]*.jar in ${target.home}/embedded-oozie-server/webapp/WEB-INF/lib (curator-x-discovery-2.5.0.jar curator-x-discovery-4.2.0.jar); pin one with curatorVersion`,
    );
  });

  void it("fails when the image has no lib dir, naming both paths", () => {
    const target = oozieHome("no-lib", ["curator-x-discovery-2.5.0.jar"]);
    rmSync(join(target.home, "lib"), { recursive: true });
    const run = runCopy(target);
    assert.equal(run.status, 1);
    assert.equal(
      run.stderr,
      `curator copy: cannot copy ${target.home}/embedded-oozie-server/webapp/WEB-INF/lib/curator-x-discovery-2.5.0.jar to ${target.home}/lib/curator-x-discovery-2.5.0.jar: the lib dir ${target.home}/lib does not exist in the image`,
    );
  });
});
