import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PlainFlinkArgs } from "../../src/flink/flinkArgs";
import { JAVA17_OPTIONS } from "../../src/flink/flinkArgs";
import {
  flinkValueProblem,
  mastersHostProblem,
  renderFlinkConfig,
  renderMasters,
  yamlScalar,
  type FlinkConfigFile,
  type FlinkRole,
} from "../../src/flink/flinkConf";
import { resolveFlinkSpec } from "../../src/flink/flinkSpec";
import { parseFlinkVersion } from "../../src/flink/flinkVersion";
import { parseJobManagerPorts, portCount } from "../../src/flink/jobManagerPorts";
import {
  DEFAULT_SESSION_TICKS,
  defaultSessionTimeout,
  FLINK_DEFAULT_TIMINGS,
  tunedTimings,
} from "../../src/flink/zkTimeouts";

const QUORUM = "zk-zk-1:2181,zk-zk-2:2181,zk-zk-3:2181";
const ZK = { connectString: QUORUM, tickTime: 250, readinessConnectString: "127.0.0.1:2181" };

function spec(flinkVersion: string, args: Partial<PlainFlinkArgs> = {}) {
  return resolveFlinkSpec("demo", { flinkVersion, zookeeper: ZK, javaOptions: "-Xss2m", ...args });
}

/** The element at `index`; fails the test when there is none. */
function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  assert.ok(item !== undefined, `no element ${index}`);
  return item;
}

function jobManager(flinkVersion: string, args: Partial<PlainFlinkArgs> = {}): string {
  const s = spec(flinkVersion, args);
  const role: FlinkRole = { kind: "jobmanager", jobManager: at(s.jobManagers, 1) };
  return renderFlinkConfig(s, QUORUM, role);
}

const HA_BLOCK = `high-availability.type: zookeeper
high-availability.zookeeper.quorum: zk-zk-1:2181,zk-zk-2:2181,zk-zk-3:2181
high-availability.zookeeper.path.root: /flink
high-availability.cluster-id: /demo
high-availability.storageDir: file:///flink-ha
high-availability.jobmanager.port: 6123
high-availability.zookeeper.client.session-timeout: 1500
high-availability.zookeeper.client.connection-timeout: 1500
high-availability.zookeeper.client.retry-wait: 1000
high-availability.zookeeper.client.max-retry-attempts: 5
high-availability.zookeeper.client.tolerate-suspended-connections: true
heartbeat.interval: 5000
heartbeat.timeout: 20000
web.refresh-interval: 500
rest.port: 8081
`;

/** config.yaml quotes the words YAML reads as booleans; Flink reads the string back as one. */
const HA_BLOCK_YAML = HA_BLOCK.replace(
  "tolerate-suspended-connections: true",
  'tolerate-suspended-connections: "true"',
);

const JM_2 = `jobmanager.rpc.address: demo-flink-jm-2
jobmanager.bind-host: 0.0.0.0
rest.address: demo-flink-jm-2
rest.bind-address: 0.0.0.0
jobmanager.memory.process.size: 1024m
`;

/** The same lines in config.yaml: values that start with a digit but are not integers quoted. */
const JM_2_YAML = `jobmanager.rpc.address: demo-flink-jm-2
jobmanager.bind-host: "0.0.0.0"
rest.address: demo-flink-jm-2
rest.bind-address: "0.0.0.0"
jobmanager.memory.process.size: "1024m"
`;

