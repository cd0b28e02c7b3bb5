import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { OozieImage, type OozieImageArgs } from "../../src";
import { OOZIE_IMAGE_DEFAULTS, OOZIE_RECIPE_DIR } from "../../src/oozie/imageArgs";
import {
  assertRecipePresent,
  resolveOozieImageSpec,
  validateOozieImage,
} from "../../src/oozie/imageSpec";
import { recordProgram } from "../helpers/recordingMonitor";
import { assertProblems } from "../helpers/problems";

const IMAGE = "docker:index/image:Image";
const COMPONENT = "pulumi-zk-ha:oozie:OozieImage";
const REPO = path.join(__dirname, "..", "..", "..");
const ID = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/** The `ARG NAME=default` lines of the recipe's Dockerfile. */
function dockerfileArgs(): Record<string, string> {
  const text = fs.readFileSync(path.join(REPO, "images", "oozie", "Dockerfile"), "utf8");
  return Object.fromEntries(
    [...text.matchAll(/^ARG ([A-Z_]+)=(\S+)$/gm)].map((m) => [m[1] ?? "", m[2] ?? ""]),
  );
}

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) =>
    output.apply((value) => {
      resolve(value);
      return value;
    }),
  );
}

void describe("OozieImage under mocks", () => {
  void it("builds the package's recipe locally with every build argument, and reports the built image's id", async () => {
    let image: OozieImage | undefined;
    const monitor = await recordProgram(
      () => {
        image = new OozieImage("oozie-image");
      },
      { stateFor: (args) => (args.type === IMAGE ? { repoDigest: ID } : {}) },
    );
    assert.deepEqual(
      monitor.registrations.map((r) => [r.type, r.name]),
      [
        [COMPONENT, "oozie-image"],
        [IMAGE, "oozie-image-build"],
      ],
    );
    const build = monitor.byName("oozie-image-build");
    assert.equal(build.parent, monitor.byName("oozie-image").urn);
    assert.deepEqual(build.inputs, {
      imageName: "pulumi-zk-ha/oozie:5.2.1",
      build: {
        context: path.join(REPO, "images", "oozie"),
        dockerfile: path.join(REPO, "images", "oozie", "Dockerfile"),
        args: {
          BASE_IMAGE: "eclipse-temurin:17-jre",
          MAVEN_IMAGE: "maven:3.9-eclipse-temurin-17",
          OOZIE_LIB_LAYOUT: "stock",
          OOZIE_UID: "1001",
        },
      },
      // The SDK's default, kept: a preview never builds.
      buildOnPreview: false,
      skipPush: true,
    });
    assert.ok(image);
    assert.equal(await valueOf(image.imageId), ID);
    assert.equal(await valueOf(image.imageName), "pulumi-zk-ha/oozie:5.2.1");
    assert.equal(image.libLayout, "stock");
  });

  void it("passes the older layout, local base images, a uid and a builder, and tags the older layout apart", async () => {
    const monitor = await recordProgram(() => {
      new OozieImage("legacy", {
        libLayout: "older",
        mavenImage: "local/maven:3.9",
        baseImage: "registry.internal:5000/base/jre:17",
        uid: 2000,
        builderVersion: "BuilderV1",
      });
    });
    const build = monitor.byName("legacy-build").inputs as {
      imageName: string;
      build: { args: Record<string, string>; builderVersion: string };
    };
    assert.equal(build.imageName, "pulumi-zk-ha/oozie:5.2.1-older");
    assert.deepEqual(build.build.args, {
      BASE_IMAGE: "registry.internal:5000/base/jre:17",
      MAVEN_IMAGE: "local/maven:3.9",
      OOZIE_LIB_LAYOUT: "older",
      OOZIE_UID: "2000",
    });
    assert.equal(build.build.builderVersion, "BuilderV1");
  });

  void it("takes a name of the user's own", async () => {
    const monitor = await recordProgram(() => {
      new OozieImage("mine", { imageName: "example/oozie:5.2.1-dev" });
    });
    assert.equal(monitor.byName("mine-build").inputs["imageName"], "example/oozie:5.2.1-dev");
  });

  void it("refuses bad input before building anything, naming every field", async () => {
    let thrown: unknown;
    const monitor = await recordProgram(() => {
      try {
        new OozieImage("bad", {
          libLayout: "newest" as never,
          mavenImage: "",
          baseImage: "Temurin:17",
          uid: 0,
          imageName: "pulumi-zk-ha/oozie@sha256:" + "0".repeat(64),
          builderVersion: "BuilderV3" as never,
        });
      } catch (error) {
        thrown = error;
      }
    });
    assert.ok(pulumi.InputPropertiesError.isInstance(thrown), String(thrown));
    assert.deepEqual(
      thrown.errors.map((e) => e.propertyPath),
      ["libLayout", "mavenImage", "baseImage", "imageName", "uid", "builderVersion"],
    );
    assert.match(thrown.message, /^OozieImage "bad" has 6 invalid input\(s\):\n/);
    assert.deepEqual(monitor.ofType(IMAGE), []);
  });
});

