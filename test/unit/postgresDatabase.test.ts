import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { PostgresDatabase } from "../../src";
import {
  generatedPasswordProvider,
  type GeneratedPasswordOutputs,
} from "../../src/gates/generatedPasswordProvider";
import {
  isWireSecret,
  recordProgramWithSecrets,
  unwrapSecrets,
} from "../harness/oozieSecretMonitor";
import { recordProgram } from "../helpers/recordingMonitor";
import { renderHealthcheckScript } from "../../src/postgres/healthcheck";

const PASSWORD = "pulumi-nodejs:dynamic/pulumi-zk-ha:GeneratedPassword";
const CONTAINER = "docker:index/container:Container";
const VOLUME = "docker:index/volume:Volume";

void describe("PostgresDatabase under mocks", () => {
  void it("runs one server on the network with its data on a retained volume, ready before dependents", async () => {
    const monitor = await recordProgramWithSecrets(
      () =>
        new PostgresDatabase("oozie-db", {
          networkName: "ha-zk",
          namePrefix: "ha",
        }),
      {
        // What the provider's create returns: the mocks know nothing of the generated value.
        stateFor: (args) => (args.type === PASSWORD ? { value: "generated-secret" } : {}),
      },
    );
    assert.deepEqual(
      monitor.registrations.filter((r) => r.custom).map((r) => [r.type, r.name]),
      [
        [VOLUME, "oozie-db-data"],
        [PASSWORD, "oozie-db-password"],
        [CONTAINER, "oozie-db-server"],
      ],
    );
    const volume = monitor.byName("oozie-db-data");
    assert.deepEqual(volume.inputs, {
      name: "ha-db-data",
      labels: [
        { label: "pulumi-zk-ha.database", value: "ha" },
        { label: "pulumi-zk-ha.role", value: "database" },
      ],
    });
    assert.equal(volume.retainOnDelete, true);
    assert.deepEqual(volume.ignoreChanges, ["labels"]);

    const server = monitor.byName("oozie-db-server");
    assert.deepEqual(unwrapSecrets(server.inputs), {
      name: "ha-db",
      image: "postgres:17",
      hostname: "ha-db",
      restart: "unless-stopped",
      mustRun: true,
      networksAdvanced: [{ name: "ha-zk", aliases: ["ha-db"] }],
      volumes: [{ volumeName: "ha-db-data", containerPath: "/var/lib/postgresql/data" }],
      envs: ["POSTGRES_DB=oozie", "POSTGRES_PASSWORD=generated-secret", "POSTGRES_USER=oozie"],
      healthcheck: {
        tests: ["CMD-SHELL", renderHealthcheckScript(5432)],
        interval: "2s",
        timeout: "3s",
        retries: 30,
        startPeriod: "1m0s",
      },
      wait: true,
      waitTimeout: 120,
      labels: [
        { label: "pulumi-zk-ha.database", value: "ha" },
        { label: "pulumi-zk-ha.role", value: "database" },
      ],
    });
    assert.equal(server.deleteBeforeReplace, true);
    assert.deepEqual(server.replaceOnChanges, ["healthcheck"]);
    // The healthcheck reads the password from the environment: it never holds it.
    assert.ok(!JSON.stringify(server.inputs["healthcheck"]).includes("generated-secret"));
    // The password never travels in the clear: its variable is a secret on the wire.
    const wire = monitor.wireInput("oozie-db-server", "envs") as unknown[];
    assert.deepEqual(wire.map(isWireSecret), [false, true, false]);
    assert.ok(server.dependencies.includes(monitor.byName("oozie-db-password").urn));
  });

  void it("uses a given password instead of generating one, still as a secret", async () => {
    const created: PostgresDatabase[] = [];
    const monitor = await recordProgramWithSecrets(() => {
      created.push(
        new PostgresDatabase("db", {
          namePrefix: "db",
          networkName: "net",
          password: "given",
          database: "jobs",
          username: "scheduler",
          image: "zkha-test/postgres:15",
        }),
      );
    });
    const db = created[0];
    assert.ok(db);
    assert.deepEqual(
      monitor.registrations.filter((r) => r.type === PASSWORD),
      [],
    );
    assert.equal(db.jdbcUrl, "jdbc:postgresql://db-db:5432/jobs");
    assert.equal(db.username, "scheduler");
    assert.equal(await pulumi.isSecret(db.password), true);
    const envs = monitor.wireInput("db-server", "envs") as unknown[];
    assert.deepEqual(envs.map(isWireSecret), [false, true, false]);
    assert.deepEqual(unwrapSecrets(envs), [
      "POSTGRES_DB=jobs",
      "POSTGRES_PASSWORD=given",
      "POSTGRES_USER=scheduler",
    ]);
  });

  void it("refuses names the image's entrypoint cannot take, every field at once", async () => {
    let thrown: unknown;
    await recordProgram(() => {
      try {
        new PostgresDatabase("Bad Name", {
          networkName: "net",
          database: "oozie; drop",
          username: "Admin",
          readyTimeoutSeconds: 0,
        });
      } catch (error) {
        thrown = error;
      }
    });
    assert.ok(pulumi.ResourceError.isInstance(thrown), String(thrown));
    assert.deepEqual(
      (thrown as unknown as pulumi.InputPropertiesError).errors.map((e) => e.propertyPath),
      ["database", "username", "namePrefix", "readyTimeoutSeconds"],
    );
  });
});

