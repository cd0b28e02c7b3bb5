import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { FlinkHaCluster, ZooKeeperEnsemble } from "../../src";
import { resolveFlinkSpec } from "../../src/flink/flinkSpec";
import { renderFlinkConfig } from "../../src/flink/flinkConf";
import { resolvedFlinkArgs } from "../../src/flink/resolvedArgs";
import { renderedZooCfg } from "../../src/zookeeper/ensemble";
import { superDigestOf } from "../../src/zookeeper/zooCfg";
import { resolveEnsembleSpec } from "../../src/zookeeper/ensembleSpec";
import type { FlinkHaClusterArgs } from "../../src/flink/flinkArgs";
import type { ZooKeeperEnsembleArgs } from "../../src/zookeeper/ensembleArgs";
import { recordProgram, type RecordingMonitor } from "../helpers/recordingMonitor";
import { failuresOf } from "../helpers/unhandledRejections";

const CONTAINER = "docker:index/container:Container";

const ZK = {
  connectString: "zk-1:2181",
  tickTime: 250,
  readinessConnectString: "127.0.0.1:2181",
  networkName: "n",
};

function flink(args: Partial<FlinkHaClusterArgs> = {}): FlinkHaClusterArgs {
  return { flinkVersion: "2.1.1", zookeeper: ZK, ...args };
}

/**
 * Each input that may be another resource's output: the component it belongs to, how to build
 * it with a value, a value that passes (and is then rendered into the container named
 * `member`'s configuration file `file`) and one that fails.
 */
interface Field {
  readonly field: string;
  readonly build: (value: pulumi.Input<string>) => unknown;
  readonly component: string;
  readonly member: string;
  readonly file: RegExp;
  readonly good: string;
  readonly bad: string;
  /** Checked when an Output leaves it unknown in a preview, so refused then. */
  readonly neededInPreview?: boolean;
}

const FIELDS: readonly Field[] = [
  {
    field: "storageDir",
    build: (v) => new FlinkHaCluster("f", flink({ storageDir: v })),
    component: "FlinkHaCluster",
    member: "f-jm-1",
    file: /config\.yaml$/,
    good: "s3://bucket/flink-ha",
    bad: "bucket/flink-ha",
  },
  {
    field: "clusterId",
    build: (v) => new FlinkHaCluster("f", flink({ clusterId: v })),
    component: "FlinkHaCluster",
    member: "f-jm-1",
    file: /config\.yaml$/,
    good: "/from-output",
    bad: "from-output",
    neededInPreview: true,
  },
  {
    field: "pathRoot",
    build: (v) => new FlinkHaCluster("f", flink({ pathRoot: v })),
    component: "FlinkHaCluster",
    member: "f-tm-1",
    file: /config\.yaml$/,
    good: "/flink-from-output",
    bad: "/flink/../x",
    neededInPreview: true,
  },
  {
    field: "jobManagerPorts (a malformed spec)",
    build: (v) => new FlinkHaCluster("f", flink({ jobManagerPorts: v })),
    component: "FlinkHaCluster",
    member: "f-jm-2",
    file: /config\.yaml$/,
    good: "50100-50101",
    bad: "50100-",
  },
  {
    field: "jobManagerPorts (taking the REST port)",
    build: (v) => new FlinkHaCluster("f", flink({ jobManagerPorts: v })),
    component: "FlinkHaCluster",
    member: "f-jm-1",
    file: /config\.yaml$/,
    good: "50010,50011",
    bad: "8080-8082",
  },
  {
    field: 'extraSettings["custom.from-output"] (Flink 2)',
    build: (v) => new FlinkHaCluster("f", flink({ extraSettings: { "custom.from-output": v } })),
    component: "FlinkHaCluster",
    member: "f-tm-1",
    file: /config\.yaml$/,
    good: "from-an-output",
    bad: "two\nlines",
  },
  {
    field: 'extraSettings["custom.from-output"] (Flink 1.18)',
    build: (v) =>
      new FlinkHaCluster(
        "f",
        flink({ flinkVersion: "1.18.1", extraSettings: { "custom.from-output": v } }),
      ),
    component: "FlinkHaCluster",
    member: "f-jm-1",
    file: /flink-conf\.yaml$/,
    good: "from-an-output",
    bad: "",
  },
  {
    field: "storageDir (with s3)",
    build: (v) => new FlinkHaCluster("f", flink({ storageDir: v, s3: {} })),
    component: "FlinkHaCluster",
    member: "f-jm-1",
    file: /config\.yaml$/,
    good: "s3a://bucket/flink-ha",
    bad: "hdfs:///flink-ha",
  },
  {
    field: "s3.endpoint",
    build: (v) =>
      new FlinkHaCluster("f", flink({ storageDir: "s3://bucket/ha", s3: { endpoint: v } })),
    component: "FlinkHaCluster",
    member: "f-tm-1",
    file: /config\.yaml$/,
    good: "http://minio:9000",
    bad: "minio:9000",
  },
  {
    field: "s3.secretKey",
    build: (v) =>
      new FlinkHaCluster(
        "f",
        flink({ storageDir: "s3://bucket/ha", s3: { accessKey: "flink", secretKey: v } }),
      ),
    component: "FlinkHaCluster",
    member: "f-jm-2",
    file: /config\.yaml$/,
    good: "s3cr3t",
    bad: "two\nlines",
  },
  {
    field: 'extraSettings["maxClientCnxns"]',
    build: (v) => new ZooKeeperEnsemble("z", { extraSettings: { maxClientCnxns: v } }),
    component: "ZooKeeperEnsemble",
    member: "z-zk-1",
    file: /zoo\.cfg$/,
    good: "77",
    bad: " 77",
  },
];