void describe("Flink configuration per release line", () => {
  void it("1.18 (legacy line): flink-conf.yaml, flat key: value, env.java.opts.all", () => {
    const s = spec("1.18.1");
    assert.equal(s.version.configFile, "flink-conf.yaml");
    assert.equal(
      jobManager("1.18.1"),
      `# Rendered by pulumi-zk-ha for Flink 1.18 (flink-conf.yaml). Edits are lost when the component next updates.
${HA_BLOCK}${JM_2}env.java.opts.all: -Xss2m
`,
    );
  });

  void it("1.16 (legacy line, before 1.17): high-availability and env.java.opts", () => {
    assert.equal(
      jobManager("1.16.3"),
      `# Rendered by pulumi-zk-ha for Flink 1.16 (flink-conf.yaml). Edits are lost when the component next updates.
${HA_BLOCK.replace("high-availability.type: zookeeper", "high-availability: zookeeper")}${JM_2}env.java.opts: -Xss2m
`,
    );
    assert.match(jobManager("1.15.0"), /^high-availability: zookeeper$/m);
    assert.doesNotMatch(jobManager("1.16.3"), /high-availability\.type/);
  });

  void it("1.20 (bridge line): config.yaml", () => {
    assert.equal(spec("1.20.3").version.configFile, "config.yaml");
    assert.equal(
      jobManager("1.20.3"),
      `# Rendered by pulumi-zk-ha for Flink 1.20 (config.yaml). Edits are lost when the component next updates.
${HA_BLOCK_YAML}${JM_2_YAML}env.java.opts.all: -Xss2m
`,
    );
  });

  void it("2.x: config.yaml with high-availability.type and no key removed in 2.0", () => {
    const text = jobManager("2.1.1");
    assert.equal(
      text,
      `# Rendered by pulumi-zk-ha for Flink 2.1 (config.yaml). Edits are lost when the component next updates.
${HA_BLOCK_YAML}${JM_2_YAML}env.java.opts.all: -Xss2m
`,
    );
    assert.doesNotMatch(text, /^high-availability: /m);
    assert.doesNotMatch(
      text,
      /path\.jobgraphs|path\.running-registry|high-availability\.job\.delay/,
    );
  });

  void it("renders a TaskManager's own address, slots and memory; no JobManager address", () => {
    const s = spec("2.1.1", {
      taskSlots: 4,
      taskManagers: 2,
      extraSettings: { "state.backend.type": "hashmap" },
    });
    const role: FlinkRole = { kind: "taskmanager", taskManager: at(s.taskManagers, 1) };
    assert.equal(
      renderFlinkConfig(s, QUORUM, role),
      `# Rendered by pulumi-zk-ha for Flink 2.1 (config.yaml). Edits are lost when the component next updates.
${HA_BLOCK_YAML}taskmanager.host: demo-flink-tm-2
taskmanager.bind-host: "0.0.0.0"
taskmanager.numberOfTaskSlots: 4
taskmanager.memory.process.size: "1536m"
env.java.opts.all: -Xss2m
state.backend.type: hashmap
`,
    );
  });

  void it("defaults the JVM options to the Java 17 module opens, and omits them when empty", () => {
    const s = resolveFlinkSpec("demo", { flinkVersion: "2.1.1", zookeeper: ZK });
    const role: FlinkRole = { kind: "jobmanager", jobManager: at(s.jobManagers, 0) };
    const line = renderFlinkConfig(s, QUORUM, role)
      .split("\n")
      .find((l) => l.startsWith("env."));
    assert.equal(line, `env.java.opts.all: ${JAVA17_OPTIONS}`);
    assert.match(
      JAVA17_OPTIONS,
      /^--add-exports=java\.base\/sun\.net\.util=ALL-UNNAMED .*--add-opens=java\.base\/java\.util\.concurrent\.locks=ALL-UNNAMED$/,
    );
    assert.doesNotMatch(jobManager("2.1.1", { javaOptions: "" }), /^env\./m);
  });

  void it("renders user storage, ports, root, cluster-id and Flink's default timings", () => {
    const text = jobManager("2.1.1", {
      storageDir: "s3://bucket/flink-ha",
      jobManagerPorts: "50010,50011,50020-50025",
      pathRoot: "/analytics",
      clusterId: "/prod-a",
      failoverTuning: "flink-defaults",
      restPort: 8090,
      zookeeper: { ...ZK, tickTime: 250, maxSessionTimeout: 40000 },
    });
    assert.match(text, /^high-availability\.storageDir: s3:\/\/bucket\/flink-ha$/m);
    assert.match(text, /^high-availability\.jobmanager\.port: "50010,50011,50020-50025"$/m);
    assert.match(text, /^high-availability\.zookeeper\.path\.root: \/analytics$/m);
    assert.match(text, /^high-availability\.cluster-id: \/prod-a$/m);
    // Flink asks for 60 s; a ZooKeeperEnsemble grants at most 40 s, and that is what is rendered.
    assert.match(text, /^high-availability\.zookeeper\.client\.session-timeout: 40000$/m);
    assert.match(text, /^high-availability\.zookeeper\.client\.connection-timeout: 15000$/m);
    assert.match(text, /^high-availability\.zookeeper\.client\.retry-wait: 5000$/m);
    assert.match(text, /^heartbeat\.timeout: 50000$/m);
    assert.match(text, /^rest\.port: 8090$/m);
  });

  void it("refuses to render a value that slipped past validation (an unresolved quorum)", () => {
    const s = spec("2.1.1");
    const role: FlinkRole = { kind: "jobmanager", jobManager: at(s.jobManagers, 0) };
    assert.throws(
      () => renderFlinkConfig(s, "zk:2181\nhigh-availability.type: none", role),
      /cannot render config\.yaml: high-availability\.zookeeper\.quorum: .*line break/,
    );
  });

  void it("renders the masters file: host:webUIPort per JobManager", () => {
    assert.equal(
      renderMasters(spec("2.1.1", { jobManagers: 3, restPort: 8090 })),
      "demo-flink-jm-1:8090\ndemo-flink-jm-2:8090\ndemo-flink-jm-3:8090\n",
    );
  });
});