void describe("generatedPasswordProvider", () => {
  const { check, diff, create } = generatedPasswordProvider;

  void it("draws a different url-safe password of the asked length each time", async () => {
    assert.ok(create);
    const first = (await create({ bytes: 24 })).outs as GeneratedPasswordOutputs;
    const second = (await create({ bytes: 24 })).outs as GeneratedPasswordOutputs;
    assert.match(first.value, /^[A-Za-z0-9_-]{32}$/);
    assert.notEqual(first.value, second.value);
  });

  void it("keeps the password unless its length changes, which replaces it", async () => {
    assert.ok(diff);
    const olds = { bytes: 24, value: "kept" };
    assert.deepEqual(await diff("id", olds, { bytes: 24 }), { changes: false, replaces: [] });
    assert.deepEqual(await diff("id", olds, { bytes: 32 }), { changes: true, replaces: ["bytes"] });
  });

  void it("refuses lengths too short to be safe or too long", async () => {
    assert.ok(check);
    for (const bytes of [8, 15, 65, 1.5]) {
      assert.deepEqual((await check({}, { bytes })).failures, [
        { property: "bytes", reason: `${bytes} is not allowed; use a whole number from 16 to 64` },
      ]);
    }
    assert.deepEqual((await check({}, { bytes: 16 })).failures, []);
  });
});

void describe("the database server's healthcheck script", () => {
  void it("checks TCP first, then the login, and sets the password only when the login fails", () => {
    assert.equal(
      renderHealthcheckScript(5432),
      [
        'pg_isready -q -h 127.0.0.1 -p 5432 -U "$POSTGRES_USER" -d "$POSTGRES_DB" || exit 1',
        `PGPASSWORD="$POSTGRES_PASSWORD" psql -X -h 127.0.0.1 -p 5432 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -tAc 'select 1' >/dev/null 2>&1 && exit 0`,
        `printf '%s\\n' '\\set pw \`printenv POSTGRES_PASSWORD\`' "ALTER ROLE \\"$POSTGRES_USER\\" PASSWORD :'pw';" | psql -X -q -v ON_ERROR_STOP=1 -p 5432 -U "$POSTGRES_USER" -d "$POSTGRES_DB" >/dev/null && PGPASSWORD="$POSTGRES_PASSWORD" psql -X -h 127.0.0.1 -p 5432 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -tAc 'select 1' >/dev/null 2>&1`,
      ].join("\n"),
    );
  });
});
