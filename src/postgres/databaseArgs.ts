import type * as pulumi from "@pulumi/pulumi";

export interface PostgresDatabaseArgs {
  /** Docker network the server joins; its clients reach it there by `alias`. */
  networkName: pulumi.Input<string>;
  /** Image; the official image's conventions (POSTGRES_* variables, data dir) are assumed. Defaults to "postgres:17". */
  image?: string;
  /** Database created on first start. Defaults to "oozie". */
  database?: string;
  /** Owner of the database. Defaults to "oozie". */
  username?: string;
  /**
   * Password of `username`. Defaults to a generated one, kept as a secret in the stack. Applied
   * only when the data volume is first initialised, as the official image does.
   */
  password?: pulumi.Input<string>;
  /**
   * Prefix of Docker names: container `<prefix>-db`, volume `<prefix>-db-data`. Defaults to `<project>-<stack>-<name>` (lowercased; other characters than letters, digits and '-' become '-'), so two stacks on one Docker engine never share a name; an explicit prefix is used exactly as given (see "Names, stacks and kept data" in docs/security.md).
   */
  namePrefix?: string;
  /** Keep the data volume when the component is destroyed. Defaults to true. */
  retainDataOnDelete?: boolean;
  /** How long `pulumi up` waits for the server to accept connections. Defaults to 120. */
  readyTimeoutSeconds?: number;
  /** Extra Docker labels. */
  labels?: Record<string, string>;
}

export const POSTGRES_DEFAULTS = {
  image: "postgres:17",
  database: "oozie",
  username: "oozie",
  port: 5432,
  dataDir: "/var/lib/postgresql/data",
  retainDataOnDelete: true,
  readyTimeoutSeconds: 120,
} as const;
