import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { FIXED_NAME, KEPT_IN_PLACE } from "../common/fixedName";
import { goSeconds } from "../common/goDuration";
import { dockerLabels, LABELS, ROLES } from "../common/labels";
import { engineOf, nameField } from "../common/claims";
import { claimAll } from "../common/ownership";
import { throwIfProblems } from "../common/problems";
import { GeneratedPassword } from "../gates/generatedPassword";
import { POSTGRES_DEFAULTS, type PostgresDatabaseArgs } from "./databaseArgs";
import { validatePostgresDatabase } from "./validateDatabase";
import { defaultNamePrefix } from "../common/namePrefix";
import { renderHealthcheckScript } from "./healthcheck";

export const POSTGRES_DATABASE_TYPE = "pulumi-zk-ha:postgres:PostgresDatabase";

/**
 * A PostgreSQL server for the Oozie servers to share: one container on the given network, its
 * data on a named volume kept across replacement and, by default, destruction, and a password
 * generated once and kept secret unless you give one. `pulumi up` waits until the server accepts
 * connections over TCP (a healthcheck with `pg_isready`), so whatever depends on it starts after.
 *
 * ## Example
 * ```ts
 * const db = new PostgresDatabase("oozie-db", { networkName: zk.networkName });
 * const oozie = new OozieHaCluster("oozie", {
 *   // ...
 *   database: { driver: "org.postgresql.Driver", url: db.jdbcUrl, username: db.username, password: db.password },
 * }, { dependsOn: [db] });
 * ```
 */
export class PostgresDatabase extends pulumi.ComponentResource {
  /** `jdbc:postgresql://<alias>:5432/<database>`, for clients on the network. */
  readonly jdbcUrl: string;
  readonly username: string;
  /**
   * The password; a Pulumi secret. It resolves once the server accepts connections, so whatever
   * uses it (an Oozie server's configuration) waits for the database without a `dependsOn`.
   */
  readonly password: pulumi.Output<string>;
  /** The network alias clients dial. */
  readonly alias: string;
  readonly container: docker.Container;
  readonly volume: docker.Volume;

  constructor(name: string, args: PostgresDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super(POSTGRES_DATABASE_TYPE, name, {}, opts);
    throwIfProblems(
      this,
      `PostgresDatabase "${name}"`,
      validatePostgresDatabase(defaultNamePrefix(name), args),
    );
    const prefix = args.namePrefix ?? defaultNamePrefix(name);
    const label = `PostgresDatabase "${name}"`;
    const field = nameField(args.namePrefix);
    const engine = engineOf(this);
    throwIfProblems(
      this,
      label,
      claimAll(this, label, [
        { kind: "container", engine, name: `${prefix}-db`, field },
        { kind: "volume", engine, name: `${prefix}-db-data`, field },
      ]),
    );
    const database = args.database ?? POSTGRES_DEFAULTS.database;
    this.username = args.username ?? POSTGRES_DEFAULTS.username;
    this.alias = `${prefix}-db`;
    this.jdbcUrl = `jdbc:postgresql://${this.alias}:${POSTGRES_DEFAULTS.port}/${database}`;
    const password = pulumi.secret(
      args.password ?? new GeneratedPassword(`${name}-password`, {}, { parent: this }).value,
    );
    const labels = dockerLabels(
      { [LABELS.role]: ROLES.database, [LABELS.database]: prefix },
      args.labels,
    );

    this.volume = new docker.Volume(
      `${name}-data`,
      { name: `${prefix}-db-data`, labels },
      {
        parent: this,
        retainOnDelete: args.retainDataOnDelete ?? POSTGRES_DEFAULTS.retainDataOnDelete,
        ...KEPT_IN_PLACE,
      },
    );
    this.container = new docker.Container(
      `${name}-server`,
      {
        name: this.alias,
        image: args.image ?? POSTGRES_DEFAULTS.image,
        hostname: this.alias,
        restart: "unless-stopped",
        mustRun: true,
        networksAdvanced: [{ name: args.networkName, aliases: [this.alias] }],
        volumes: [{ volumeName: this.volume.name, containerPath: POSTGRES_DEFAULTS.dataDir }],
        envs: [
          `POSTGRES_DB=${database}`,
          pulumi.interpolate`POSTGRES_PASSWORD=${password}`,
          `POSTGRES_USER=${this.username}`,
        ],
        healthcheck: {
          // Ready once the user logs in over TCP with the stack's password, which it sets on
          // data kept from before that password (see renderHealthcheckScript).
          tests: ["CMD-SHELL", renderHealthcheckScript(POSTGRES_DEFAULTS.port)],
          interval: goSeconds(2),
          timeout: goSeconds(3),
          retries: 30,
          startPeriod: goSeconds(60),
        },
        wait: true,
        waitTimeout: args.readyTimeoutSeconds ?? POSTGRES_DEFAULTS.readyTimeoutSeconds,
        labels,
      },
      { parent: this, replaceOnChanges: ["healthcheck"], ...FIXED_NAME },
    );

    // The container is created once its healthcheck passes (`wait`): then the password is usable.
    this.password = pulumi.secret(
      pulumi.all([password, this.container.id]).apply(([value]) => value),
    );

    this.registerOutputs({ jdbcUrl: this.jdbcUrl, username: this.username, alias: this.alias });
  }
}
