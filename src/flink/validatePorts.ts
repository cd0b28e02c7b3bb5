import { publishAddressProblem } from "../common/addresses";
import type { Problem } from "../common/problems";
import * as rules from "../common/rules";
import { FLINK_DEFAULTS, type PlainFlinkArgs } from "./flinkArgs";
import { parseJobManagerPorts } from "./jobManagerPorts";

// The ports a cluster listens on and publishes, and where it publishes them.

export function validatePorts(args: PlainFlinkArgs): Problem[] {
  const problems: Problem[] = [];
  if (args.jobManagerPorts !== undefined) {
    const parsed = parseJobManagerPorts("jobManagerPorts", args.jobManagerPorts);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
    }
  }
  const restPort = args.restPort ?? FLINK_DEFAULTS.restPort;
  problems.push(...rules.definedProblems(rules.port("restPort", restPort)));
  const base = args.hostRestPortBase ?? FLINK_DEFAULTS.hostRestPortBase;
  const jobManagers = Math.max(1, Math.floor(args.jobManagers ?? FLINK_DEFAULTS.jobManagers));
  problems.push(
    ...rules.definedProblems(
      rules.portBaseProblem("hostRestPortBase", base, jobManagers, `${jobManagers} JobManagers`),
    ),
  );
  const address = args.publishAddress ?? FLINK_DEFAULTS.publishAddress;
  problems.push(
    ...rules.definedProblems(
      publishAddressProblem(
        "publishAddress",
        address,
        args.allowNonLoopbackPublish,
        "Flink's REST API (which accepts jar uploads and runs them)",
      ),
    ),
  );
  return problems;
}
