import { isIP } from "node:net";
import {
  bindAddressProblem,
  HostAddresses,
  nonLoopbackOptInProblem,
  unknownMemberProblem,
  unplacedProblems,
  unsetWithPlacementProblems,
} from "../common/placement";
import type { Problem } from "../common/problems";
import * as rules from "../common/rules";
import type { OozieHaClusterArgs } from "./clusterArgs";
import { serverCountOf } from "./clusterSpec";
import { MAX_SERVERS } from "./validateServers";

/** Every problem with `placement` and the arguments it constrains; empty without placement. */
export function validatePlacement(args: OozieHaClusterArgs): Problem[] {
  if (args.placement === undefined) {
    return [];
  }
  const placement = args.placement;
  const count = serverCountOf(args);
  // A bad serverCount is reported by validateServers; then only the entries themselves are checked.
  const indexes =
    Number.isInteger(count) && count >= 1 && count <= MAX_SERVERS ? range(1, count) : undefined;
  const problems = unplacedProblems(indexes ?? [], placement, (index) => `placement[${index}]`, {
    noun: "server",
    every: "every server",
  });
  const hosts = new HostAddresses();
  for (const [key, value] of Object.entries(placement)) {
    const property = `placement[${key}]`;
    if (indexes && !indexes.includes(Number(key))) {
      problems.push(
        unknownMemberProblem(
          property,
          "server",
          key,
          `place only servers 1..${count} (serverCount)`,
        ),
      );
      continue;
    }
    // The other servers' containers map this server's alias to its address in /etc/hosts.
    const address = value.address;
    problems.push(
      ...rules.definedProblems(
        isIP(address) === 0
          ? {
              property: `${property}.address`,
              reason: `"${rules.escapeControl(address)}" is not an IP address; give the host's IP: the other servers' containers map this server's name to it in /etc/hosts, which takes IP addresses only`,
            }
          : hosts.take(property, address),
        bindAddressProblem(`${property}.bindAddress`, value.bindAddress),
      ),
    );
  }
  return [
    ...problems,
    ...rules.definedProblems(
      nonLoopbackOptInProblem(
        args.allowNonLoopbackPublish,
        "placed servers publish their HTTP port on their host's address, beyond loopback",
        "that port",
      ),
    ),
    ...unsetWithPlacementProblems(args, {
      hostHttpPortBase:
        "placed servers publish httpPort itself on their host's address; leave hostHttpPortBase unset with placement",
      publishAddress:
        "placed servers publish httpPort on their placement's bindAddress; leave it unset with placement",
    }),
  ];
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
