import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { joinZnodePath, znodePathProblem } from "../../src/zookeeper/znodePath";

const VALID = [
  "/flink",
  "/flink/cluster-1",
  "/oozie/ha/server_1",
  "/a/b/c/d/e",
  "/zookeeperish",
  "/app/zookeeper",
  "/a/.b/c.",
  "/a/.../b",
  "/ünïcode/ключ",
  "/with space",
];

const NOT_ABSOLUTE = "must be an absolute znode path below '/', such as /flink";
const CONTROL = "contains a control character; remove it";
const SEGMENT = "has an empty, '.' or '..' segment; write it like /flink/cluster-1";
const RESERVED = "is inside ZooKeeper's reserved /zookeeper tree; choose another root";

/** [path, exact reason] */
const INVALID: [string, string][] = [
  ["", `"" ${NOT_ABSOLUTE}`],
  ["/", `"/" ${NOT_ABSOLUTE}`],
  ["flink", `"flink" ${NOT_ABSOLUTE}`],
  ["flink/cluster-1", `"flink/cluster-1" ${NOT_ABSOLUTE}`],
  ["./flink", `"./flink" ${NOT_ABSOLUTE}`],
  ["/a//b", `"/a//b" ${SEGMENT}`],
  ["//a", `"//a" ${SEGMENT}`],
  ["/a/", `"/a/" ${SEGMENT}`],
  ["/a/./b", `"/a/./b" ${SEGMENT}`],
  ["/a/../b", `"/a/../b" ${SEGMENT}`],
  ["/.", `"/." ${SEGMENT}`],
  ["/..", `"/.." ${SEGMENT}`],
  ["/zookeeper", `"/zookeeper" ${RESERVED}`],
  ["/zookeeper/x", `"/zookeeper/x" ${RESERVED}`],
  ["/zookeeper/config", `"/zookeeper/config" ${RESERVED}`],
  ["/a\nb", `"/a\\nb" ${CONTROL}`],
  ["/a\tb", `"/a\\tb" ${CONTROL}`],
  ["/a\rb", `"/a\\rb" ${CONTROL}`],
  ["/a\u0000b", `"/a\\u0000b" ${CONTROL}`],
  ["/a\u0001b", `"/a\\u0001b" ${CONTROL}`],
  ["/a\u001fb", `"/a\\u001fb" ${CONTROL}`],
  ["/a\u007fb", `"/a\\u007fb" ${CONTROL}`],
  // Control characters are reported before segment problems.
  ["/a//\nb", `"/a//\\nb" ${CONTROL}`],
  ["/flink\n", `"/flink\\n" ${CONTROL}`],
];

void describe("znodePathProblem", () => {
  for (const path of VALID) {
    void it(`accepts ${JSON.stringify(path)}`, () => {
      assert.equal(znodePathProblem("path", path), undefined);
    });
  }
  for (const [path, reason] of INVALID) {
    void it(`rejects ${JSON.stringify(path)}`, () => {
      assert.deepEqual(znodePathProblem("path", path), { property: "path", reason });
    });
  }

  // ZooKeeper's PathUtils.validatePath also rejects U+007F-U+009F, U+D800-U+F8FF and
  // U+FFF0-U+FFFF; without this check such a path would fail only when the server is asked.
  void it("rejects the characters ZooKeeper's PathUtils rejects", () => {
    for (const path of ["/a\u0085b", "/a\u009fb", "/a\ue000b", "/a\ufff0b", "/a\uffffb"]) {
      const problem = znodePathProblem("path", path);
      assert.ok(problem, `${JSON.stringify(path)} was accepted`);
      assert.equal(problem.property, "path");
    }
  });

  void it("reports under the property it was given", () => {
    assert.deepEqual(znodePathProblem("highAvailability.zookeeperRoot", "flink"), {
      property: "highAvailability.zookeeperRoot",
      reason: `"flink" ${NOT_ABSOLUTE}`,
    });
  });
});

void describe("joinZnodePath", () => {
  const cases: [string[], string][] = [
    [["flink", "cluster-1"], "/flink/cluster-1"],
    [["/flink", "/cluster-1"], "/flink/cluster-1"],
    [["/flink/", "/cluster-1/"], "/flink/cluster-1"],
    [["//flink//", "//ha//"], "/flink/ha"],
    [["/flink", "", "leader"], "/flink/leader"],
    [["/", "flink"], "/flink"],
    [["flink/ha", "jobs"], "/flink/ha/jobs"],
    [["oozie"], "/oozie"],
    [[], "/"],
    [[""], "/"],
    [["/", "/"], "/"],
  ];
  for (const [parts, expected] of cases) {
    void it(`${JSON.stringify(parts)} -> ${expected}`, () => {
      assert.equal(joinZnodePath(...parts), expected);
    });
  }

  void it("joins parts into paths znodePathProblem accepts", () => {
    for (const [parts, expected] of cases) {
      if (expected !== "/") {
        assert.equal(znodePathProblem("path", joinZnodePath(...parts)), undefined, expected);
      }
    }
  });
});
