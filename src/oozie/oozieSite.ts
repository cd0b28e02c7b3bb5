import type { Problem } from "../common/problems";
import { escapeControl, javaTrim } from "../common/rules";
import type { OozieClusterSpec, OozieServerSpec } from "./clusterSpec";

/** Keys `renderOozieSite` writes; users cannot set them through extraSiteProperties. */
export const MANAGED_SITE_KEYS: readonly string[] = [
  "oozie.services.ext",
  "oozie.zookeeper.connection.string",
  "oozie.zookeeper.namespace",
  "oozie.zookeeper.secure",
  "oozie.zookeeper.session.timeout",
  "oozie.base.url",
  "oozie.instance.id",
  "oozie.http.hostname",
  "oozie.http.port",
  "oozie.service.JPAService.jdbc.driver",
  "oozie.service.JPAService.jdbc.url",
  "oozie.service.JPAService.jdbc.username",
  "oozie.service.JPAService.jdbc.password",
  "oozie.service.HadoopAccessorService.kerberos.enabled",
  "oozie.service.HadoopAccessorService.kerberos.principal",
  "oozie.service.HadoopAccessorService.keytab.file",
];

/** Values that only the running program knows (Outputs), resolved before rendering. */
export interface SiteValues {
  /** ZooKeeper connect string for the containers. */
  readonly zookeeperConnectString: string;
  /** The JDBC password, when a database is configured. */
  readonly jdbcPassword?: string;
}

/**
 * Renders one server's `oozie-site.xml`. Everything but the server's identity
 * (`oozie.instance.id`, `oozie.http.hostname`) is identical on every server, as HA requires.
 */
export function renderOozieSite(
  spec: OozieClusterSpec,
  server: OozieServerSpec,
  values: SiteValues,
): string {
  const properties: [string, string][] = [
    ["oozie.services.ext", spec.servicesExt.join(",")],
    ["oozie.zookeeper.connection.string", values.zookeeperConnectString],
    ["oozie.zookeeper.namespace", spec.namespace],
    ["oozie.zookeeper.secure", String(spec.secure)],
    ["oozie.zookeeper.session.timeout", String(spec.zookeeperSessionTimeoutSeconds)],
    ["oozie.base.url", spec.baseUrl],
    ["oozie.instance.id", server.alias],
    ["oozie.http.hostname", server.alias],
    ["oozie.http.port", String(spec.httpPort)],
  ];
  if (spec.database) {
    properties.push(
      ["oozie.service.JPAService.jdbc.driver", spec.database.driver],
      ["oozie.service.JPAService.jdbc.url", spec.database.url],
      ["oozie.service.JPAService.jdbc.username", spec.database.username],
      ["oozie.service.JPAService.jdbc.password", values.jdbcPassword ?? ""],
    );
  }
  if (spec.kerberos) {
    properties.push(
      ["oozie.service.HadoopAccessorService.kerberos.enabled", "true"],
      ["oozie.service.HadoopAccessorService.kerberos.principal", spec.kerberos.principal],
      ["oozie.service.HadoopAccessorService.keytab.file", spec.kerberos.keytabPath],
    );
  }
  for (const key of Object.keys(spec.extraSiteProperties).sort()) {
    properties.push([key, spec.extraSiteProperties[key] ?? ""]);
  }
  const unsafe = properties
    .map(([key, value]) =>
      key === JDBC_PASSWORD_KEY ? passwordProblem(key, value) : siteValueProblem(key, value),
    )
    .find((p) => p !== undefined);
  if (unsafe) {
    throw new Error(`cannot render oozie-site.xml: ${unsafe.property}: ${unsafe.reason}`);
  }
  const body = properties
    // Oozie's JPAService trims the password; its documented way to say "empty" is one space.
    .map(([key, value]): [string, string] => [
      key,
      key === JDBC_PASSWORD_KEY && value === "" ? " " : value,
    ])
    .map(
      ([key, value]) =>
        `  <property>\n    <name>${escapeXml(key)}</name>\n    <value>${escapeXml(value)}</value>\n  </property>`,
    )
    .join("\n");
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<!-- Rendered by pulumi-zk-ha. Edits are lost when the component next updates. -->`,
    `<configuration>`,
    body,
    `</configuration>`,
    ``,
  ].join("\n");
}

const JDBC_PASSWORD_KEY = "oozie.service.JPAService.jdbc.password";

/** The password, never shown: Oozie trims it (JPAService), so it may be empty but not padded. */
function passwordProblem(property: string, value: string): Problem | undefined {
  if (value !== "" && javaTrim(value) !== value) {
    return {
      property,
      reason:
        "the database password starts or ends with whitespace or a control character, which Oozie's JPAService trims away",
    };
  }
  return value === "" ? undefined : siteValueProblem(property, value, "the database password");
}

/**
 * Why Oozie would not read `value` back exactly from oozie-site.xml; undefined when it would.
 *
 * {@link escapeXml} writes any text XML 1.0 can hold, so what is refused is what it cannot:
 * control characters other than tab, LF and CR (not even as character references), U+FFFE,
 * U+FFFF and unpaired surrogates. And an empty value: Oozie's reader (XConfiguration, after
 * Hadoop's Configuration) skips a `<value>` without text, so Oozie would use its default.
 */
export function siteValueProblem(
  property: string,
  value: string,
  shown = `"${escapeControl(value)}"`,
): Problem | undefined {
  if (value === "") {
    return {
      property,
      reason:
        "must not be empty: Oozie skips a property whose value is empty and uses its default; remove the property to get the default",
    };
  }
  const bad = firstNonXmlCharacter(value);
  if (bad !== undefined) {
    return {
      property,
      reason: `${shown} contains ${bad < 0x20 ? "the control character" : "the character"} U+${bad.toString(16).toUpperCase().padStart(4, "0")}, which XML 1.0 cannot carry; remove it`,
    };
  }
  return undefined;
}

/**
 * Escapes text for an XML element so that a parser reads back exactly `text`: the markup
 * characters as entities, and tab, LF, CR (which a parser would normalise: CR becomes LF),
 * DEL, the C1 controls and U+2028/U+2029 as character references, so each value stays on its
 * line. Assumes {@link siteValueProblem} accepted the text.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(
      /[\t\n\r\u007f-\u009f\u2028\u2029]/g,
      (char) => `&#x${char.charCodeAt(0).toString(16).toUpperCase()};`,
    );
}

