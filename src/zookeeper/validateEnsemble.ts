import { publishAddressProblem } from "../common/addresses";
import type * as pulumi from "@pulumi/pulumi";
import { isDeferred, plainOnly } from "../common/plainInputs";
import type { Problem } from "../common/problems";
import * as rules from "../common/rules";
import { ENSEMBLE_DEFAULTS, type ZooKeeperEnsembleArgs } from "./ensembleArgs";
import { serverIdsOf } from "./ensembleSpec";
import { validatePlacement } from "./validatePlacement";
import { MANAGED_ZOO_CFG_KEYS, zooCfgValueProblem } from "./zooCfg";

const SETTING_KEY = /^[A-Za-z][A-Za-z0-9._-]*$/;
const MAX_SERVER_ID = 255;
/**
 * Paths zkServer.sh also reads from zoo.cfg, with grep and sed and without unescaping (dataDir,
 * for its pid file): only characters that need no escaping in a properties file or a shell word.
 */
const SCRIPT_SAFE_PATH = /^\/[A-Za-z0-9._/-]*$/;

/** Why some of the ensemble's inputs must be plain values, where the general reason does not say. */
const PLAIN_REASONS: Record<string, string> = {
  extraSettings:
    "its keys are checked at preview (values may be Outputs: give a record of them instead)",
};

/** Every problem with the ensemble's arguments; empty when they are usable. */
export function validateEnsemble(name: string, input: ZooKeeperEnsembleArgs): Problem[] {
  // Outputs where plain values are needed are reported, and left out of the checks below;
  // extraSettings values that are outputs are checked once they resolve, with these checks.
  const { problems, args } = plainOnly(input, {
    inputs: ["image", "networkName", "env"],
    reasons: PLAIN_REASONS,
  });
  return [
    ...problems,
    ...validateNames(name, args),
    ...validateServerIds(args),
    ...validatePorts(args),
    ...validatePublishing(args),
    ...validatePaths(args),
    ...validateTiming(args),
    ...validateExtraSettings(args.extraSettings ?? {}),
    ...validatePlacement(args),
  ];
}

function validateNames(name: string, args: ZooKeeperEnsembleArgs): Problem[] {
  const property = args.namePrefix === undefined ? "name" : "namePrefix";
  const prefix = args.namePrefix ?? name;
  // The prefix becomes part of container names and of network aliases, so both rules apply,
  // to the longest alias: the one of the highest server id.
  const validIds = serverIdsOf(args).filter(
    (id) => Number.isInteger(id) && id >= 1 && id <= MAX_SERVER_ID,
  );
  const suffix = `-zk-${Math.max(1, ...validIds)}`;
  return rules.namePrefixProblems(property, prefix, suffix);
}

function validateServerIds(args: ZooKeeperEnsembleArgs): Problem[] {
  const problems: Problem[] = [];
  if (args.serverIds === undefined) {
    const size = args.size ?? ENSEMBLE_DEFAULTS.size;
    if (!Number.isInteger(size) || size < 1) {
      problems.push({
        property: "size",
        reason: `${size} servers cannot form a quorum; use 1, 3, 5 or 7`,
      });
    } else if (size > MAX_SERVER_ID) {
      // Checked before evenness, whose hint (size + 1) would then name an impossible size.
      problems.push({
        property: "size",
        reason: `${size} exceeds the ${MAX_SERVER_ID} server ids ZooKeeper allows; use an odd size of at most ${MAX_SERVER_ID}`,
      });
    } else if (size % 2 === 0) {
      const larger = size + 1 <= MAX_SERVER_ID ? ` or ${size + 1}` : "";
      problems.push({
        property: "size",
        reason: `${size} is even: it tolerates no more failures than ${size - 1}; use ${size - 1}${larger}`,
      });
    }
    return problems;
  }
  const ids = args.serverIds;
  if (args.size !== undefined && args.size !== ids.length) {
    problems.push({
      property: "size",
      reason: `size ${args.size} disagrees with the ${ids.length} serverIds; set only one of them`,
    });
  }
  if (ids.length === 0 || ids.length % 2 === 0) {
    problems.push({
      property: "serverIds",
      reason: `${ids.length} servers ${ids.length === 0 ? "cannot form a quorum" : "is an even count, which adds no fault tolerance"}; list an odd number of ids (1, 3, 5 or 7)`,
    });
  }
  const seen = new Set<number>();
  ids.forEach((id, index) => {
    if (!Number.isInteger(id) || id < 1 || id > MAX_SERVER_ID) {
      problems.push({
        property: `serverIds[${index}]`,
        reason: `${id} is not a ZooKeeper server id; use a whole number from 1 to ${MAX_SERVER_ID}`,
      });
    } else if (seen.has(id)) {
      problems.push({
        property: `serverIds[${index}]`,
        reason: `id ${id} is listed twice; ids must be unique`,
      });
    }
    seen.add(id);
  });
  return problems;
}