void describe("flinkValueProblem per file format", () => {
  // Classes of values each format cannot hold, with the reason's key words.
  const rejected: [FlinkConfigFile, string, RegExp][] = [
    // flink-conf.yaml (up to 1.18): read line by line, no escapes.
    ["flink-conf.yaml", "a\nhigh-availability.type: none", /line break/],
    ["flink-conf.yaml", "a\rb", /line break/],
    ["flink-conf.yaml", "a\tb", /control character/],
    ["flink-conf.yaml", "a\u007fb", /control character/],
    ["flink-conf.yaml", "caf\u00e9", /outside printable ASCII/],
    ["flink-conf.yaml", "a\u2028b", /outside printable ASCII/],
    ["flink-conf.yaml", "a\u0085b", /outside printable ASCII/],
    ["flink-conf.yaml", "value # comment", /'#'/],
    ["flink-conf.yaml", "#", /'#'/],
    ["flink-conf.yaml", " leading", /leading or trailing spaces/],
    ["flink-conf.yaml", "trailing ", /leading or trailing spaces/],
    ["flink-conf.yaml", "", /must not be empty/],
    // config.yaml (1.19 and later): YAML escapes anything, but the start scripts filter lines.
    ["config.yaml", "a\nhigh-availability.type: none", /line break/],
    ["config.yaml", "a\rb", /line break/],
    ["config.yaml", "a\u0085b", /line break/],
    ["config.yaml", "a\u2028b", /line break/],
    ["config.yaml", "a\u2029b", /line break/],
    ["config.yaml", "xBASH_JAVA_UTILS_EXEC_RESULT:y", /strip/],
  ];
  for (const [file, value, reason] of rejected) {
    void it(`${file} refuses ${JSON.stringify(value)}`, () => {
      const problem = flinkValueProblem("clusterId", value, file);
      assert.equal(problem?.property, "clusterId");
      assert.match(problem.reason, reason);
    });
  }
  const accepted: [FlinkConfigFile, string][] = [
    ["flink-conf.yaml", "/flink"],
    ["flink-conf.yaml", "zk-1:2181,zk-2:2181"],
    ["flink-conf.yaml", "--add-opens=java.base/java.lang=ALL-UNNAMED -Xss2m"],
    ["flink-conf.yaml", "0.0.0.0"],
    // Only the first ': ' separates the key; YAML syntax means nothing to the legacy reader.
    ["flink-conf.yaml", "key: value"],
    ["flink-conf.yaml", "*alias"],
    ["flink-conf.yaml", "'quoted'"],
    ["flink-conf.yaml", "trailing\\"],
    ["config.yaml", ""],
    ["config.yaml", " padded "],
    ["config.yaml", "key: value # not a comment"],
    ["config.yaml", "*alias"],
    ["config.yaml", "- item"],
    ["config.yaml", "tab\tand\u0001control"],
    ["config.yaml", "caf\u00e9 \u{1F600}"],
    ["config.yaml", "trailing\\"],
  ];
  for (const [file, value] of accepted) {
    void it(`${file} accepts ${JSON.stringify(value)}`, () => {
      assert.equal(flinkValueProblem("x", value, file), undefined);
    });
  }
  void it("defaults to the stricter legacy rules", () => {
    assert.match(flinkValueProblem("x", "caf\u00e9")?.reason ?? "", /printable ASCII/);
  });
});

