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
import type { ZooKeeperEnsembleArgs } from "./ensembleArgs";
import { serverIdsOf } from "./ensembleSpec";

// Servers on several Docker hosts: every server placed once, on an address of its own host.

export function validatePlacement(args: ZooKeeperEnsembleArgs): Problem[] {
  if (args.placement === undefined) {
    return [];
  }
  const placement = args.placement;
  const ids = serverIdsOf(args);
  const problems = unplacedProblems(ids, placement, (id) => `placement[${id}]`, {
    noun: "server",
    every: "every server",
  });
  const hosts = new HostAddresses();
  for (const [key, value] of Object.entries(placement)) {
    const property = `placement[${key}]`;
    if (!ids.includes(Number(key))) {
      problems.push(
        unknownMemberProblem(
          property,
          "server",
          key,
          "place only the servers in serverIds (or 1..size)",
        ),
      );
      continue;
    }
    const address = value.address;
    const addressProblem =
      rules.propertiesValue(`${property}.address`, address) ??
      (isIP(address) !== 0 ? undefined : rules.hostname(`${property}.address`, address));
    problems.push(
      ...rules.definedProblems(
        addressProblem ?? hosts.take(property, address),
        bindAddressProblem(`${property}.bindAddress`, value.bindAddress),
      ),
    );
  }
  return [
    ...problems,
    ...rules.definedProblems(
      nonLoopbackOptInProblem(
        args.allowNonLoopbackPublish,
        "placed servers reach each other through ports published on the hosts' addresses",
        "those ports",
      ),
    ),
    ...unsetWithPlacementProblems(args, {
      networkName: "a network cannot span hosts; leave it unset with placement",
      hostClientPortBase:
        "placed servers publish their client port on their host's address; leave it unset with placement",
      publishAddress:
        "placed servers publish their ports on their placement's bindAddress; leave it unset with placement",
    }),
  ];
}