void describe("the Oozie image recipe", () => {
  void it("is where the compiled module looks: images/oozie at the package root", () => {
    assert.equal(OOZIE_RECIPE_DIR, path.join(REPO, "images", "oozie"));
    assert.ok(fs.statSync(path.join(OOZIE_RECIPE_DIR, "Dockerfile")).isFile());
  });

  void it("has exactly the build arguments the component passes, with the defaults it passes", () => {
    const spec = resolveOozieImageSpec({});
    assert.deepEqual(dockerfileArgs(), spec.buildArgs);
    assert.deepEqual(dockerfileArgs(), {
      MAVEN_IMAGE: OOZIE_IMAGE_DEFAULTS.mavenImage,
      BASE_IMAGE: OOZIE_IMAGE_DEFAULTS.baseImage,
      OOZIE_LIB_LAYOUT: OOZIE_IMAGE_DEFAULTS.libLayout,
      OOZIE_UID: String(OOZIE_IMAGE_DEFAULTS.uid),
    });
  });

  void it("fails with the path it looked at when the recipe is missing", () => {
    const spec = resolveOozieImageSpec({}, "/nonexistent/images/oozie");
    assert.throws(() => {
      assertRecipePresent(spec);
    }, /^Error: the Oozie image recipe is missing: no \/nonexistent\/images\/oozie\/Dockerfile\. /);
    assert.doesNotThrow(() => {
      assertRecipePresent(resolveOozieImageSpec({}));
    });
  });
});

type Case = [title: string, args: OozieImageArgs, expected: [string, RegExp][]];

// One row per rule: the arguments that break it (or pass it) and exactly the problems expected.
const CASES: Case[] = [
  ["defaults", {}, []],
  ["both layouts", { libLayout: "older" }, []],
  [
    "unknown layout",
    { libLayout: "Older" as never },
    [["libLayout", /^"Older" is not a lib layout; use "stock" .* or "older"/]],
  ],
  [
    "references the engine takes",
    {
      mavenImage: "maven:3.9-eclipse-temurin-17",
      baseImage: `localhost:5000/base/jre_17:17.0.9-jre@sha256:${"a".repeat(64)}`,
    },
    [],
  ],
  [
    "image with a space",
    { baseImage: "eclipse temurin" },
    [
      [
        "baseImage",
        /^"eclipse temurin" is not a Docker image reference such as eclipse-temurin:17-jre$/,
      ],
    ],
  ],
  [
    "uppercase repository",
    { mavenImage: "Maven:3" },
    [
      [
        "mavenImage",
        /^"Maven:3" is not a Docker image reference such as maven:3\.9-eclipse-temurin-17$/,
      ],
    ],
  ],
  ["empty image", { baseImage: "" }, [["baseImage", /^"" is not a Docker image reference/]]],
  ["newline in image", { baseImage: "jre\n" }, [["baseImage", /^"jre\\n" is not/]]],
  [
    "name with a digest",
    { imageName: `x/oozie@sha256:${"b".repeat(64)}` },
    [
      [
        "imageName",
        /is not a local image name \(repository:tag, lowercase\) such as pulumi-zk-ha\/oozie:5\.2\.1$/,
      ],
    ],
  ],
  ["uid 0", { uid: 0 }, [["uid", /^0 is not allowed; use a whole number from 1 to 2147483647$/]]],
  ["fractional uid", { uid: 1000.5 }, [["uid", /^1000\.5 is not allowed/]]],
  ["legacy builder", { builderVersion: "BuilderV1" }, []],
  [
    "unknown builder",
    { builderVersion: "buildx" as never },
    [["builderVersion", /^"buildx" is not a builder; use "BuilderBuildKit" or "BuilderV1"$/]],
  ],
];

void describe("validateOozieImage", () => {
  for (const [title, args, expected] of CASES) {
    void it(title, () => {
      const problems = validateOozieImage(args);
      assertProblems(problems, expected);
    });
  }
});
