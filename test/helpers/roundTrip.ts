import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

// Shared by the property tests that send random strings through a renderer and back through the
// consuming program's own parser. Everything is seeded: a failure names its case, and the same
// case comes back on every run.

/** Deterministic PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fragments that mean something to at least one of the formats (Java properties, YAML, XML,
 * JAAS, Flink's line reader and scripts, Oozie's variable expansion), or to a parser's notion of
 * a line, a number or a character.
 */
const FRAGMENTS: readonly string[] = [
  "\\",
  "\\\\",
  "\\u0041",
  "\\n",
  '"',
  "'",
  ": ",
  ":",
  "#",
  " #",
  "=",
  "!",
  "</value>",
  "<value>",
  "]]>",
  "<![CDATA[",
  "&",
  "&amp;",
  "&#10;",
  "<",
  ">",
  "\u2028",
  "\u2029",
  "\u0085",
  " ",
  "  ",
  "\t",
  "\n",
  "\r",
  "\r\n",
  "\f",
  "\v",
  "\u0000",
  "\u0001",
  "\u001b",
  "\u001f",
  "\u007f",
  "\u0080",
  "\u009f",
  "\u00a0",
  "\u00e9",
  "\u2603",
  "\ufeff",
  "\ufffe",
  "\uffff",
  "\u{1f600}",
  "\ud800",
  "\udc00",
  "${",
  "${user.home}",
  "${oozie.base.url}",
  "$",
  "{",
  "}",
  "[",
  "]",
  ",",
  ";",
  "|",
  "- ",
  "-",
  "--",
  "? ",
  "*",
  "&a",
  "%",
  "@",
  "`",
  "~",
  "/*",
  "*/",
  "//",
  "null",
  "yes",
  "on",
  "true",
  "y",
  "0x1F",
  "010",
  "1:20",
  "2001-12-14",
  "1e3",
  "0.0.0.0",
  "1_000",
  "-0",
  "0",
  "6123",
  ".inf",
  "BASH_JAVA_UTILS_EXEC_RESULT:",
  "server.9=evil:1:2",
  "high-availability.type: none",
];

const PLAIN = "abcxyzABCXYZ0189._-/";

/**
 * A random string: up to `maxParts` pieces, each a fragment above, a plain character, or a random
 * code unit from printable ASCII, the BMP or beyond it. Includes the empty string.
 */
export function randomString(random: () => number, maxParts = 8): string {
  const parts = Math.floor(random() * (maxParts + 1));
  let text = "";
  for (let i = 0; i < parts; i++) {
    const kind = random();
    if (kind < 0.45) {
      text += FRAGMENTS[Math.floor(random() * FRAGMENTS.length)] ?? "";
    } else if (kind < 0.8) {
      text += PLAIN.charAt(Math.floor(random() * PLAIN.length));
    } else if (kind < 0.9) {
      text += String.fromCharCode(0x20 + Math.floor(random() * 0x5f));
    } else if (kind < 0.97) {
      text += String.fromCharCode(Math.floor(random() * 0x10000));
    } else {
      text += String.fromCodePoint(0x10000 + Math.floor(random() * 0xfffff));
    }
  }
  return text;
}

/**
 * A random setting key: mostly what key validators accept (a letter, then letters, digits,
 * '.', '_', '-'), sometimes with a character they refuse.
 */
export function randomKey(random: () => number): string {
  const first = "abcdefghijklmnopqrstuvwxyzABCXYZ";
  const rest = "abcdefghijklmnopqrstuvwxyz0189._-";
  const bad = [" ", "=", ":", "#", "!", "\\", "\n", "\u00e9", ": ", ""];
  let key = first.charAt(Math.floor(random() * first.length));
  const length = Math.floor(random() * 12);
  for (let i = 0; i < length; i++) {
    key += rest.charAt(Math.floor(random() * rest.length));
  }
  if (random() < 0.15) {
    const at = Math.floor(random() * (key.length + 1));
    key = key.slice(0, at) + (bad[Math.floor(random() * bad.length)] ?? "") + key.slice(at);
  }
  return key;
}

export { javaTrim } from "../../src/common/rules";

const READ_BACK = path.join(__dirname, "..", "..", "..", "test", "roundtrip", "ReadBack.java");
const run = promisify(execFile);

/** What ReadBack.java prints for one file. */
export interface ReadBackResult {
  readonly error?: string;
  /** zoo-cfg: the properties after ZooKeeper's trim. */
  readonly map?: Record<string, string>;
  /** hadoop-xml: the (name, value) pairs in document order. */
  readonly pairs?: [string, string][];
  /** jaas: the entries of the Client section. */
  readonly entries?: { module: string; flag: string; options: Record<string, string> }[];
}

/**
 * Reads every file content back with the JDK, in one JVM run: the consuming programs' own
 * parsers (see test/roundtrip/ReadBack.java). Needs `java` (a JDK 17 or later) on the PATH.
 */
export async function readBack(
  format: "zoo-cfg" | "hadoop-xml" | "jaas",
  contents: readonly string[],
): Promise<ReadBackResult[]> {
  const dir = await mkdtemp(path.join(tmpdir(), `read-back-${format}-`));
  try {
    const files = await Promise.all(
      contents.map(async (content, index) => {
        const file = path.join(dir, `${index}`);
        await writeFile(file, content, "utf8");
        return file;
      }),
    );
    const { stdout } = await run(
      "java",
      ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", READ_BACK, format, ...files],
      { maxBuffer: 64 * 1024 * 1024 },
    ).catch((error: unknown) => {
      throw new Error(
        `could not run the JDK's parsers (java ${READ_BACK}); a JDK 17 or later must be on the PATH: ${String(error)}`,
      );
    });
    const lines = stdout.split("\n").filter((line) => line !== "");
    assert.equal(lines.length, contents.length, "one result per file");
    return lines.map((line) => JSON.parse(line) as ReadBackResult);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Counts of a property test's cases, so a test can insist that both outcomes occurred. */
export interface Tally {
  accepted: number;
  refused: number;
}

/** Fails unless both accepted and refused cases are well represented. */
export function assertBothOutcomes(tally: Tally, minimum: number): void {
  assert.ok(tally.accepted >= minimum, `only ${tally.accepted} accepted cases`);
  assert.ok(tally.refused >= minimum, `only ${tally.refused} refused cases`);
}
