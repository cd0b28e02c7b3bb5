import { BlockList, isIP } from "node:net";
import type { Problem } from "./problems";
import { escapeControl } from "./rules";

/**
 * Loopback addresses, as Node's own address parser reads them: 127.0.0.0/8, ::1, and their
 * IPv4-mapped forms (`::ffff:127.0.0.1`). Written forms do not matter (`0:0:0:0:0:0:0:1` is ::1).
 */
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/** True when `address` is an IP address (v4 or v6) on the loopback interface. */
export function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) {
    return false;
  }
  return LOOPBACK.check(address, family === 4 ? "ipv4" : "ipv6");
}

/**
 * The problem with a host address ports are published on: it must be an IP address (parsed, so
 * `999.1.1.1` is not one), and a loopback one unless the owner opted in with
 * `allowNonLoopbackPublish`, because `what` has no authentication by default.
 */
export function publishAddressProblem(
  property: string,
  address: unknown,
  allowNonLoopbackPublish: boolean | undefined,
  what: string,
): Problem | undefined {
  if (typeof address !== "string" || isIP(address) === 0) {
    return {
      property,
      reason: `"${escapeControl(String(address))}" is not an IP address`,
    };
  }
  if (!isLoopbackAddress(address) && allowNonLoopbackPublish !== true) {
    return {
      property,
      reason: `publishing ${what} on ${address} exposes it beyond this host without authentication; use 127.0.0.1, or set allowNonLoopbackPublish: true`,
    };
  }
  return undefined;
}

/**
 * One spelling for each address, so that addresses compare by value: an IPv6 address in its
 * compressed lowercase form (`0:0:0:0:0:0:0:1` is `::1`, `[::]` is `::`), an IPv4 one as written.
 * What is not an IP address is only trimmed and lowercased.
 */
export function canonicalAddress(address: string): string {
  const bare = address.trim().replace(/^\[(.*)\]$/, "$1");
  if (isIP(bare) !== 6) {
    return bare.toLowerCase();
  }
  // The URL parser serialises IPv6 hosts in RFC 5952's canonical form.
  return new URL(`http://[${bare}]`).hostname.slice(1, -1);
}
