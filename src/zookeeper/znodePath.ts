import type { Problem } from "../common/problems";
import { escapeControl } from "../common/rules";

/**
 * Checks a znode path: absolute, no empty, "." or ".." segments, no trailing slash, no control
 * characters, and outside ZooKeeper's reserved /zookeeper tree.
 */
export function znodePathProblem(property: string, path: string): Problem | undefined {
  const shown = escapeControl(path);
  if (!path.startsWith("/") || path === "/") {
    return {
      property,
      reason: `"${shown}" must be an absolute znode path below '/', such as /flink`,
    };
  }
  if (hasForbiddenCharacter(path)) {
    return { property, reason: `"${shown}" contains a control character; remove it` };
  }
  const segments = path.slice(1).split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) {
    return {
      property,
      reason: `"${shown}" has an empty, '.' or '..' segment; write it like /flink/cluster-1`,
    };
  }
  if (segments[0] === "zookeeper") {
    return {
      property,
      reason: `"${shown}" is inside ZooKeeper's reserved /zookeeper tree; choose another root`,
    };
  }
  return undefined;
}

/** Joins znode path parts, ignoring slashes at their edges. */
export function joinZnodePath(...parts: string[]): string {
  return `/${parts
    .map((p) => p.replace(/^\/+|\/+$/g, ""))
    .filter((p) => p !== "")
    .join("/")}`;
}

/** The characters ZooKeeper's own path validation (PathUtils) rejects. */
function hasForbiddenCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    if (control || (code >= 0xd800 && code <= 0xf8ff) || code >= 0xfff0) {
      return true;
    }
  }
  return false;
}