function validatePorts(args: ZooKeeperEnsembleArgs): Problem[] {
  const ports: [string, number][] = [
    ["clientPort", args.clientPort ?? ENSEMBLE_DEFAULTS.clientPort],
    ["peerPort", args.peerPort ?? ENSEMBLE_DEFAULTS.peerPort],
    ["electionPort", args.electionPort ?? ENSEMBLE_DEFAULTS.electionPort],
  ];
  if (args.adminServer ?? ENSEMBLE_DEFAULTS.adminServer) {
    ports.push(["adminServerPort", args.adminServerPort ?? ENSEMBLE_DEFAULTS.adminServerPort]);
  }
  const problems = rules.definedProblems(
    ...ports.map(([field, value]) => rules.port(field, value)),
  );
  ports.forEach(([field, value], index) => {
    const earlier = ports.slice(0, index).find(([, other]) => other === value);
    if (earlier) {
      problems.push({
        property: field,
        reason: `port ${value} is already used by ${earlier[0]}; each ZooKeeper port must differ`,
      });
    }
  });
  return problems;
}

function validatePublishing(args: ZooKeeperEnsembleArgs): Problem[] {
  const problems: Problem[] = [];
  const address = args.publishAddress ?? ENSEMBLE_DEFAULTS.publishAddress;
  if (args.hostClientPortBase !== undefined) {
    const base = args.hostClientPortBase;
    const highestId = Math.max(1, ...serverIdsOf(args).filter(Number.isInteger));
    problems.push(
      ...rules.definedProblems(
        rules.portBaseProblem("hostClientPortBase", base, highestId, `server id ${highestId} - 1`),
      ),
    );
  }
  problems.push(
    ...rules.definedProblems(
      publishAddressProblem("publishAddress", address, args.allowNonLoopbackPublish, "ZooKeeper"),
    ),
  );
  return problems;
}

function validatePaths(args: ZooKeeperEnsembleArgs): Problem[] {
  const paths: [string, string][] = [
    ["confDir", args.confDir ?? ENSEMBLE_DEFAULTS.confDir],
    ["dataDir", args.dataDir ?? ENSEMBLE_DEFAULTS.dataDir],
    ["dataLogDir", args.dataLogDir ?? ENSEMBLE_DEFAULTS.dataLogDir],
  ];
  const problems: Problem[] = [];
  paths.forEach(([field, value], index) => {
    const problem = pathProblem(field, value);
    if (problem) {
      problems.push(problem);
      return;
    }
    const earlier = paths
      .slice(0, index)
      .find(([, other]) => rules.trimSlash(other) === rules.trimSlash(value));
    if (earlier) {
      problems.push({
        property: field,
        reason: `"${value}" is also ${earlier[0]}; each directory needs its own path`,
      });
    }
  });
  return problems;
}

