import { isEndpointList } from "../common/hostPort";
import type { Problem } from "../common/problems";

// The ZooKeeper client's connect string: one check for every client component and every gate.

/**
 * The one check of a connect string every client is configured with: `host:port[,host:port...]`
 * of hostnames, IPv4 addresses or bracketed IPv6 literals, without a chroot (each client has its
 * own path setting). Nothing else can reach a rendered file.
 */
export function connectStringProblem(property: string, value: unknown): Problem | undefined {
  if (typeof value === "string" && value !== "" && isEndpointList(value)) {
    return undefined;
  }
  const shown = value === undefined ? "undefined" : JSON.stringify(value);
  return {
    property,
    reason: `${shown} is not a ZooKeeper connect string; write host:port[,host:port...] without a chroot`,
  };
}
