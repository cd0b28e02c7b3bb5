/**
 * True when a database is Apache Derby by what the driver and URL mean: a driver class in
 * `org.apache.derby` (the embedded and the client driver alike) or a `jdbc:derby:` URL, in any
 * case and with surrounding whitespace ignored. Derby cannot back several Oozie servers: the
 * embedded database belongs to one JVM, and Oozie's HA documentation asks for MySQL,
 * PostgreSQL or Oracle.
 */
export function isDerby(database: { readonly driver: string; readonly url: string }): boolean {
  return (
    /^org\.apache\.derby\./i.test(database.driver.trim()) ||
    /^jdbc:derby:/i.test(database.url.trim())
  );
}
