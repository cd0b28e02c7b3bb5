import type { Problem } from "../common/problems";
import * as rules from "../common/rules";
import type { PostgresDatabaseArgs } from "./databaseArgs";

/** What the official image's entrypoint takes unquoted as a database or role name. */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Every problem with the arguments; empty when they can be deployed. */
export function validatePostgresDatabase(name: string, args: PostgresDatabaseArgs): Problem[] {
  const problems: Problem[] = [];
  for (const field of ["database", "username"] as const) {
    const value = args[field];
    if (value !== undefined && !IDENTIFIER.test(value)) {
      problems.push({
        property: field,
        reason: `"${value}" is not a plain PostgreSQL name; use lowercase letters, digits and '_', starting with a letter or '_' (at most 63 characters)`,
      });
    }
  }
  problems.push(...rules.namePrefixProblems("namePrefix", args.namePrefix ?? name, "-db-data"));
  if (args.readyTimeoutSeconds !== undefined) {
    problems.push(
      ...rules.definedProblems(
        rules.positiveInteger("readyTimeoutSeconds", args.readyTimeoutSeconds, 3600),
      ),
    );
  }
  return problems;
}