/** The first code point XML 1.0's Char production excludes, or undefined. */
function firstNonXmlCharacter(text: string): number | undefined {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      code >= 0x10000;
    if (!allowed) {
      return code;
    }
  }
  return undefined;
}

/**
 * The JAAS file for ZooKeeper's SASL client: the `Client` section ZooKeeper's client library
 * reads by default (`zookeeper.sasl.clientconfig`). Option values are quoted JAAS strings
 * ({@link jaasString}); the validator keeps principal and keytab path to plain characters.
 */
export function renderJaasConfig(kerberos: {
  readonly principal: string;
  readonly keytabPath: string;
}): string {
  const unsafe =
    jaasValueProblem("keyTab", kerberos.keytabPath) ??
    jaasValueProblem("principal", kerberos.principal);
  if (unsafe) {
    throw new Error(`cannot render the JAAS file: ${unsafe.property}: ${unsafe.reason}`);
  }
  return [
    "Client {",
    "  com.sun.security.auth.module.Krb5LoginModule required",
    "  useKeyTab=true",
    "  storeKey=true",
    "  useTicketCache=false",
    `  keyTab=${jaasString(kerberos.keytabPath)}`,
    `  principal=${jaasString(kerberos.principal)};`,
    "};",
    "",
  ].join("\n");
}

/**
 * Why the JDK's JAAS parser would not read `value` back exactly; undefined when it would. It
 * expands `${name}` in every option value into a system property (and fails on an unknown one),
 * with no way to escape it ('${' without a later '}' stays as it is); and an unpaired surrogate
 * cannot be written in the UTF-8 file.
 */
export function jaasValueProblem(property: string, value: string): Problem | undefined {
  if (/\$\{[^}]*\}/.test(value)) {
    return {
      property,
      reason: `"${escapeControl(value)}" contains "\${...}", which the JAAS parser expands as a system property; remove it`,
    };
  }
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value)) {
    return {
      property,
      reason: `"${escapeControl(value)}" is not valid Unicode text (an unpaired surrogate); remove it`,
    };
  }
  return undefined;
}

/**
 * A quoted JAAS option value. The JDK reads quoted strings with java.io.StreamTokenizer, which
 * ends a string at a line break and takes '\' escapes: '"' and '\' are escaped, and control
 * characters are written as three-digit octal escapes.
 */
export function jaasString(value: string): string {
  let quoted = '"';
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (char === '"' || char === "\\") {
      quoted += `\\${char}`;
    } else if (code < 0x20 || code === 0x7f) {
      quoted += `\\${code.toString(8).padStart(3, "0")}`;
    } else {
      quoted += char;
    }
  }
  return `${quoted}"`;
}