/** The error a component throws at construction for `program`, as `errors`; fails without one. */
async function refusalOf(program: () => unknown): Promise<pulumi.InputPropertiesError> {
  let error: unknown;
  await recordProgram(() => {
    try {
      program();
    } catch (caught) {
      error = caught;
    }
  });
  assert.ok(pulumi.InputPropertiesError.isInstance(error), String(error));
  assert.ok(error.errors.length > 0);
  return error;
}

/** The content uploaded to `file` in `member`. */
function uploaded(monitor: RecordingMonitor, member: string, file: RegExp): string {
  const uploads = monitor.byName(member).inputs["uploads"] as {
    file?: string;
    content?: unknown;
  }[];
  const upload = uploads.find((u) => file.test(u.file ?? ""));
  assert.ok(upload, `no upload matching ${String(file)} in ${member}`);
  return String(upload.content);
}

const KINDS = [
  ["an Output", (v: string): pulumi.Input<string> => pulumi.output(v)],
  ["a secret Output", (v: string): pulumi.Input<string> => pulumi.secret(v)],
  ["a Promise", (v: string): pulumi.Input<string> => Promise.resolve(v)],
] as const;

void describe("Flink and ZooKeeper inputs that may be other resources' outputs", () => {
  for (const f of FIELDS) {
    void it(`${f.field}: a bad plain value is refused at once`, async () => {
      const error = await refusalOf(() => f.build(f.bad));
      assert.equal(
        (error as unknown as pulumi.ResourceError).resource?.constructor.name,
        f.component,
      );
    });

    void it(`${f.field}: a plain good value is rendered`, async () => {
      const monitor = await recordProgram(() => f.build(f.good));
      assert.ok(uploaded(monitor, f.member, f.file).includes(f.good));
    });

    for (const [kind, wrap] of KINDS) {
      void it(`${f.field}: ${kind} with a bad value fails once it resolves, with the plain value's error`, async () => {
        const plain = await refusalOf(() => f.build(f.bad));
        const { thrown, rejections, monitor } = await failuresOf(() => f.build(wrap(f.bad)));
        // Not at construction, and never a TypeError.
        assert.equal(thrown, undefined, String(thrown));
        assert.ok(rejections.length > 0, "no error");
        for (const error of rejections) {
          assert.ok(!(error instanceof TypeError), String(error));
          assert.ok(pulumi.ResourceError.isInstance(error), String(error));
          assert.equal(error.hideStack, true);
          assert.equal(error.resource?.constructor.name, f.component);
          assert.deepEqual((error as unknown as pulumi.InputPropertiesError).errors, plain.errors);
        }
        // No member starts on a refused value.
        assert.deepEqual(
          monitor
            .ofType(CONTAINER)
            .map((r) => r.name)
            .filter((n) => n === f.member),
          [],
        );
      });

      void it(`${f.field}: ${kind} known in a preview with a bad value fails the preview, with the plain value's error`, async () => {
        const plain = await refusalOf(() => f.build(f.bad));
        const { thrown, rejections } = await failuresOf(() => f.build(wrap(f.bad)), {
          preview: true,
        });
        assert.equal(thrown, undefined, String(thrown));
        assert.ok(rejections.length > 0, "the preview passed");
        for (const error of rejections) {
          assert.ok(pulumi.ResourceError.isInstance(error), String(error));
          assert.equal(error.resource?.constructor.name, f.component);
          assert.deepEqual((error as unknown as pulumi.InputPropertiesError).errors, plain.errors);
        }
      });

      void it(`${f.field}: ${kind} with a good value is rendered as the plain value is`, async () => {
        const plain = uploaded(await recordProgram(() => f.build(f.good)), f.member, f.file);
        const content = uploaded(
          await recordProgram(() => f.build(wrap(f.good))),
          f.member,
          f.file,
        );
        assert.equal(content, plain);
      });
    }

    void it(`${f.field}: unknown in a preview is ${f.neededInPreview === true ? "refused, saying why it must be known" : "no error"}, and no TypeError`, async () => {
      const { thrown, rejections } = await failuresOf(
        () => f.build(pulumi.output(pulumi.unknown) as pulumi.Output<string>),
        { preview: true },
      );
      assert.equal(thrown, undefined, String(thrown));
      if (f.neededInPreview !== true) {
        assert.deepEqual(rejections.map(String), []);
        return;
      }
      assert.ok(rejections.length > 0, "no error");
      for (const error of rejections) {
        assert.ok(!(error instanceof TypeError), String(error));
        assert.ok(pulumi.InputPropertiesError.isInstance(error), String(error));
        assert.deepEqual(
          error.errors.map((e) => e.propertyPath),
          [f.field],
        );
        assert.match(
          error.errors[0]?.reason ?? "",
          /^is an Output not known in the preview; give a plain value or an Output known then: .*the check against other clusters' HA paths/,
        );
      }
    });
  }
});

