/**
 * True when a database is Apache Derby by what the driver and URL mean: a driver class in
 * `org.apache.derby` (the embedded and the client driver alike) or a `jdbc:derby:` URL, also
 * behind a wrapper such as p6spy, in any case and with surrounding whitespace ignored. Derby
 * cannot back several Oozie servers: the embedded database belongs to one JVM, and Oozie's HA
 * documentation asks for MySQL, PostgreSQL or Oracle.
 */
export function isDerby(database: { readonly driver: unknown; readonly url: unknown }): boolean {
  return derbyField(database) !== undefined;
}

/**
 * A `jdbc:derby:` URL, also behind JDBC wrappers that put their own name first and hand the rest
 * to the real driver (`jdbc:p6spy:derby:`, `jdbc:log4jdbc:derby:`, `jdbc:otel:derby:`).
 */
const DERBY_URL = /^jdbc:(?:[a-z][a-z0-9_-]*:)*derby:/i;

/**
 * Which field makes the database Derby: "url" (a `jdbc:derby:` URL) or "driver"; undefined when
 * neither does. Values not known yet (outputs) make nothing Derby: they are checked again once
 * they resolve.
 */
export function derbyField(database: {
  readonly driver: unknown;
  readonly url: unknown;
}): "url" | "driver" | undefined {
  if (typeof database.url === "string" && DERBY_URL.test(database.url.trim())) {
    return "url";
  }
  if (
    typeof database.driver === "string" &&
    /^org\.apache\.derby\./i.test(database.driver.trim())
  ) {
    return "driver";
  }
  return undefined;
}
