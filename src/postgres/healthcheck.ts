// The database server's healthcheck: ready only once a client can log in with the password the
// stack holds now, which it makes true when the data is older than that password.

/**
 * A shell script for the healthcheck (run inside the server's container, as `CMD-SHELL`). It
 * passes once the server answers on TCP (during its first initialisation the image serves the
 * Unix socket only, which must not count) and the user logs in over TCP with
 * `$POSTGRES_PASSWORD`. When that login fails, the data directory predates the password: the
 * image reads `POSTGRES_PASSWORD` only when it initialises an empty directory, so a database
 * volume kept across `pulumi destroy` (or given a new password) keeps the old one. The script
 * then sets the role's password over the socket, where the image trusts local connections, and
 * checks the login again. The password is read from the environment, so it never appears in
 * the container's inputs or arguments.
 */
export function renderHealthcheckScript(port: number): string {
  const target = `-p ${port} -U "$POSTGRES_USER" -d "$POSTGRES_DB"`;
  const login = `PGPASSWORD="$POSTGRES_PASSWORD" psql -X -h 127.0.0.1 ${target} -tAc 'select 1' >/dev/null 2>&1`;
  const setPassword = [
    // psql reads the password itself: no argument carries it.
    `printf '%s\\n' '\\set pw \`printenv POSTGRES_PASSWORD\`' "ALTER ROLE \\"$POSTGRES_USER\\" PASSWORD :'pw';"`,
    `psql -X -q -v ON_ERROR_STOP=1 ${target} >/dev/null`,
  ].join(" | ");
  return [
    `pg_isready -q -h 127.0.0.1 ${target} || exit 1`,
    `${login} && exit 0`,
    `${setPassword} && ${login}`,
  ].join("\n");
}
