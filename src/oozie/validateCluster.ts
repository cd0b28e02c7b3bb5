import { publishAddressProblem } from "../common/addresses";
import { plainOnly } from "../common/plainInputs";
import type { Problem } from "../common/problems";
import * as rules from "../common/rules";
import { referenceProblems } from "../zookeeper/validateReference";
import { znodePathProblem } from "../zookeeper/znodePath";
import { OOZIE_DEFAULTS, type OozieHaClusterArgs } from "./clusterArgs";
import { parseVersion, serverCountOf } from "./clusterSpec";
import { oozieSessionProblems } from "./sessionTimeout";
import { validateKerberos } from "./validateKerberos";
import { validatePaths } from "./validatePaths";
import { validatePlacement } from "./validatePlacement";
import { validateDatabase, validateServers } from "./validateServers";
import { validateSite } from "./validateSite";

// Each concern's checks live in their own file (validateServers, validateKerberos, validatePaths,
// validateSite, validatePlacement); this one gathers them, and holds the short ones.

export { keytabProblem } from "./validateKerberos";

const VERSION = /^\d+\.\d+(\.\d+)?$/;
const DRAIN_MODES: readonly string[] = ["refuse", "safemode", "force"];

/** Every problem with the cluster's arguments; empty when they are usable. */
export function validateOozieCluster(name: string, input: OozieHaClusterArgs): Problem[] {
  // Outputs where plain values are needed are reported, and left out of the checks below;
  // baseUrl, the database's fields and site property values take outputs (checked when known).
  const { problems, args } = plainOnly(input, {
    inputs: ["image", "zookeeper", "baseUrl", "database", "env", "extraSiteProperties"],
  });
  return [
    ...problems,
    ...validateNames(name, args),
    ...validateServers(args),
    ...validateDatabase(args),
    ...validateKerberos(args),
    ...validatePaths(args),
    ...validateHttp(args),
    ...referenceProblems(args.zookeeper),
    ...validateNetwork(args),
    ...validateZooKeeper(args),
    ...validateCuratorCopy(args),
    ...validateDrain(args),
    ...validateSite(args),
    ...validatePlacement(args),
  ];
}

function validateNames(name: string, args: OozieHaClusterArgs): Problem[] {
  const property = args.namePrefix === undefined ? "name" : "namePrefix";
  const prefix = args.namePrefix ?? name;
  const alias = rules.hostname(property, `${prefix}-oozie-1`);
  return rules.definedProblems(
    alias && {
      property,
      reason: `"${prefix}" cannot start a network alias; use lowercase letters, digits and '-' (set namePrefix if the component name must differ)`,
    },
    alias === undefined ? rules.dockerName(property, `${prefix}-oozie-1`) : undefined,
  );
}

function validateHttp(args: OozieHaClusterArgs): Problem[] {
  const problems = rules.definedProblems(
    args.httpPort === undefined ? undefined : rules.port("httpPort", args.httpPort),
  );
  if (args.hostHttpPortBase !== undefined) {
    const count = Math.max(1, serverCountOf(args));
    problems.push(
      ...rules.definedProblems(
        rules.portBaseProblem("hostHttpPortBase", args.hostHttpPortBase, count, `${count} servers`),
      ),
    );
  }
  const address = args.publishAddress ?? OOZIE_DEFAULTS.publishAddress;
  problems.push(
    ...rules.definedProblems(
      publishAddressProblem(
        "publishAddress",
        address,
        args.allowNonLoopbackPublish,
        "Oozie's HTTP API",
      ),
    ),
  );
  // An Output is checked once it resolves.
  const baseUrl: unknown = args.baseUrl;
  if (typeof baseUrl === "string" || baseUrl === undefined || baseUrl === null) {
    const text = baseUrl ?? "";
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      url = undefined;
    }
    if (!url || !["http:", "https:"].includes(url.protocol) || rules.hasControlCharacter(text)) {
      problems.push({
        property: "baseUrl",
        reason: `"${rules.escapeControl(text)}" is not an http(s) URL; give the load balancer's URL, such as http://oozie.example.com:11000/oozie`,
      });
    }
  }
  return problems;
}

function validateNetwork(args: OozieHaClusterArgs): Problem[] {
  const zookeeper: unknown = args.zookeeper;
  // Placed servers join a network per host; a bad reference is reported on its own.
  if (args.placement !== undefined || typeof zookeeper !== "object" || zookeeper === null) {
    return [];
  }
  return (zookeeper as { networkName?: unknown }).networkName === undefined
    ? [
        {
          property: "zookeeper.networkName",
          reason:
            "the servers need the Docker network the ZooKeeper servers are reachable on; give the connection's networkName",
        },
      ]
    : [];
}

function validateZooKeeper(args: OozieHaClusterArgs): Problem[] {
  const namespace = args.namespace ?? OOZIE_DEFAULTS.namespace;
  const problem = /^[A-Za-z0-9._-]+$/.test(namespace)
    ? znodePathProblem("namespace", `/${namespace}`)
    : {
        property: "namespace",
        reason: `"${rules.escapeControl(namespace)}" is not a ZooKeeper namespace; use one path segment of letters, digits, '.', '_' and '-', such as oozie`,
      };
  return [...rules.definedProblems(problem), ...oozieSessionProblems(args)];
}

function validateCuratorCopy(args: OozieHaClusterArgs): Problem[] {
  const problems: Problem[] = [];
  if (args.oozieVersion !== undefined && parseVersion(args.oozieVersion) === undefined) {
    problems.push({
      property: "oozieVersion",
      reason: `"${rules.escapeControl(args.oozieVersion)}" is not a version such as 5.1.0`,
    });
  }
  const curator = args.curatorVersion;
  if (curator !== undefined && !VERSION.test(curator)) {
    problems.push({
      property: "curatorVersion",
      reason: `"${rules.escapeControl(curator)}" is not a version such as 4.2.0`,
    });
  }
  return problems;
}

function validateDrain(args: OozieHaClusterArgs): Problem[] {
  const problems: Problem[] = [];
  const mode = args.drainMode ?? OOZIE_DEFAULTS.drainMode;
  if (!DRAIN_MODES.includes(mode)) {
    problems.push({
      property: "drainMode",
      reason: `"${mode}" is not a drain mode; use "refuse", "safemode" or "force"`,
    });
  }
  // The DrainGate's provider takes at most 60 s per attempt.
  const timeouts: [string, number | undefined, number][] = [
    ["drainTimeoutSeconds", args.drainTimeoutSeconds, 3600],
    ["drainAttemptTimeoutSeconds", args.drainAttemptTimeoutSeconds, 60],
    ["serverReadyTimeoutSeconds", args.serverReadyTimeoutSeconds, 3600],
    ["readyTimeoutSeconds", args.readyTimeoutSeconds, 3600],
  ];
  problems.push(
    ...rules.definedProblems(
      ...timeouts.map(([field, value, max]) =>
        value === undefined ? undefined : rules.positiveInteger(field, value, max),
      ),
    ),
  );
  (args.drainUrls ?? []).forEach((url, index) => {
    if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(url)) {
      problems.push({
        property: `drainUrls[${index}]`,
        reason: `"${rules.escapeControl(url)}" is not an http(s) URL of an Oozie server, such as http://127.0.0.1:11000/oozie`,
      });
    }
  });
  return problems;
}
