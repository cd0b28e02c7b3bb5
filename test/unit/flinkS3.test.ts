import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import {
  isWireSecret,
  recordProgramWithSecrets,
  type SecretRecordingMonitor,
} from "../harness/oozieSecretMonitor";
import { recordProgram } from "../helpers/recordingMonitor";
import { FlinkHaCluster } from "../../src/flink/cluster";
import type { FlinkHaClusterArgs } from "../../src/flink/flinkArgs";
import type { FlinkS3Args } from "../../src/flink/s3Args";
import { renderFlinkConfig } from "../../src/flink/flinkConf";
import { resolveFlinkSpec } from "../../src/flink/flinkSpec";
import { resolvedFlinkArgs } from "../../src/flink/resolvedArgs";
import { validateFlinkCluster } from "../../src/flink/validateFlink";

const CONTAINER = "docker:index/container:Container";
const VOLUME = "docker:index/volume:Volume";
const MEMBERS = ["demo-jm-1", "demo-jm-2", "demo-tm-1", "demo-tm-2"];
const ZK = {
  connectString: "zk-a:2181,zk-b:2181,zk-c:2181",
  tickTime: 250,
  readinessConnectString: "127.0.0.1:2181",
  networkName: "zk-net",
};
const STORE: FlinkS3Args = {
  endpoint: "http://10.20.0.20:9000",
  region: "us-east-1",
  accessKey: "flink",
  secretKey: "s3cr3t",
};

function args(overrides: Partial<FlinkHaClusterArgs> = {}): FlinkHaClusterArgs {
  return {
    namePrefix: "demo",
    flinkVersion: "2.1.1",
    zookeeper: ZK,
    taskManagers: 2,
    storageDir: "s3://flink-ha/recovery",
    ...overrides,
  };
}

function cluster(overrides: Partial<FlinkHaClusterArgs> = {}): () => void {
  return () => new FlinkHaCluster("demo", args(overrides));
}

/** The configuration file uploaded to a member, secrets unwrapped. */
function configOf(monitor: SecretRecordingMonitor, member: string): string {
  const uploads = monitor.inputsOf(member)["uploads"] as { content: string }[];
  return uploads[0]?.content ?? assert.fail(`no upload in ${member}`);
}

function envsOf(monitor: SecretRecordingMonitor, member: string): unknown {
  return monitor.inputsOf(member)["envs"];
}

void describe("FlinkHaCluster s3: rendered settings, plugin and secret, under mocks", () => {
  let plain: SecretRecordingMonitor;
  let withS3: SecretRecordingMonitor;

  before(async () => {
    plain = await recordProgramWithSecrets(cluster());
    withS3 = await recordProgramWithSecrets(cluster({ s3: STORE }));
  });

  void it("config.yaml (2.x) gets the s3 keys after the component's own, and nothing else changes", () => {
    for (const member of MEMBERS) {
      assert.equal(
        configOf(withS3, member),
        `${configOf(plain, member)}s3.endpoint: http://10.20.0.20:9000
fs.s3a.endpoint.region: us-east-1
s3.path.style.access: "true"
s3.access-key: flink
s3.secret-key: s3cr3t
`,
        member,
      );
    }
  });

  void it("enables the S3 plugin of the image's opt/ in every JobManager and TaskManager", () => {
    const plugin = "ENABLE_BUILT_IN_PLUGINS=flink-s3-fs-hadoop-2.1.1.jar";
    assert.deepEqual(envsOf(withS3, "demo-jm-1"), [
      "JOB_MANAGER_RPC_ADDRESS=demo-flink-jm-1",
      plugin,
    ]);
    assert.deepEqual(envsOf(withS3, "demo-jm-2"), [
      "JOB_MANAGER_RPC_ADDRESS=demo-flink-jm-2",
      plugin,
    ]);
    assert.deepEqual(envsOf(withS3, "demo-tm-1"), [plugin]);
    assert.deepEqual(envsOf(withS3, "demo-tm-2"), [plugin]);
    // Without s3, the members are as they were.
    assert.deepEqual(envsOf(plain, "demo-tm-1"), []);
  });

  void it("uploads the configuration file as a secret once a secret key is set, given as a plain string", () => {
    for (const member of MEMBERS) {
      const wire = withS3.wireInput(member, "uploads") as { content: unknown }[];
      assert.ok(isWireSecret(wire[0]?.content), `${member}: ${JSON.stringify(wire[0])}`);
      const before = plain.wireInput(member, "uploads") as { content: unknown }[];
      assert.equal(isWireSecret(before[0]?.content), false, member);
    }
  });

  void it("creates no storage volume: the HA state is in S3", () => {
    assert.deepEqual(withS3.ofType(VOLUME), []);
    assert.deepEqual(
      withS3
        .ofType(CONTAINER)
        .map((c) => c.name)
        .sort(),
      MEMBERS,
    );
  });
});