void describe("yamlScalar", () => {
  const cases: [string, string][] = [
    // Plain: unambiguous strings and canonical integers.
    ["zookeeper", "zookeeper"],
    ["/flink", "/flink"],
    ["file:///flink-ha", "file:///flink-ha"],
    ["zk-1:2181,zk-2:2181", "zk-1:2181,zk-2:2181"],
    [
      "--add-opens=java.base/java.lang=ALL-UNNAMED -Xss2m",
      "--add-opens=java.base/java.lang=ALL-UNNAMED -Xss2m",
    ],
    ["-XX:+UseG1GC", "-XX:+UseG1GC"],
    ["6123", "6123"],
    ["-5", "-5"],
    // Quoted: numbers YAML 1.1 or 1.2 would read differently, booleans, null, syntax.
    ["", '""'],
    ["0.0.0.0", '"0.0.0.0"'],
    ["1024m", '"1024m"'],
    ["010", '"010"'],
    ["1_000", '"1_000"'],
    ["1:20", '"1:20"'],
    ["2001-12-14", '"2001-12-14"'],
    ["yes", '"yes"'],
    ["on", '"on"'],
    ["y", '"y"'],
    ["null", '"null"'],
    ["true", '"true"'],
    ["~", '"~"'],
    ["a: b", '"a: b"'],
    ["a:", '"a:"'],
    ["a #b", '"a #b"'],
    ["trailing ", '"trailing "'],
    ["-", '"-"'],
    ["- item", '"- item"'],
    ['say "hi" \\', '"say \\"hi\\" \\\\"'],
    ["\u0000\t\u007f\u0085\u00e9", '"\\x00\\x09\\x7F\\x85\\xE9"'],
    ["\u2028\ufeff\u{1F600}", '"\\u2028\\uFEFF\\U0001F600"'],
  ];
  for (const [text, written] of cases) {
    void it(`writes ${JSON.stringify(text)} as ${written}`, () => {
      assert.equal(yamlScalar(text), written);
    });
  }
});

void describe("masters hosts", () => {
  for (const host of ["demo-flink-jm-1", "10.1.0.11", "jm1.example.com", "JM1"]) {
    void it(`accepts ${host}`, () => {
      assert.equal(mastersHostProblem("h", host), undefined);
    });
  }
  for (const host of ["fd00::1", "[fd00::1]", "a#b", "a b", "a/b", "", "h\n"]) {
    void it(`refuses ${JSON.stringify(host)}`, () => {
      assert.match(mastersHostProblem("h", host)?.reason ?? "", /masters file/);
    });
  }
});

void describe("high-availability.jobmanager.port parsing", () => {
  const accepted: [string | number, string, number][] = [
    [50010, "50010", 1],
    ["50000-50025", "50000-50025", 26],
    ["50010,50011,50020-50025,50050-50075", "50010,50011,50020-50025,50050-50075", 34],
    [" 6123 , 6124-6125 ", "6123,6124-6125", 3],
    ["1", "1", 1],
    ["65535", "65535", 1],
  ];
  for (const [input, text, count] of accepted) {
    void it(`accepts ${JSON.stringify(input)}`, () => {
      const parsed = parseJobManagerPorts("jobManagerPorts", input);
      assert.ok(parsed.ok, JSON.stringify(parsed));
      assert.equal(parsed.text, text);
      assert.equal(portCount(parsed.ranges), count);
    });
  }
  const rejected: [string | number, string[]][] = [
    ["", ['"" has an empty part; write ports like 50010 or 50000-50025 separated by commas']],
    [
      "50010,,50011",
      [
        '"50010,,50011" has an empty part; write ports like 50010 or 50000-50025 separated by commas',
      ],
    ],
    [0, ['"0" in "0" is outside the TCP ports 1..65535']],
    [6123.5, ["6123.5 is not a TCP port; use a whole number from 1 to 65535"]],
    ["70000", ['"70000" in "70000" is outside the TCP ports 1..65535']],
    ["50000-70000", ['"50000-70000" in "50000-70000" is outside the TCP ports 1..65535']],
    ["50025-50000", ['"50025-50000" in "50025-50000" is a reversed range; write 50000-50025']],
    ["abc", ['"abc" in "abc" is neither a port nor a range like 50000-50025']],
    ["50010-", ['"50010-" in "50010-" is neither a port nor a range like 50000-50025']],
    [
      "50000-50010,50005",
      ['"50005" in "50000-50010,50005" overlaps range 50000-50010; list each port once'],
    ],
    [
      "50010,50010,50020-50030,50025-50040",
      [
        '"50010" in "50010,50010,50020-50030,50025-50040" overlaps port 50010; list each port once',
        '"50025-50040" in "50010,50010,50020-50030,50025-50040" overlaps range 50020-50030; list each port once',
      ],
    ],
  ];
  for (const [input, reasons] of rejected) {
    void it(`rejects ${JSON.stringify(input)}`, () => {
      const parsed = parseJobManagerPorts("jobManagerPorts", input);
      assert.ok(!parsed.ok);
      assert.deepEqual(
        parsed.problems.map((p) => [p.property, p.reason]),
        reasons.map((r) => ["jobManagerPorts", r]),
      );
    });
  }
});

