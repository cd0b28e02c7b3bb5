import type { Problem } from "./problems";

// Pure field checks shared by every component's validator. Each returns a Problem or undefined so
// validators can gather all of them before throwing.

/** Docker object names: what the engine accepts for containers, volumes and networks. */
const DOCKER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** RFC 1123 labels joined by dots: what a container alias or hostname may be. */
const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export function dockerName(property: string, value: string): Problem | undefined {
  if (DOCKER_NAME.test(value) && value.length <= 128) {
    return undefined;
  }
  return {
    property,
    reason: `"${value}" is not a valid Docker name; use letters, digits, '_', '.' and '-', starting with a letter or digit (at most 128 characters)`,
  };
}

export function hostname(property: string, value: string): Problem | undefined {
  if (HOSTNAME.test(value)) {
    return undefined;
  }
  return {
    property,
    reason: `"${value}" is not a valid hostname; use lowercase letters, digits and '-' in dot-separated labels of at most 63 characters`,
  };
}

/**
 * A component's name prefix, checked as the longest network alias and container name it starts
 * (`<prefix><longestSuffix>`): both Docker's and the hostname rules apply to it.
 */
export function namePrefixProblems(
  property: string,
  prefix: string,
  longestSuffix: string,
): Problem[] {
  const longest = `${prefix}${longestSuffix}`;
  if (hostname(property, longest)) {
    return [
      {
        property,
        reason: `"${prefix}" cannot start the network alias "${longest}"; use lowercase letters, digits and '-', at most ${63 - longestSuffix.length} characters (set namePrefix if the component name must differ)`,
      },
    ];
  }
  return definedProblems(dockerName(property, longest));
}

export function port(property: string, value: number): Problem | undefined {
  if (Number.isInteger(value) && value >= 1 && value <= 65535) {
    return undefined;
  }
  return { property, reason: `${value} is not a TCP port; use a whole number from 1 to 65535` };
}

/**
 * The first of `count` consecutive host ports: a TCP port, and the last of them still one.
 * `span` says what the ports are for, as in "3 servers"; the hint names the highest base that fits.
 */
export function portBaseProblem(
  property: string,
  base: number,
  count: number,
  span: string,
): Problem | undefined {
  return (
    port(property, base) ??
    (base + count - 1 > 65535
      ? {
          property,
          reason: `${base} + ${span} exceeds port 65535; use a base of at most ${65536 - count}`,
        }
      : undefined)
  );
}

export function positiveInteger(
  property: string,
  value: number,
  max?: number,
): Problem | undefined {
  if (Number.isInteger(value) && value >= 1 && (max === undefined || value <= max)) {
    return undefined;
  }
  const range = max === undefined ? "of at least 1" : `from 1 to ${max}`;
  return { property, reason: `${value} is not allowed; use a whole number ${range}` };
}

/**
 * A whole number from `min` to `max`; `unit` (such as "seconds; ...") follows the range in the
 * message, to say what the number counts and why the bounds are what they are.
 */
export function integerInRange(
  property: string,
  value: number,
  min: number,
  max: number,
  unit?: string,
): Problem | undefined {
  if (Number.isInteger(value) && value >= min && value <= max) {
    return undefined;
  }
  const what = unit === undefined ? "" : ` (${unit})`;
  return {
    property,
    reason: `${value} is not allowed; use a whole number from ${min} to ${max}${what}`,
  };
}

export function absolutePath(property: string, value: string): Problem | undefined {
  if (!value.startsWith("/")) {
    return { property, reason: `"${value}" must be an absolute path starting with '/'` };
  }
  if (/[\s\0]/.test(value)) {
    return { property, reason: `"${escapeControl(value)}" must not contain whitespace` };
  }
  if (value.split("/").some((segment) => segment === "..")) {
    return { property, reason: `"${value}" must not contain '..' segments` };
  }
  return undefined;
}

/**
 * A value rendered into a `key=value` properties file. A newline would start a new key (config
 * injection) and '=' or ':' in a value we render ourselves never has a legitimate use.
 */
export function propertiesValue(property: string, value: string): Problem | undefined {
  if (/[\r\n\0]/.test(value)) {
    return {
      property,
      reason: `"${escapeControl(value)}" contains a line break, which would inject extra settings; remove it`,
    };
  }
  if (value.includes("=")) {
    return {
      property,
      reason: `"${value}" contains '=', which would change how the settings file is read; remove it`,
    };
  }
  return undefined;
}

/**
 * Makes control characters visible in error messages: JSON's escapes, plus DEL, the C1 controls
 * and U+2028/U+2029, which JSON leaves as they are.
 */
export function escapeControl(value: string): string {
  return JSON.stringify(value)
    .slice(1, -1)
    .replace(
      /[\u007f-\u009f\u2028\u2029]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
}

/** Java's String.trim: strips every character up to U+0020 from both ends. */
export function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) {
    start++;
  }
  while (end > start && text.charCodeAt(end - 1) <= 0x20) {
    end--;
  }
  return text.slice(start, end);
}

/** Collects the defined problems of a list of checks. */
export function definedProblems(...checks: (Problem | undefined)[]): Problem[] {
  return checks.filter((p): p is Problem => p !== undefined);
}

/** True when `text` holds a C0 control character or DEL. */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) {
      return true;
    }
  }
  return false;
}

/** A directory path without trailing slashes, to compare two paths that name one directory. */
export function trimSlash(path: string): string {
  return path.replace(/\/+$/, "");
}
