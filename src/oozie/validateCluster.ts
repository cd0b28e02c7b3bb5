import { isIP } from "node:net";
import { publishAddressProblem } from "../common/addresses";
import { plainOnly } from "../common/plainInputs";
import type { Problem } from "../common/problems";
import * as rules from "../common/rules";
import { znodePathProblem } from "../zookeeper/znodePath";
import { INSTANCE_ID_ENV, OOZIE_DEFAULTS, type OozieHaClusterArgs } from "./clusterArgs";
import { parseVersion, serverCountOf } from "./clusterSpec";
import { derbyField } from "./derby";
import { MANAGED_SITE_KEYS, siteValueProblem } from "./oozieSite";

const JAVA_CLASS = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;
const SITE_KEY = /^[A-Za-z][A-Za-z0-9._-]*$/;
/** Paths go into shell scripts and JAAS files: keep them to characters that need no quoting. */
const SAFE_PATH = /^\/[A-Za-z0-9._/-]*$/;
const PRINCIPAL = /^[A-Za-z0-9._/-]+@[A-Za-z0-9._-]+$/;
const VERSION = /^\d+\.\d+(\.\d+)?$/;
const DRAIN_MODES: readonly string[] = ["refuse", "safemode", "force"];
const MAX_SERVERS = 9;
/** What zookeeperSessionTimeoutSeconds may be; ZooKeeper then clamps it to 2..20 ticks. */
const MIN_SESSION_TIMEOUT_SECONDS = 2;
const MAX_SESSION_TIMEOUT_SECONDS = 3600;

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
    ...validateZooKeeper(args),
    ...validateCuratorCopy(args),
    ...validateDrain(args),
    ...validateSite(args),
    ...validatePlacement(args),
  ];
}