void describe("outputs the component cannot take where it must decide at preview", () => {
  void it("a file:// storageDir as an Output: refused once it resolves, saying the volume is decided at preview", async () => {
    const { thrown, rejections } = await failuresOf(
      () => new FlinkHaCluster("f", flink({ storageDir: pulumi.output("file:///shared") })),
    );
    assert.equal(thrown, undefined);
    assert.ok(rejections.length > 0, "no error");
    for (const error of rejections) {
      assert.ok(pulumi.InputPropertiesError.isInstance(error), String(error));
      assert.deepEqual(error.errors, [
        {
          propertyPath: "storageDir",
          reason:
            '"file:///shared" is a file:// URI given as an Output; give a file:// storageDir as a plain value: its scheme decides whether the component creates the shared storage volume, which it needs at preview',
        },
      ]);
    }
  });

  void it("an Output storageDir creates no storage volume", async () => {
    const monitor = await recordProgram(
      () => new FlinkHaCluster("f", flink({ storageDir: pulumi.output("s3://b/ha") })),
    );
    assert.deepEqual(monitor.ofType("docker:index/volume:Volume"), []);
    assert.equal(
      monitor.ofType(CONTAINER).some((r) => r.name === "f-ha-storage-owner"),
      false,
    );
  });

  const clash = (second: pulumi.Input<string>) => (): void => {
    new FlinkHaCluster("a", flink({ namePrefix: "a", clusterId: "/shared" }));
    new FlinkHaCluster("b", flink({ namePrefix: "b", clusterId: second, hostRestPortBase: 9081 }));
  };

  void it("an HA path known from an Output is checked against other clusters' paths, with the plain value's error", async () => {
    const plain = await refusalOf(clash("/shared/b"));
    assert.match(plain.errors[0]?.reason ?? "", /nests with \/flink\/shared/);
    const { thrown, rejections } = await failuresOf(clash(pulumi.output("/shared/b")));
    assert.equal(thrown, undefined);
    assert.ok(rejections.length > 0, "no error");
    for (const error of rejections) {
      assert.ok(pulumi.InputPropertiesError.isInstance(error), String(error));
      assert.deepEqual(error.errors, plain.errors);
    }
  });

  void it("an HA path from Outputs known in a preview is accepted in the preview", async () => {
    const { thrown, rejections, monitor } = await failuresOf(
      () =>
        new FlinkHaCluster(
          "f",
          flink({ pathRoot: pulumi.output("/known"), clusterId: pulumi.secret("/c") }),
        ),
      { preview: true },
    );
    assert.equal(thrown, undefined, String(thrown));
    assert.deepEqual(rejections.map(String), []);
    assert.equal(monitor.byName("f-ha-znode").inputs["path"], "/known/c");
  });

  void it("an HA path from an Output that does not clash is accepted and labelled", async () => {
    const { thrown, rejections, monitor } = await failuresOf(clash(pulumi.output("/other")));
    assert.equal(thrown, undefined);
    assert.deepEqual(rejections.map(String), []);
    const labels = monitor.byName("b-jm-1").inputs["labels"] as { label: string; value: string }[];
    assert.ok(
      labels.some((l) => l.value === "/flink/other"),
      JSON.stringify(labels),
    );
  });

  /** Two JobManagers and a TaskManager on two hosts, with `extra` arguments. */
  const placed = (extra: Partial<FlinkHaClusterArgs>) => (): void => {
    const a = new docker.Provider("host-a", { host: "ssh://ops@host-a" });
    const b = new docker.Provider("host-b", { host: "ssh://ops@host-b" });
    new FlinkHaCluster(
      "f",
      flink({
        zookeeper: {
          connectString: "10.2.0.1:2181",
          tickTime: 250,
          readinessConnectString: "10.2.0.1:2181",
        },
        storageDir: "s3://bucket/flink-ha",
        allowNonLoopbackPublish: true,
        placement: {
          jobManagers: {
            1: { provider: a, address: "10.1.0.11" },
            2: { provider: b, address: "10.1.0.12" },
          },
          taskManagers: { 1: { provider: a, address: "10.1.0.11" } },
        },
        ...extra,
      }),
    );
  };

  void it("jobManagerPorts as an Output with placement: refused at once, saying it decides the published ports", async () => {
    for (const [kind, value] of [
      ["an Output", pulumi.output("50100")],
      ["a promise", Promise.resolve("50100")],
    ] as const) {
      const error = await refusalOf(placed({ jobManagerPorts: value }));
      assert.deepEqual(error.errors, [
        {
          propertyPath: "jobManagerPorts",
          reason: `is ${kind}; give a plain value: with placement every port of it is published on the hosts, which the component decides at preview`,
        },
      ]);
    }
  });

  void it("a storageDir Output with placement: accepted, its scheme checked once it resolves", async () => {
    const accepted = await failuresOf(placed({ storageDir: pulumi.output("hdfs://nn:8020/ha") }));
    assert.equal(accepted.thrown, undefined, String(accepted.thrown));
    assert.deepEqual(accepted.rejections.map(String), []);
    const plain = await refusalOf(placed({ storageDir: "file:///ha" }));
    const { thrown, rejections } = await failuresOf(
      placed({ storageDir: pulumi.output("file:///ha") }),
    );
    assert.equal(thrown, undefined);
    assert.ok(rejections.length > 0, "no error");
    for (const error of rejections) {
      assert.ok(pulumi.InputPropertiesError.isInstance(error), String(error));
      assert.deepEqual(error.errors, plain.errors);
    }
  });

  void it("ZooKeeper extraSettings keys stay checked at preview when their values are outputs", async () => {
    const args: ZooKeeperEnsembleArgs = {
      extraSettings: { "server.9": pulumi.output("x:1:2"), maxClientCnxns: pulumi.output("5") },
    };
    const error = await refusalOf(() => new ZooKeeperEnsemble("z", args));
    assert.deepEqual(
      error.errors.map((e) => e.propertyPath),
      ['extraSettings["server.9"]'],
    );
  });
});

