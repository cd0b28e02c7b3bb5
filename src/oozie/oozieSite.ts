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
  const body = properties
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

/** Escapes the five XML special characters; validation has already refused control characters. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/**
 * The JAAS file for ZooKeeper's SASL client: the `Client` section ZooKeeper's client library
 * reads by default (`zookeeper.sasl.clientconfig`).
 */
export function renderJaasConfig(kerberos: {
  readonly principal: string;
  readonly keytabPath: string;
}): string {
  return [
    "Client {",
    "  com.sun.security.auth.module.Krb5LoginModule required",
    "  useKeyTab=true",
    "  storeKey=true",
    "  useTicketCache=false",
    `  keyTab="${kerberos.keytabPath}"`,
    `  principal="${kerberos.principal}";`,
    "};",
    "",
  ].join("\n");
}
