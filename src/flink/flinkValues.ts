import type { Problem } from "../common/problems";
import { escapeControl, hasControlCharacter } from "../common/rules";
import type { FlinkVersion } from "./flinkVersion";

// Which values Flink reads back exactly from each of its two configuration file formats, and how
// a value is written into config.yaml.

/** The two file formats: `config.yaml` (1.19 and later) and the legacy `flink-conf.yaml`. */
export type FlinkConfigFile = FlinkVersion["configFile"];

/**
 * Why Flink would not read `value` back exactly from its configuration file; undefined when it
 * would. The formats differ:
 *
 * - `config.yaml` is standard YAML (SnakeYAML, YAML 1.1, in 1.19 and 1.20; snakeyaml-engine,
 *   YAML 1.2, in 2.x). {@link yamlScalar} writes any text as a scalar that both read back as
 *   that string, so almost nothing is refused. But the official image's entrypoint and Flink's
 *   own start scripts rewrite and read config.yaml through Flink's dumper and filter its output
 *   line by line (bin/bash-java-utils.sh keeps only lines carrying the marker below, which the
 *   flattened `key: value` form puts on the first line of a multi-line value only, and strips
 *   the marker wherever it appears). So a value may not contain a line break in YAML 1.1's sense
 *   (LF, CR, U+0085, U+2028, U+2029: 1.19 and 1.20 dump with SnakeYAML), nor that marker.
 * - `flink-conf.yaml` (up to 1.18) is not YAML: GlobalConfiguration reads it line by line, cuts
 *   each line at the first '#', splits it at the first ': ', trims key and value and skips
 *   entries with an empty value; there are no escapes. It is read in the JVM's default charset.
 *   So a value must be non-empty printable ASCII without '#' or surrounding spaces. (': ' in a
 *   value is fine: only the first one separates the key.)
 *
 * Defaults to the stricter legacy rules, for values that must fit either file. `shown` is how
 * the reason names the value: quoted by default, a description for a secret.
 */
export function flinkValueProblem(
  property: string,
  value: string,
  configFile: FlinkConfigFile = "flink-conf.yaml",
  shown = `"${escapeControl(value)}"`,
): Problem | undefined {
  if (configFile === "config.yaml") {
    if (/[\n\r\u0085\u2028\u2029]/.test(value)) {
      return {
        property,
        reason: `${shown} contains a line break, which Flink's start scripts do not pass on: they read config.yaml back through a filter that keeps single lines; remove it`,
      };
    }
    if (value.includes(SCRIPT_MARKER)) {
      return {
        property,
        reason: `${shown} contains "${SCRIPT_MARKER}", which Flink's start scripts strip from every line of config.yaml; remove it`,
      };
    }
    return undefined;
  }
  if (value === "") {
    return {
      property,
      reason: "must not be empty: Flink before 1.19 skips a setting with an empty value",
    };
  }
  if (hasControlCharacter(value)) {
    return {
      property,
      reason: `${shown} contains a line break or control character, which would inject extra settings; remove it`,
    };
  }
  if (/[^\u0020-\u007e]/.test(value)) {
    return {
      property,
      reason: `${shown} has characters outside printable ASCII, which Flink before 1.19 reads in the JVM's default charset; use ASCII only`,
    };
  }
  if (value.includes("#")) {
    return {
      property,
      reason: `${shown} contains '#', which starts a comment in flink-conf.yaml; remove it`,
    };
  }
  if (value.trim() !== value) {
    return {
      property,
      reason: `${shown} has leading or trailing spaces, which Flink trims away; remove them`,
    };
  }
  return undefined;
}

/** The prefix of Flink's bash-java-utils output lines; the scripts delete every occurrence. */
const SCRIPT_MARKER = "BASH_JAVA_UTILS_EXEC_RESULT:";

/**
 * A YAML scalar that YAML 1.1 and 1.2 parsers both read back as `text`: plain when that is
 * unambiguous, else double-quoted with every character outside printable ASCII escaped (so the
 * file is ASCII, and U+0085/U+2028/U+2029, line breaks to YAML 1.1, never appear raw).
 *
 * Plain is used only for a canonical decimal integer (read as a number, which Flink turns back
 * into the same digits) or for text that starts with a letter, '_', '/' or "-"/"--" and a letter
 * and uses only characters without meaning in a plain scalar, excluding the words YAML 1.1
 * reads as booleans or null. Everything else, including numbers that are not canonical
 * integers ("1.0", "0x1F", "010", "1_000", "1:20" are numbers to YAML 1.1) and timestamps, is
 * quoted.
 */
export function yamlScalar(text: string): string {
  if (CANONICAL_INTEGER.test(text)) {
    return text;
  }
  if (
    PLAIN_SAFE.test(text) &&
    !YAML_WORDS.test(text) &&
    !text.includes(": ") &&
    !text.endsWith(":") &&
    !text.endsWith(" ")
  ) {
    return text;
  }
  let quoted = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"' || char === "\\") {
      quoted += `\\${char}`;
    } else if (code >= 0x20 && code <= 0x7e) {
      quoted += char;
    } else if (code <= 0xff) {
      quoted += `\\x${hex(code, 2)}`;
    } else if (code <= 0xffff) {
      quoted += `\\u${hex(code, 4)}`;
    } else {
      quoted += `\\U${hex(code, 8)}`;
    }
  }
  return `${quoted}"`;
}

const CANONICAL_INTEGER = /^(?:0|-?[1-9][0-9]*)$/;
const PLAIN_SAFE = /^(?:[A-Za-z_/]|--?[A-Za-z])[A-Za-z0-9 _./,=+:@%*-]*$/;
/** Booleans and null of YAML 1.1 (a superset of YAML 1.2's core schema words). */
const YAML_WORDS =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

function hex(code: number, digits: number): string {
  return code.toString(16).toUpperCase().padStart(digits, "0");
}
