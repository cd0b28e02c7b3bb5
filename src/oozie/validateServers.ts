import type { Problem } from "../common/problems";
import * as rules from "../common/rules";
import type { OozieHaClusterArgs } from "./clusterArgs";
import { serverCountOf } from "./clusterSpec";
import { derbyField } from "./derby";
import { JAVA_CLASS } from "./validateSite";

/** The most servers a cluster may have. */
export const MAX_SERVERS = 9;

// How many servers, and the database they share: more than one server needs one that takes
// concurrent connections.

export function validateServers(args: OozieHaClusterArgs): Problem[] {
  const count = serverCountOf(args);
  if (!Number.isInteger(count) || count < 1 || count > MAX_SERVERS) {
    return [
      {
        property: "serverCount",
        reason: `${count} is not allowed; use a whole number from 2 to ${MAX_SERVERS}`,
      },
    ];
  }
  if (count === 1 && args.allowSingleServer !== true) {
    return [
      {
        property: "serverCount",
        reason:
          "one Oozie server is not highly available; use 2 or more, or set allowSingleServer: true to opt out of HA",
      },
    ];
  }
  return [];
}

export function validateDatabase(args: OozieHaClusterArgs): Problem[] {
  const count = serverCountOf(args);
  const db = args.database;
  if (!db) {
    return count > 1
      ? [
          {
            property: "database",
            reason: `${count} servers need one shared database that takes concurrent connections (MySQL, PostgreSQL, Oracle); set database`,
          },
        ]
      : [];
  }
  // Outputs are checked once they resolve (OozieHaCluster validates the resolved arguments).
  const problems: Problem[] = [];
  if (typeof db.driver === "string" && !JAVA_CLASS.test(db.driver)) {
    problems.push({
      property: "database.driver",
      reason: `"${rules.escapeControl(db.driver)}" is not a Java class name, such as org.postgresql.Driver`,
    });
  }
  if (
    typeof db.url === "string" &&
    (!/^jdbc:[a-z0-9]+:/i.test(db.url) || rules.hasControlCharacter(db.url))
  ) {
    problems.push({
      property: "database.url",
      reason: `"${rules.escapeControl(db.url)}" is not a JDBC URL (jdbc:<subprotocol>:...)`,
    });
  }
  const derby = derbyField(db);
  if (derby !== undefined && count > 1) {
    problems.push({
      property: `database.${derby}`,
      reason: `Derby cannot be shared by ${count} servers; use a database that takes concurrent connections (MySQL, PostgreSQL, Oracle)`,
    });
  }
  if (
    typeof db.username === "string" &&
    (db.username === "" || rules.hasControlCharacter(db.username))
  ) {
    problems.push({
      property: "database.username",
      reason: "give the database user name (no control characters)",
    });
  }
  return problems;
}