void describe("FlinkHaCluster s3 options", () => {
  async function recorded(overrides: Partial<FlinkHaClusterArgs>): Promise<SecretRecordingMonitor> {
    return recordProgramWithSecrets(cluster(overrides));
  }

  void it("flink-conf.yaml (1.18) gets the same keys, written flat, and the 1.18 plugin", async () => {
    const monitor = await recorded({ flinkVersion: "1.18.1", s3: STORE });
    const base = await recorded({ flinkVersion: "1.18.1" });
    assert.equal(
      configOf(monitor, "demo-tm-1"),
      `${configOf(base, "demo-tm-1")}s3.endpoint: http://10.20.0.20:9000
fs.s3a.endpoint.region: us-east-1
s3.path.style.access: true
s3.access-key: flink
s3.secret-key: s3cr3t
`,
    );
    assert.match(configOf(monitor, "demo-tm-1"), /^# .*\(flink-conf\.yaml\)/);
    assert.deepEqual(envsOf(monitor, "demo-tm-1"), [
      "ENABLE_BUILT_IN_PLUGINS=flink-s3-fs-hadoop-1.18.1.jar",
    ]);
  });

  void it("the default plugin follows flinkVersion; a named plugin is used as given", async () => {
    const bridge = await recorded({ flinkVersion: "1.20.3", s3: { endpoint: "http://s3:9000" } });
    assert.deepEqual(envsOf(bridge, "demo-tm-2"), [
      "ENABLE_BUILT_IN_PLUGINS=flink-s3-fs-hadoop-1.20.3.jar",
    ]);
    const presto = await recorded({ s3: { plugin: "flink-s3-fs-presto-2.1.1.jar" } });
    assert.deepEqual(envsOf(presto, "demo-jm-2"), [
      "JOB_MANAGER_RPC_ADDRESS=demo-flink-jm-2",
      "ENABLE_BUILT_IN_PLUGINS=flink-s3-fs-presto-2.1.1.jar",
    ]);
  });

  void it("plugin: false leaves the environment to the image and the user", async () => {
    const monitor = await recorded({
      s3: { ...STORE, plugin: false },
      env: { ENABLE_BUILT_IN_PLUGINS: "flink-s3-fs-hadoop-2.1.1.jar;flink-gs-fs-hadoop-2.1.1.jar" },
    });
    assert.deepEqual(envsOf(monitor, "demo-jm-1"), [
      "JOB_MANAGER_RPC_ADDRESS=demo-flink-jm-1",
      "ENABLE_BUILT_IN_PLUGINS=flink-s3-fs-hadoop-2.1.1.jar;flink-gs-fs-hadoop-2.1.1.jar",
    ]);
    assert.deepEqual(envsOf(monitor, "demo-tm-1"), [
      "ENABLE_BUILT_IN_PLUGINS=flink-s3-fs-hadoop-2.1.1.jar;flink-gs-fs-hadoop-2.1.1.jar",
    ]);
    assert.match(configOf(monitor, "demo-tm-1"), /^s3\.secret-key: s3cr3t$/m);
  });

  void it("without an endpoint: AWS, virtual-host access, no credentials, and the file is not secret", async () => {
    const monitor = await recorded({ s3: { region: "eu-west-1" } });
    const base = await recorded({});
    assert.equal(
      configOf(monitor, "demo-jm-1"),
      `${configOf(base, "demo-jm-1")}fs.s3a.endpoint.region: eu-west-1
s3.path.style.access: "false"
`,
    );
    const wire = monitor.wireInput("demo-jm-1", "uploads") as { content: unknown }[];
    assert.equal(isWireSecret(wire[0]?.content), false);
  });

  void it("pathStyleAccess overrides the default either way", async () => {
    const off = await recorded({ s3: { endpoint: "https://s3.example", pathStyleAccess: false } });
    assert.match(configOf(off, "demo-tm-1"), /^s3\.path\.style\.access: "false"$/m);
    const on = await recorded({ s3: { pathStyleAccess: true } });
    assert.match(configOf(on, "demo-tm-1"), /^s3\.path\.style\.access: "true"$/m);
  });

  void it("keys from outputs are rendered once they resolve; a secret Output stays secret", async () => {
    const monitor = await recorded({
      storageDir: pulumi.output("s3a://flink-ha/recovery"),
      s3: {
        endpoint: pulumi.output("http://10.20.0.20:9000"),
        accessKey: Promise.resolve("flink"),
        secretKey: pulumi.secret("s3cr3t"),
      },
    });
    const config = configOf(monitor, "demo-tm-1");
    assert.match(config, /^high-availability\.storageDir: s3a:\/\/flink-ha\/recovery$/m);
    assert.match(config, /^s3\.endpoint: http:\/\/10\.20\.0\.20:9000$/m);
    assert.match(config, /^s3\.access-key: flink$/m);
    assert.match(config, /^s3\.secret-key: s3cr3t$/m);
    const wire = monitor.wireInput("demo-tm-1", "uploads") as { content: unknown }[];
    assert.ok(isWireSecret(wire[0]?.content));
  });

  void it("the arguments the file is rendered from are secret exactly when a secret key is set", async () => {
    const secretKeyed = resolvedFlinkArgs(args({ s3: { accessKey: "a", secretKey: "plain" } }));
    assert.equal(await pulumi.isSecret(secretKeyed), true);
    const keyless = resolvedFlinkArgs(args({ s3: { endpoint: "http://s3:9000" } }));
    assert.equal(await pulumi.isSecret(keyless), false);
  });

  void it("with placement and an s3:// storageDir, every host's members get the plugin and the keys", async () => {
    const hosts = {
      a: new docker.Provider("host-a", { host: "ssh://ops@host-a" }),
      b: new docker.Provider("host-b", { host: "ssh://ops@host-b" }),
    };
    const placed = args({
      zookeeper: { ...ZK, connectString: "10.2.0.1:2181,10.2.0.2:2181,10.2.0.3:2181" },
      taskManagers: 1,
      allowNonLoopbackPublish: true,
      placement: {
        jobManagers: {
          1: { provider: hosts.a, address: "10.1.0.11" },
          2: { provider: hosts.b, address: "10.1.0.12" },
        },
        taskManagers: { 1: { provider: hosts.b, address: "10.1.0.12" } },
      },
      s3: STORE,
    });
    assert.deepEqual(validateFlinkCluster("demo", placed), []);
    const monitor = await recordProgramWithSecrets(() => new FlinkHaCluster("demo", placed));
    for (const member of ["demo-jm-1", "demo-jm-2", "demo-tm-1"]) {
      assert.ok(
        (envsOf(monitor, member) as string[]).includes(
          "ENABLE_BUILT_IN_PLUGINS=flink-s3-fs-hadoop-2.1.1.jar",
        ),
        member,
      );
      assert.match(configOf(monitor, member), /^s3\.endpoint: http:\/\/10\.20\.0\.20:9000$/m);
    }
  });
});

void describe("FlinkHaCluster s3 validation", () => {
  const problems = (overrides: Partial<FlinkHaClusterArgs>) =>
    validateFlinkCluster("demo", args(overrides)).map((p) => [p.property, p.reason]);

  const table: [string, Partial<FlinkHaClusterArgs>, [string, string][]][] = [
    [
      "s3 with the default storage volume",
      { storageDir: undefined, s3: STORE },
      [
        [
          "s3",
          "applies to an s3:// storageDir only, and storageDir is unset, so the HA state goes to the shared Docker volume; set storageDir to a URI such as s3://bucket/flink-ha, or remove s3",
        ],
      ],
    ],
    [
      "s3 with a file:// storageDir",
      { storageDir: "file:///flink-ha", s3: STORE },
      [
        [
          "s3",
          'applies to an s3:// storageDir only, and storageDir "file:///flink-ha" is not an s3:// or s3a:// URI; set storageDir to a URI such as s3://bucket/flink-ha, or remove s3',
        ],
      ],
    ],
    [
      "s3 with an hdfs:// storageDir",
      { storageDir: "hdfs:///flink/ha", s3: {} },
      [
        [
          "s3",
          'applies to an s3:// storageDir only, and storageDir "hdfs:///flink/ha" is not an s3:// or s3a:// URI; set storageDir to a URI such as s3://bucket/flink-ha, or remove s3',
        ],
      ],
    ],
    [
      "a secret key without an access key",
      { s3: { secretKey: "s3cr3t" } },
      [
        [
          "s3.secretKey",
          "is set without s3.accessKey; an access key and a secret key go together: set s3.accessKey too, or neither to let S3A find credentials itself (environment variables, instance profile)",
        ],
      ],
    ],
    [
      "an access key without a secret key",
      { s3: { accessKey: pulumi.output("flink") } },
      [
        [
          "s3.accessKey",
          "is set without s3.secretKey; an access key and a secret key go together: set s3.secretKey too, or neither to let S3A find credentials itself (environment variables, instance profile)",
        ],
      ],
    ],
    [
      "an endpoint without a scheme",
      { s3: { endpoint: "10.20.0.20:9000" } },
      [
        [
          "s3.endpoint",
          `"10.20.0.20:9000" is not an http:// or https:// URL; write the store's address, such as http://10.20.0.20:9000, or leave s3.endpoint unset for AWS's endpoint of the region`,
        ],
      ],
    ],
    [
      "an endpoint of another scheme",
      { s3: { endpoint: "s3://10.20.0.20:9000" } },
      [
        [
          "s3.endpoint",
          `"s3://10.20.0.20:9000" is not an http:// or https:// URL; write the store's address, such as http://10.20.0.20:9000, or leave s3.endpoint unset for AWS's endpoint of the region`,
        ],
      ],
    ],
    [
      "an empty region",
      { s3: { region: "" } },
      [["s3.region", "is empty; give a value, or leave s3.region unset"]],
    ],
    [
      "a plugin that is not a jar",
      { s3: { plugin: "flink-s3-fs-hadoop-2.1.1" } },
      [
        [
          "s3.plugin",
          `"flink-s3-fs-hadoop-2.1.1" is not a jar file name; name the S3 plugin jar in the image's opt/ directory, such as flink-s3-fs-hadoop-2.1.1.jar (no '/' or ';'), or set false when the image already has an S3 plugin under plugins/`,
        ],
      ],
    ],
    [
      "a plugin given as a path",
      { s3: { plugin: "opt/flink-s3-fs-hadoop-2.1.1.jar" } },
      [
        [
          "s3.plugin",
          `"opt/flink-s3-fs-hadoop-2.1.1.jar" is not a jar file name; name the S3 plugin jar in the image's opt/ directory, such as flink-s3-fs-hadoop-2.1.1.jar (no '/' or ';'), or set false when the image already has an S3 plugin under plugins/`,
        ],
      ],
    ],
    [
      "a plugin list",
      { s3: { plugin: "flink-s3-fs-hadoop-2.1.1.jar;flink-gs-fs-hadoop-2.1.1.jar" } },
      [
        [
          "s3.plugin",
          `"flink-s3-fs-hadoop-2.1.1.jar;flink-gs-fs-hadoop-2.1.1.jar" is not a jar file name; name the S3 plugin jar in the image's opt/ directory, such as flink-s3-fs-hadoop-2.1.1.jar (no '/' or ';'), or set false when the image already has an S3 plugin under plugins/`,
        ],
      ],
    ],
    [
      "a default plugin named after a release line",
      { flinkVersion: "1.20", s3: {} },
      [
        [
          "s3.plugin",
          `defaults to "flink-s3-fs-hadoop-1.20.jar", which no image has: the jars in opt/ carry the full release; give flinkVersion as the image's full release (such as 2.1.1), or name the jar in s3.plugin`,
        ],
      ],
    ],
    [
      "the user's own ENABLE_BUILT_IN_PLUGINS beside the component's",
      { s3: {}, env: { ENABLE_BUILT_IN_PLUGINS: "flink-gs-fs-hadoop-2.1.1.jar" } },
      [
        [
          'env["ENABLE_BUILT_IN_PLUGINS"]',
          `is set by the component to "flink-s3-fs-hadoop-2.1.1.jar" for s3; to enable other plugins too, set s3.plugin: false and add "flink-s3-fs-hadoop-2.1.1.jar" to your list here (names separated by ';'), or remove it from env`,
        ],
      ],
    ],
    [
      "an access key flink-conf.yaml cannot hold",
      { flinkVersion: "1.18.1", s3: { accessKey: "fl#nk", secretKey: "s3cr3t" } },
      [
        [
          "s3.accessKey",
          `"fl#nk" contains '#', which starts a comment in flink-conf.yaml; remove it`,
        ],
      ],
    ],
    [
      "a secret key with a line break, without showing it",
      { s3: { accessKey: "flink", secretKey: "s3cr3t\nrest.port: 1" } },
      [
        [
          "s3.secretKey",
          "the secret key contains a line break, which Flink's start scripts do not pass on: they read config.yaml back through a filter that keeps single lines; remove it",
        ],
      ],
    ],
  ];
  for (const [title, overrides, expected] of table) {
    void it(`refuses ${title}`, () => {
      assert.deepEqual(problems(overrides), expected);
    });
  }

  // Every spelling Flink's S3 filesystem hands to the same S3A setting: the prefixes s3.,
  // s3a. and fs.s3a., and the dashed keys it mirrors to S3A's dotted ones.
  for (const [key, field, s3aKey] of [
    ["s3.endpoint", "endpoint", "fs.s3a.endpoint"],
    ["s3a.endpoint", "endpoint", "fs.s3a.endpoint"],
    ["fs.s3a.endpoint", "endpoint", "fs.s3a.endpoint"],
    ["s3.endpoint.region", "region", "fs.s3a.endpoint.region"],
    ["fs.s3a.endpoint.region", "region", "fs.s3a.endpoint.region"],
    ["s3.path.style.access", "pathStyleAccess", "fs.s3a.path.style.access"],
    ["s3.path-style-access", "pathStyleAccess", "fs.s3a.path.style.access"],
    ["fs.s3a.path.style.access", "pathStyleAccess", "fs.s3a.path.style.access"],
    ["s3.access-key", "accessKey", "fs.s3a.access.key"],
    ["s3a.access-key", "accessKey", "fs.s3a.access.key"],
    ["fs.s3a.access.key", "accessKey", "fs.s3a.access.key"],
    ["s3.secret-key", "secretKey", "fs.s3a.secret.key"],
    ["s3a.secret.key", "secretKey", "fs.s3a.secret.key"],
    ["fs.s3a.secret-key", "secretKey", "fs.s3a.secret.key"],
  ] as const) {
    void it(`refuses extraSettings["${key}"] beside s3, naming s3.${field}, and takes it without s3`, () => {
      assert.deepEqual(problems({ s3: {}, extraSettings: { [key]: "x" } }), [
        [
          `extraSettings["${key}"]`,
          `"${key}" reaches S3A as ${s3aKey}, which the component's s3 option sets; set it through s3.${field} instead`,
        ],
      ]);
      assert.deepEqual(problems({ extraSettings: { [key]: "x" } }), []);
    });
  }

  void it("refuses an extra setting that would nest with an s3 key in config.yaml, not in flink-conf.yaml", () => {
    const extraSettings = { "s3.endpoint.fips": "true" };
    assert.deepEqual(problems({ s3: { endpoint: "http://s3:9000" }, extraSettings }), [
      [
        'extraSettings["s3.endpoint.fips"]',
        `"s3.endpoint.fips" and "s3.endpoint" cannot both be set in config.yaml: Flink's start scripts rewrite it as nested YAML, where one key cannot be both a value and a section; remove "s3.endpoint.fips"`,
      ],
    ]);
    assert.deepEqual(problems({ flinkVersion: "1.18.1", s3: {}, extraSettings }), []);
  });

  void it("takes s3a://, outputs whose values are checked later, and other S3 settings through extraSettings", () => {
    assert.deepEqual(problems({ storageDir: "s3a://flink-ha/recovery", s3: STORE }), []);
    assert.deepEqual(
      problems({
        storageDir: pulumi.output("file:///not-yet-known"),
        s3: { endpoint: pulumi.output("not a URL"), accessKey: "a", secretKey: pulumi.secret("") },
      }),
      [],
    );
    assert.deepEqual(
      problems({ s3: STORE, extraSettings: { "s3.directory.marker.retention": "keep" } }),
      [],
    );
  });

  void it("refuses at preview, before creating anything, listing every s3 problem at once", async () => {
    let thrown: unknown;
    const monitor = await recordProgram(() => {
      try {
        cluster({ storageDir: undefined, s3: { secretKey: "s3cr3t", plugin: "x.zip" } })();
      } catch (error) {
        thrown = error;
      }
    });
    assert.ok(pulumi.InputPropertiesError.isInstance(thrown), String(thrown));
    assert.deepEqual(
      thrown.errors.map((e) => e.propertyPath),
      ["s3", "s3.secretKey", "s3.plugin"],
    );
    assert.ok(!thrown.message.includes("s3cr3t"), thrown.message);
    assert.deepEqual(
      monitor.registrations.filter((r) => r.custom).map((r) => r.name),
      [],
    );
  });

  void it("the renderer refuses a bad secret key without showing it", () => {
    const spec = resolveFlinkSpec("demo", {
      flinkVersion: "2.1.1",
      zookeeper: ZK,
      storageDir: "s3://flink-ha/recovery",
      s3: { accessKey: "flink", secretKey: "s3cr3t\nx" },
    });
    const taskManager = spec.taskManagers[0] ?? assert.fail("no TaskManager");
    assert.throws(
      () => renderFlinkConfig(spec, ZK.connectString, { kind: "taskmanager", taskManager }),
      (error: Error) => {
        assert.match(error.message, /^cannot render config\.yaml: s3\.secret-key: the secret key/);
        assert.ok(!error.message.includes("s3cr3t"), error.message);
        return true;
      },
    );
  });
});
