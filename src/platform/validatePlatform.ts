import { clashesBetween, type Claim } from "../common/ownership";
import type { Problem } from "../common/problems";
import { validateFlinkCluster } from "../flink/validateFlink";
import type { OozieDatabaseArgs } from "../oozie/clusterArgs";
import { validateOozieCluster } from "../oozie/validateCluster";
import { POSTGRES_DEFAULTS } from "../postgres/databaseArgs";
import { validatePostgresDatabase } from "../postgres/validateDatabase";
import { ENSEMBLE_DEFAULTS } from "../zookeeper/ensembleArgs";
import { defaultMaxSessionTimeout } from "../zookeeper/ensembleTiming";
import type { ZooKeeperConnection } from "../zookeeper/reference";
import { validateEnsemble } from "../zookeeper/validateEnsemble";
import { platformPartClaims } from "./partClaims";
import type { HaPlatformArgs } from "./platformArgs";

/**
 * What the parts see of the ensemble and of the platform's own database before either exists:
 * well-formed plain values, so that each part's validator checks only its own arguments. The
 * parts check the real values again when they are built.
 */
const ENSEMBLE_STAND_IN = {
  connectString: "zk-1:2181",
  readinessConnectString: "127.0.0.1:2181",
  networkName: "zk",
} as const;
const DATABASE_STAND_IN: OozieDatabaseArgs = {
  driver: "org.postgresql.Driver",
  url: `jdbc:postgresql://db:${POSTGRES_DEFAULTS.port}/${POSTGRES_DEFAULTS.database}`,
  username: POSTGRES_DEFAULTS.username,
  password: "",
};

/**
 * Every problem of every part of an {@link HaPlatform}, as the platform's own fields: a part's
 * `jobManagers` is `flink.jobManagers`. The name prefix the platform hands every part is the
 * platform's `namePrefix` (or, by default, one made from its `name`: `defaultPrefix`), so problems
 * with it are reported once, on that field. Pure: creates nothing, so the platform can refuse a
 * bad plan before any part exists.
 */
export function validatePlatform(
  name: string,
  args: HaPlatformArgs,
  defaultPrefix: string = name,
): Problem[] {
  const namePrefix = args.namePrefix ?? defaultPrefix;
  // The parts' session timeouts are checked against the timing the ensemble will have.
  const ensemble = ensembleStandIn(args);
  const prefixField = args.namePrefix === undefined ? "name" : "namePrefix";
  const parts: [string, Problem[]][] = [
    ["zookeeper", validateEnsemble(`${name}-zookeeper`, { ...args.zookeeper, namePrefix })],
  ];
  if (args.flink) {
    parts.push([
      "flink",
      validateFlinkCluster(`${name}-flink`, {
        ...args.flink,
        namePrefix,
        zookeeper: ensemble,
      }),
    ]);
  }
  if (args.oozie) {
    const runsDatabase = args.oozie.database === undefined;
    parts.push([
      "oozie",
      validateOozieCluster(`${name}-oozie`, {
        ...args.oozie,
        namePrefix,
        zookeeper: ensemble,
        ...(runsDatabase ? { database: DATABASE_STAND_IN } : {}),
      }),
    ]);
    if (runsDatabase) {
      parts.push([
        "postgres",
        validatePostgresDatabase(`${name}-db`, {
          ...args.postgres,
          namePrefix,
          networkName: ENSEMBLE_STAND_IN.networkName,
        }),
      ]);
    }
  }
  // Clashes between parts, on the later part: each part alone checked only itself.
  const partClaims = platformPartClaims(name, args, namePrefix, ensemble);
  for (const { owner, problem } of clashesBetween(
    partClaims.map((p) => ({ label: p.label, claims: p.claims.map((c) => inPart(p.part, c)) })),
  )) {
    const part = partClaims[owner]?.part ?? "zookeeper";
    parts.push([part, [{ ...problem, property: problem.property.slice(part.length + 1) }]]);
  }
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const [part, partProblems] of parts) {
    for (const problem of partProblems) {
      const ownsPrefix = problem.property === "namePrefix" || problem.property === "name";
      const property = ownsPrefix ? prefixField : `${part}.${problem.property}`;
      const reason = ownsPrefix ? `(${part}) ${problem.reason}` : problem.reason;
      const key = `${property}\n${problem.reason}`;
      if (!seen.has(key)) {
        seen.add(key);
        problems.push({ property, reason });
      }
    }
  }
  return problems;
}

/** A part's claim with its field named as the platform's (`flink.hostRestPortBase`). */
function inPart(part: string, claim: Claim): Claim {
  return { ...claim, field: `${part}.${claim.field}` };
}

/**
 * The stand-in with the timing the platform's ensemble will have. A tickTime or
 * maxSessionTimeout the ensemble refuses is reported there once; the parts then see defaults.
 */
function ensembleStandIn(args: HaPlatformArgs): ZooKeeperConnection {
  const asked = args.zookeeper?.tickTime;
  const tickTime =
    asked !== undefined && Number.isInteger(asked) && asked >= 1 && asked <= 60000
      ? asked
      : ENSEMBLE_DEFAULTS.tickTime;
  const max = args.zookeeper?.maxSessionTimeout;
  const usable =
    max !== undefined && Number.isInteger(max) && max >= 2 * tickTime && max <= 3600000;
  return {
    ...ENSEMBLE_STAND_IN,
    tickTime,
    maxSessionTimeout: usable ? max : defaultMaxSessionTimeout(tickTime),
  };
}