function validateTiming(args: ZooKeeperEnsembleArgs): Problem[] {
  const optional: [string, number | undefined, number | undefined][] = [
    ["tickTime", args.tickTime, 60000],
    ["initLimit", args.initLimit, 1000],
    ["syncLimit", args.syncLimit, 1000],
    ["maxSessionTimeout", args.maxSessionTimeout, 3600000],
    ["autopurgeSnapRetainCount", args.autopurgeSnapRetainCount, 1000],
    ["readyTimeoutSeconds", args.readyTimeoutSeconds, 3600],
  ];
  const problems = rules.definedProblems(
    ...optional.map(([field, value, max]) =>
      value === undefined ? undefined : rules.positiveInteger(field, value, max),
    ),
  );
  const tickTime = args.tickTime ?? ENSEMBLE_DEFAULTS.tickTime;
  const maxSession = args.maxSessionTimeout;
  if (
    maxSession !== undefined &&
    Number.isInteger(maxSession) &&
    Number.isInteger(tickTime) &&
    maxSession < 2 * tickTime
  ) {
    problems.push({
      property: "maxSessionTimeout",
      reason: `${maxSession} ms is below the shortest session ZooKeeper grants, 2 ticks (${2 * tickTime} ms at tickTime ${tickTime}); ZooKeeper refuses to start`,
    });
  }
  const snapRetain = args.autopurgeSnapRetainCount;
  if (
    snapRetain !== undefined &&
    Number.isInteger(snapRetain) &&
    snapRetain >= 1 &&
    snapRetain < 3
  ) {
    problems.push({
      property: "autopurgeSnapRetainCount",
      reason: `ZooKeeper keeps at least 3 snapshots; use 3 or more`,
    });
  }
  const interval = args.autopurgePurgeIntervalHours;
  if (interval !== undefined && (!Number.isInteger(interval) || interval < 0)) {
    problems.push({
      property: "autopurgePurgeIntervalHours",
      reason: `${interval} is not allowed; use a whole number of hours, or 0 to turn autopurge off`,
    });
  }
  return problems;
}

function validateExtraSettings(settings: Record<string, pulumi.Input<string>>): Problem[] {
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(settings)) {
    const property = `extraSettings["${rules.escapeControl(key)}"]`;
    if (!SETTING_KEY.test(key)) {
      problems.push({
        property,
        reason: `"${rules.escapeControl(key)}" is not a zoo.cfg key; start with a letter and use letters, digits, '.', '_' and '-'`,
      });
    } else if (MANAGED_ZOO_CFG_KEYS.has(key)) {
      problems.push({
        property,
        reason: `"${key}" is rendered by the component; set it through the matching argument instead`,
      });
    } else if (isMembershipKey(key)) {
      problems.push({
        property,
        reason: `"${key}" would change the ensemble's membership: ZooKeeper reads keys starting with "server." as server lines, any key starting with "group" or "weight" as a hierarchical quorum, and "version" as the configuration's version; the component renders membership from serverIds, so remove it`,
      });
    }
    // Any text is escaped into zoo.cfg; only what ZooKeeper trims away cannot be written.
    const valueProblem = isDeferred(value)
      ? undefined
      : zooCfgValueProblem(property, value as string);
    if (valueProblem) {
      problems.push(valueProblem);
    }
  }
  return problems;
}

/**
 * confDir is only where zoo.cfg is uploaded; dataDir and dataLogDir are written into it (escaped
 * by the renderer), and zkServer.sh also reads dataDir from it, unescaped.
 */
function pathProblem(field: string, value: string): Problem | undefined {
  if (field === "confDir") {
    return rules.propertiesValue(field, value) ?? rules.absolutePath(field, value);
  }
  const problem = rules.absolutePath(field, value) ?? zooCfgValueProblem(field, value);
  if (problem || field !== "dataDir" || SCRIPT_SAFE_PATH.test(value)) {
    return problem;
  }
  return {
    property: field,
    reason: `"${rules.escapeControl(value)}" may only hold letters, digits, '.', '_', '-' and '/': zkServer.sh reads dataDir from zoo.cfg without unescaping it`,
  };
}

/**
 * Keys QuorumPeerConfig and QuorumMaj read as membership, by prefix (checked in ZooKeeper 3.9:
 * `key.startsWith("group") || key.startsWith("weight")` switches to QuorumHierarchical).
 */
function isMembershipKey(key: string): boolean {
  return (
    key.startsWith("server.") ||
    key.startsWith("group") ||
    key.startsWith("weight") ||
    key === "version"
  );
}