void describe("Flink versions", () => {
  const table: [string, string | undefined][] = [
    ["1.14.6", undefined],
    ["1.15.0", "legacy flink-conf.yaml"],
    ["1.18.1", "legacy flink-conf.yaml"],
    ["1.19.0", "bridge config.yaml"],
    ["1.20", "bridge config.yaml"],
    ["2.0.0", "v2 config.yaml"],
    ["2.1.1", "v2 config.yaml"],
    ["2.2-SNAPSHOT", "v2 config.yaml"],
    ["3.0.0", undefined],
    ["latest", undefined],
    ["1.20.3\n", undefined],
  ];
  for (const [input, expected] of table) {
    void it(`${JSON.stringify(input)} → ${expected ?? "unsupported"}`, () => {
      const v = parseFlinkVersion(input);
      assert.equal(v && `${v.line} ${v.configFile}`, expected);
    });
  }
});

void describe("ZooKeeper client timings", () => {
  void it("tunes connection timeout, retries, suspension, heartbeats and REST refresh", () => {
    assert.deepEqual(tunedTimings(1000), {
      sessionTimeoutMs: 1000,
      connectionTimeoutMs: 1000,
      retryWaitMs: 1000,
      maxRetryAttempts: 5,
      tolerateSuspendedConnections: true,
      heartbeatIntervalMs: 5000,
      heartbeatTimeoutMs: 20000,
      webRefreshIntervalMs: 500,
    });
    assert.equal(tunedTimings(30000).connectionTimeoutMs, 15000);
    assert.deepEqual(FLINK_DEFAULT_TIMINGS, {
      sessionTimeoutMs: 60000,
      connectionTimeoutMs: 15000,
      retryWaitMs: 5000,
      maxRetryAttempts: 3,
      tolerateSuspendedConnections: false,
      heartbeatIntervalMs: 10000,
      heartbeatTimeoutMs: 50000,
      webRefreshIntervalMs: 3000,
    });
  });

  void it("derives the session timeout from the ensemble's tickTime: 6 ticks", () => {
    assert.equal(DEFAULT_SESSION_TICKS, 6);
    assert.equal(defaultSessionTimeout(250), 1500);
    assert.equal(defaultSessionTimeout(2000), 12000);
    // A connection of tickTime 250 without maxSessionTimeout: 20 ticks, ZooKeeper's own.
    assert.equal(spec("2.1.1").tickTime, 250);
    assert.equal(spec("2.1.1").timings.sessionTimeoutMs, 1500);
    assert.equal(spec("2.1.1").maxSessionTimeout, 5000);
    // The ensemble's values, as a ZooKeeperEnsemble exposes them.
    const fromEnsemble = spec("2.1.1", {
      zookeeper: { ...ZK, tickTime: 500, maxSessionTimeout: 40000 },
    });
    assert.equal(fromEnsemble.tickTime, 500);
    assert.equal(fromEnsemble.maxSessionTimeout, 40000);
    assert.equal(fromEnsemble.timings.sessionTimeoutMs, 3000);
    // A connection's tickTime, as the ensemble's.
    assert.equal(
      spec("2.1.1", { zookeeper: { ...ZK, tickTime: 2000 } }).timings.sessionTimeoutMs,
      12000,
    );
    // An explicit value is used as given (validation refused it when not granted).
    assert.equal(spec("2.1.1", { sessionTimeoutMs: 4000 }).timings.sessionTimeoutMs, 4000);
    // The default stays within what the ensemble grants: 6 ticks, at most its maximum.
    assert.equal(
      spec("2.1.1", { zookeeper: { ...ZK, maxSessionTimeout: 1000 } }).timings.sessionTimeoutMs,
      1000,
    );
    // Flink's 60 s: granted 20 ticks by a bare ensemble, the ensemble's maximum when known.
    const defaults = spec("2.1.1", {
      failoverTuning: "flink-defaults",
      zookeeper: { ...ZK, tickTime: 4000 },
    });
    assert.equal(defaults.timings.sessionTimeoutMs, 60000);
    const onEnsemble = spec("2.1.1", {
      failoverTuning: "flink-defaults",
      zookeeper: { ...ZK, tickTime: 250, maxSessionTimeout: 40000 },
    });
    assert.equal(onEnsemble.timings.sessionTimeoutMs, 40000);
  });
});