void describe("a secret output stays a secret in the rendered file", () => {
  void it("Flink: the arguments the configuration file is rendered from are secret", async () => {
    for (const args of [
      flink({ storageDir: pulumi.secret("s3://b/ha") }),
      flink({ clusterId: pulumi.secret("/c") }),
      flink({ extraSettings: { "custom.token": pulumi.secret("t0k3n"), plain: "p" } }),
      flink({ storageDir: "s3://b/ha", s3: { accessKey: "a", secretKey: "not-wrapped" } }),
    ]) {
      const resolved = resolvedFlinkArgs(args);
      assert.equal(await pulumi.isSecret(resolved), true);
      // What the component uploads: rendered from the resolved spec with pulumi.all.
      const rendered = pulumi.all([resolved, ZK.connectString]).apply(([r, quorum]) =>
        renderFlinkConfig(resolveFlinkSpec("f", r), quorum, {
          kind: "taskmanager",
          taskManager: resolveFlinkSpec("f", r).taskManagers[0] ?? assert.fail("no tm"),
        }),
      );
      assert.equal(await pulumi.isSecret(rendered), true);
    }
    assert.equal(await pulumi.isSecret(resolvedFlinkArgs(flink({ storageDir: "s3://b" }))), false);
  });

  void it("ZooKeeper: zoo.cfg is a secret, as it holds the super user's digest", async () => {
    let withSecretSetting: pulumi.Output<string> | undefined;
    let plain: pulumi.Output<string> | undefined;
    await recordProgram(() => {
      const owner = new pulumi.ComponentResource("test:index:Owner", "owner");
      const spec = resolveEnsembleSpec("z", { extraSettings: { a: "b" } });
      const args = { extraSettings: { "ssl.keyStore.password": pulumi.secret("pw"), a: "b" } };
      withSecretSetting = renderedZooCfg(owner, "z", spec, args, "super-pw");
      plain = renderedZooCfg(owner, "z", spec, { extraSettings: { a: "b" } }, "super-pw");
    });
    assert.ok(withSecretSetting && plain);
    assert.equal(await pulumi.isSecret(withSecretSetting), true);
    assert.equal(await pulumi.isSecret(plain), true);
    const text = await new Promise<string>((resolve) => plain?.apply(resolve));
    assert.match(
      text,
      new RegExp(
        `DigestAuthenticationProvider.superDigest=${superDigestOf("super-pw").replace(/[+/]/g, "\\$&")}`,
      ),
    );
    assert.doesNotMatch(text, /super-pw/);
  });
});
