import type { Problem } from "../common/problems";
import * as rules from "../common/rules";
import { OOZIE_DEFAULTS, type OozieHaClusterArgs } from "./clusterArgs";

/** Paths go into shell scripts and JAAS files: keep them to characters that need no quoting. */
const SAFE_PATH = /^\/[A-Za-z0-9._/-]*$/;

/** The directories the servers use, and the command they run. */
export function validatePaths(args: OozieHaClusterArgs): Problem[] {
  const entries: [string, string | undefined][] = [
    ["home", args.home],
    ["confDir", args.confDir],
    ["libDir", args.libDir],
    ["embeddedLibDir", args.embeddedLibDir],
  ];
  const problems = rules.definedProblems(
    ...entries.map(([field, value]) =>
      value === undefined ? undefined : pathProblem(field, value),
    ),
  );
  const home = args.home ?? OOZIE_DEFAULTS.home;
  const lib = args.libDir ?? `${home}/lib`;
  const webapp = args.embeddedLibDir ?? `${home}/embedded-oozie-server/webapp/WEB-INF/lib`;
  if (problems.length === 0 && rules.trimSlash(lib) === rules.trimSlash(webapp)) {
    problems.push({
      property: "embeddedLibDir",
      reason: `"${webapp}" is also the lib dir; the webapp lib dir is a different directory`,
    });
  }
  if (
    args.command !== undefined &&
    (args.command.length === 0 || args.command.some(rules.hasControlCharacter))
  ) {
    problems.push({
      property: "command",
      reason: "give the command as a non-empty list of arguments without control characters",
    });
  }
  return problems;
}

/** The problem with a path written into scripts and JAAS files; undefined when it is usable. */
export function pathProblem(property: string, value: string): Problem | undefined {
  const basic = rules.absolutePath(property, value);
  if (basic) {
    return basic;
  }
  return SAFE_PATH.test(value)
    ? undefined
    : {
        property,
        reason: `"${rules.escapeControl(value)}" may only hold letters, digits, '.', '_', '-' and '/': it is written into scripts and JAAS files`,
      };
}
