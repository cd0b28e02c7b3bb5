import { describe, it } from "node:test";
import type * as docker from "@pulumi/docker";
import type { FlinkHaClusterArgs } from "../../src/flink/flinkArgs";
import { validateFlinkCluster } from "../../src/flink/validateFlink";
import { assertProblems } from "../helpers/problems";

// What the Flink validator refuses for the files it renders, one row per class of input and
// release line: config.yaml from 1.19, flink-conf.yaml before.

const ZK = {
  connectString: "zk:2181",
  tickTime: 250,
  readinessConnectString: "127.0.0.1:2181",
  networkName: "n",
};

type Case = [title: string, args: Partial<FlinkHaClusterArgs>, expected: [string, RegExp][]];

function check(flinkVersion: string, cases: readonly Case[]): void {
  for (const [title, args, expected] of cases) {
    void it(title, () => {
      const problems = validateFlinkCluster("demo", { flinkVersion, zookeeper: ZK, ...args });
      assertProblems(problems, expected);
    });
  }
}

const extra = (key: string, value: string): Partial<FlinkHaClusterArgs> => ({
  extraSettings: { [key]: value },
});

void describe("Flink 2.x and 1.19+ (config.yaml): extraSettings and javaOptions", () => {
  const x = 'extraSettings["a.b"]';
  check("2.1.1", [
    ["any text on one line is written as a YAML scalar", extra("a.b", ` "'#: -[{*&!|>%@\`~`), []],
    ["empty", extra("a.b", ""), []],
    ["control characters other than line breaks", extra("a.b", "a\tb\u0000\u007f"), []],
    ["non-ASCII", extra("a.b", "caf\u00e9 \u{1f600}"), []],
    ["YAML words and numbers stay strings", extra("a.b", "yes"), []],
    ["a line feed", extra("a.b", "x\nhigh-availability.type: none"), [[x, /line break/]]],
    ["a carriage return", extra("a.b", "x\r"), [[x, /line break/]]],
    ["U+0085 (a line break to YAML 1.1)", extra("a.b", "x\u0085y"), [[x, /line break/]]],
    ["U+2028", extra("a.b", "x\u2028y"), [[x, /line break/]]],
    ["U+2029", extra("a.b", "x\u2029y"), [[x, /line break/]]],
    ["the scripts' marker", extra("a.b", "BASH_JAVA_UTILS_EXEC_RESULT:x"), [[x, /strip/]]],
    [
      "a key that is a section of a rendered key",
      extra("rest", "x"),
      [['extraSettings["rest"]', /"rest" and "rest\.[a-z-]+" cannot both be set/]],
    ],
    [
      "a key below a rendered key",
      extra("rest.port.x", "1"),
      [['extraSettings["rest.port.x"]', /"rest\.port\.x" and "rest\.port"/]],
    ],
    [
      "a key below a key the image's entrypoint sets",
      extra("query.server.port.x", "1"),
      [['extraSettings["query.server.port.x"]', /"query\.server\.port"/]],
    ],
    [
      "two extra keys that nest",
      { extraSettings: { "state.backend": "rocksdb", "state.backend.type": "rocksdb" } },
      [
        ['extraSettings["state.backend"]', /"state\.backend\.type"/],
        ['extraSettings["state.backend.type"]', /"state\.backend"/],
      ],
    ],
    ["sibling keys do not nest", extra("high-availability.zookeeper.client.acl", "open"), []],
    [
      "javaOptions that would need quoting",
      { javaOptions: "-Da: b" },
      [["javaOptions", /would need quoting in config\.yaml/]],
    ],
    ["javaOptions with '#'", { javaOptions: "-Da=#1" }, [["javaOptions", /'#'/]]],
    ["plain javaOptions", { javaOptions: "-XX:+UseG1GC -Dx=a,b/c:d -Xlog:gc*" }, []],
  ]);
});

void describe("Flink 1.15 to 1.18 (flink-conf.yaml): extraSettings", () => {
  const x = 'extraSettings["a.b"]';
  check("1.18.1", [
    ["': ' after the first is part of the value", extra("a.b", "x: y"), []],
    ["YAML syntax means nothing here", extra("a.b", "*x [y] {z} 'q'"), []],
    ["empty", extra("a.b", ""), [[x, /must not be empty/]]],
    ["'#'", extra("a.b", "x#y"), [[x, /'#'/]]],
    ["a tab", extra("a.b", "x\ty"), [[x, /control character/]]],
    ["a line feed", extra("a.b", "x\nrest.port: 1"), [[x, /line break/]]],
    ["non-ASCII", extra("a.b", "caf\u00e9"), [[x, /printable ASCII/]]],
    ["U+2028", extra("a.b", "x\u2028y"), [[x, /printable ASCII/]]],
    ["surrounding spaces", extra("a.b", " x"), [[x, /leading or trailing spaces/]]],
    // The legacy file is not re-nested, so overlapping keys are fine.
    ["a key that is a section of a rendered key", extra("rest", "x"), []],
  ]);
});

void describe("Flink placement: the masters file", () => {
  const provider = (name: string) => ({ name }) as unknown as docker.Provider;
  const placed = (jobManagerAddress: string): Partial<FlinkHaClusterArgs> => ({
    storageDir: "s3://b/ha",
    allowNonLoopbackPublish: true,
    placement: {
      jobManagers: {
        1: { provider: provider("a"), address: jobManagerAddress },
        2: { provider: provider("b"), address: "10.0.0.2" },
      },
      taskManagers: { 1: { provider: provider("c"), address: "fd00::3" } },
    },
  });
  check("2.1.1", [
    ["an IPv4 JobManager address and an IPv6 TaskManager address", placed("10.0.0.1"), []],
    ["a hostname", placed("jm-1.example"), []],
    [
      "an IPv6 JobManager address",
      placed("fd00::1"),
      [["placement.jobManagers[1].address", /masters file.*hostname or an IPv4 address/]],
    ],
  ]);
});