function validatePlacement(args: OozieHaClusterArgs): Problem[] {
  if (args.placement === undefined) {
    return [];
  }
  const placement = args.placement;
  const count = serverCountOf(args);
  // A bad serverCount is reported by validateServers; then only the entries themselves are checked.
  const indexes =
    Number.isInteger(count) && count >= 1 && count <= MAX_SERVERS ? range(1, count) : undefined;
  const problems: Problem[] = (indexes ?? [])
    .filter((index) => !(index in placement))
    .map((index) => ({
      property: `placement[${index}]`,
      reason: `server ${index} has no placement; place every server or none`,
    }));
  const addresses = new Map<string, string>();
  for (const [key, value] of Object.entries(placement)) {
    const property = `placement[${key}]`;
    if (indexes && !indexes.includes(Number(key))) {
      problems.push({
        property,
        reason: `there is no server ${key}; place only servers 1..${count} (serverCount)`,
      });
      continue;
    }
    const address = value.address;
    if (isIP(address) === 0) {
      problems.push({
        property: `${property}.address`,
        reason: `"${rules.escapeControl(address)}" is not an IP address; give the host's IP: the other servers' containers map this server's name to it in /etc/hosts, which takes IP addresses only`,
      });
    } else if (addresses.has(address)) {
      problems.push({
        property: `${property}.address`,
        reason: `${address} is also the address of ${addresses.get(address) ?? ""}; place one server per host`,
      });
    } else {
      addresses.set(address, property);
    }
    if (value.bindAddress !== undefined && isIP(value.bindAddress) === 0) {
      problems.push({
        property: `${property}.bindAddress`,
        reason: `"${rules.escapeControl(value.bindAddress)}" is not an IP address`,
      });
    }
  }
  if (args.allowNonLoopbackPublish !== true) {
    problems.push({
      property: "allowNonLoopbackPublish",
      reason:
        "placed servers publish their HTTP port on their host's address, beyond loopback; set allowNonLoopbackPublish: true and firewall that port",
    });
  }
  if (args.hostHttpPortBase !== undefined) {
    problems.push({
      property: "hostHttpPortBase",
      reason:
        "placed servers publish httpPort itself on their host's address; leave hostHttpPortBase unset with placement",
    });
  }
  return problems;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
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

function validateServers(args: OozieHaClusterArgs): Problem[] {
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

function validateDatabase(args: OozieHaClusterArgs): Problem[] {
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
  if (typeof db.url === "string" && (!/^jdbc:[a-z0-9]+:/i.test(db.url) || hasControl(db.url))) {
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
  if (typeof db.username === "string" && (db.username === "" || hasControl(db.username))) {
    problems.push({
      property: "database.username",
      reason: "give the database user name (no control characters)",
    });
  }
  return problems;
}

function validateKerberos(args: OozieHaClusterArgs): Problem[] {
  const problems: Problem[] = [];
  if (args.secure === true && !args.kerberos) {
    problems.push({
      property: "kerberos",
      reason:
        "secure: true needs a Kerberos principal and keytab for the ZooKeeper SASL login; set kerberos: { principal, keytabBase64 }, or remove secure",
    });
  }
  if (args.kerberos) {
    if (args.secure !== true) {
      problems.push({
        property: "secure",
        reason: "kerberos is set but secure is not true; set secure: true or remove kerberos",
      });
    }
    const principal = args.kerberos.principal;
    if (typeof principal !== "string" || principal.trim() === "") {
      problems.push({
        property: "kerberos.principal",
        reason:
          "is empty; give the Oozie servers' Kerberos service principal, such as oozie/_HOST@EXAMPLE.COM",
      });
    } else if (!PRINCIPAL.test(principal)) {
      problems.push({
        property: "kerberos.principal",
        reason: `"${rules.escapeControl(principal)}" is not a Kerberos principal such as oozie/_HOST@EXAMPLE.COM`,
      });
    }
    // A keytab known only once it resolves (an Output) is checked then, by OozieHaCluster.
    // (Missing altogether counts as empty: callers in plain JavaScript have no type checks.)
    const keytab: unknown = args.kerberos.keytabBase64;
    if (typeof keytab === "string" || keytab === undefined || keytab === null) {
      const problem = keytabProblem(keytab ?? undefined);
      if (problem) {
        problems.push(problem);
      }
    }
    if (args.kerberos.keytabPath !== undefined) {
      const problem = pathProblem("kerberos.keytabPath", args.kerberos.keytabPath);
      if (problem) {
        problems.push(problem);
      }
    }
  }
  return problems;
}

/**
 * The problem with a keytab (base64 text) that holds nothing: blank, or decoding to no bytes.
 * Secure ZooKeeper logins fail with an empty keytab only once a server starts, so it is refused
 * here. The message never holds the value, which is a secret.
 */
export function keytabProblem(keytabBase64: string | undefined): Problem | undefined {
  if (
    typeof keytabBase64 === "string" &&
    keytabBase64.trim() !== "" &&
    Buffer.from(keytabBase64, "base64").length > 0
  ) {
    return undefined;
  }
  return {
    property: "kerberos.keytabBase64",
    reason:
      "the keytab is empty; give the keytab file's bytes base64-encoded (base64 -w0 oozie.keytab), as a secret (pulumi.secret(...) or pulumi config set --secret)",
  };
}

function validatePaths(args: OozieHaClusterArgs): Problem[] {
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
  if (problems.length === 0 && trimSlash(lib) === trimSlash(webapp)) {
    problems.push({
      property: "embeddedLibDir",
      reason: `"${webapp}" is also the lib dir; the webapp lib dir is a different directory`,
    });
  }
  if (args.command !== undefined && (args.command.length === 0 || args.command.some(hasControl))) {
    problems.push({
      property: "command",
      reason: "give the command as a non-empty list of arguments without control characters",
    });
  }
  return problems;
}

function validateHttp(args: OozieHaClusterArgs): Problem[] {
  const problems = rules.definedProblems(
    args.httpPort === undefined ? undefined : rules.port("httpPort", args.httpPort),
  );
  if (args.hostHttpPortBase !== undefined) {
    const count = Math.max(1, serverCountOf(args));
    const portProblem = rules.port("hostHttpPortBase", args.hostHttpPortBase);
    if (portProblem) {
      problems.push(portProblem);
    } else if (args.hostHttpPortBase + count - 1 > 65535) {
      problems.push({
        property: "hostHttpPortBase",
        reason: `${args.hostHttpPortBase} + ${count} servers exceeds port 65535`,
      });
    }
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
    if (!url || !["http:", "https:"].includes(url.protocol) || hasControl(text)) {
      problems.push({
        property: "baseUrl",
        reason: `"${rules.escapeControl(text)}" is not an http(s) URL; give the load balancer's URL, such as http://oozie.example.com:11000/oozie`,
      });
    }
  }
  return problems;
}

function validateZooKeeper(args: OozieHaClusterArgs): Problem[] {
  const namespace = args.namespace ?? OOZIE_DEFAULTS.namespace;
  const problem = /^[A-Za-z0-9._-]+$/.test(namespace)
    ? znodePathProblem("namespace", `/${namespace}`)
    : {
        property: "namespace",
        reason: `"${rules.escapeControl(namespace)}" is not a ZooKeeper namespace; use one path segment of letters, digits, '.', '_' and '-', such as oozie`,
      };
  const timeout = args.zookeeperSessionTimeoutSeconds;
  return rules.definedProblems(
    problem,
    timeout === undefined
      ? undefined
      : rules.integerInRange(
          "zookeeperSessionTimeoutSeconds",
          timeout,
          MIN_SESSION_TIMEOUT_SECONDS,
          MAX_SESSION_TIMEOUT_SECONDS,
          "seconds; Oozie exits when its session expires, so give it a few ZooKeeper ticks: 6 is 3 ticks at tickTime 2000",
        ),
  );
}

function validateCuratorCopy(args: OozieHaClusterArgs): Problem[] {
  const problems: Problem[] = [];
  if (args.oozieVersion !== undefined && parseVersion(args.oozieVersion) === undefined) {
    problems.push({
      property: "oozieVersion",
      reason: `"${rules.escapeControl(args.oozieVersion)}" is not a version such as 5.1.0`,
    });
  }
  const curator = args.curatorVersion ?? OOZIE_DEFAULTS.curatorVersion;
  if (!VERSION.test(curator)) {
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
    ["haVerifyTimeoutSeconds", args.haVerifyTimeoutSeconds, 3600],
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

function validateSite(args: OozieHaClusterArgs): Problem[] {
  const problems: Problem[] = [];
  (args.servicesExt ?? []).forEach((service, index) => {
    if (!JAVA_CLASS.test(service.trim())) {
      problems.push({
        property: `servicesExt[${index}]`,
        reason: `"${rules.escapeControl(service)}" is not a Java class name, such as org.apache.oozie.service.ZKLocksService`,
      });
    }
  });
  if (args.env && Object.keys(args.env).includes(INSTANCE_ID_ENV)) {
    problems.push({
      property: `env["${INSTANCE_ID_ENV}"]`,
      reason: `the component sets ${INSTANCE_ID_ENV} to each server's alias (its oozie.instance.id); remove it`,
    });
  }
  for (const [key, value] of Object.entries(args.extraSiteProperties ?? {})) {
    const property = `extraSiteProperties["${rules.escapeControl(key)}"]`;
    if (!SITE_KEY.test(key)) {
      problems.push({
        property,
        reason: `"${rules.escapeControl(key)}" is not an oozie-site.xml key; use letters, digits, '.', '_' and '-'`,
      });
    } else if (MANAGED_SITE_KEYS.includes(key)) {
      problems.push({
        property,
        reason: `"${key}" is rendered by the component; set it through the matching argument instead`,
      });
    }
    // Escaped into oozie-site.xml; only what XML cannot carry, or Oozie skips, is refused.
    // An Output is checked once it resolves.
    const valueProblem = typeof value === "string" ? siteValueProblem(property, value) : undefined;
    if (valueProblem) {
      problems.push(valueProblem);
    }
  }
  return problems;
}

function pathProblem(property: string, value: string): Problem | undefined {
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

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) {
      return true;
    }
  }
  return false;
}

function trimSlash(path: string): string {
  return path.replace(/\/+$/, "");
}
