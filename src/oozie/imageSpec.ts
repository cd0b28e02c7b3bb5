import * as fs from "node:fs";
import * as path from "node:path";
import type { Problem } from "../common/problems";
import * as rules from "../common/rules";
import {
  OOZIE_IMAGE_DEFAULTS,
  OOZIE_RECIPE_DIR,
  RECIPE_OOZIE_VERSION,
  type OozieImageArgs,
  type OozieImageBuilderVersion,
  type OozieLibLayout,
} from "./imageArgs";

const LAYOUTS: readonly string[] = ["stock", "older"];
const BUILDERS: readonly string[] = ["BuilderV1", "BuilderBuildKit"];
const MAX_UID = 2147483647;

// A Docker image reference, as the engine parses it: an optional registry host (which alone may
// hold capitals, dots and a port), lowercase path components, an optional tag and digest.
const HOST =
  "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?";
const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
const NAME = `(?:${HOST}/)?${COMPONENT}(?:/${COMPONENT})*`;
const REFERENCE = new RegExp(`^${NAME}(?::${TAG})?(?:@sha256:[0-9a-f]{64})?$`);
/** What the image is tagged with: a name and a tag, no digest. */
const LOCAL_NAME = new RegExp(`^${NAME}(?::${TAG})?$`);

/** The build, as plain data: what the docker.Image is given. */
export interface OozieImageSpec {
  /** The recipe directory, absolute. */
  readonly context: string;
  /** Its Dockerfile, absolute. */
  readonly dockerfile: string;
  readonly imageName: string;
  readonly libLayout: OozieLibLayout;
  /** Every build argument of the recipe, defaults included. */
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly builderVersion?: OozieImageBuilderVersion;
}

/** Every problem with the arguments; empty when they can be built. */
export function validateOozieImage(args: OozieImageArgs): Problem[] {
  const problems: Problem[] = [];
  if (args.libLayout !== undefined && !LAYOUTS.includes(args.libLayout)) {
    problems.push({
      property: "libLayout",
      reason: `"${rules.escapeControl(args.libLayout)}" is not a lib layout; use "stock" (upstream's) or "older" (lib/ without curator-x-discovery)`,
    });
  }
  const references: [string, string | undefined, string][] = [
    ["mavenImage", args.mavenImage, OOZIE_IMAGE_DEFAULTS.mavenImage],
    ["baseImage", args.baseImage, OOZIE_IMAGE_DEFAULTS.baseImage],
  ];
  for (const [property, value, example] of references) {
    if (value !== undefined && !REFERENCE.test(value)) {
      problems.push({
        property,
        reason: `"${rules.escapeControl(value)}" is not a Docker image reference such as ${example}`,
      });
    }
  }
  if (args.imageName !== undefined && !LOCAL_NAME.test(args.imageName)) {
    problems.push({
      property: "imageName",
      reason: `"${rules.escapeControl(args.imageName)}" is not a local image name (repository:tag, lowercase) such as ${OOZIE_IMAGE_DEFAULTS.repository}:${RECIPE_OOZIE_VERSION}`,
    });
  }
  if (args.uid !== undefined) {
    problems.push(...rules.definedProblems(rules.positiveInteger("uid", args.uid, MAX_UID)));
  }
  if (args.builderVersion !== undefined && !BUILDERS.includes(args.builderVersion)) {
    problems.push({
      property: "builderVersion",
      reason: `"${rules.escapeControl(args.builderVersion)}" is not a builder; use "BuilderBuildKit" or "BuilderV1"`,
    });
  }
  return problems;
}

/** The default local name of an image of this layout. */
export function defaultOozieImageName(layout: OozieLibLayout): string {
  const suffix = layout === "stock" ? "" : `-${layout}`;
  return `${OOZIE_IMAGE_DEFAULTS.repository}:${RECIPE_OOZIE_VERSION}${suffix}`;
}

/** Applies defaults; assumes `validateOozieImage` found no problems. */
export function resolveOozieImageSpec(
  args: OozieImageArgs,
  recipeDir: string = OOZIE_RECIPE_DIR,
): OozieImageSpec {
  const libLayout = args.libLayout ?? OOZIE_IMAGE_DEFAULTS.libLayout;
  return {
    context: recipeDir,
    dockerfile: path.join(recipeDir, "Dockerfile"),
    imageName: args.imageName ?? defaultOozieImageName(libLayout),
    libLayout,
    buildArgs: {
      BASE_IMAGE: args.baseImage ?? OOZIE_IMAGE_DEFAULTS.baseImage,
      MAVEN_IMAGE: args.mavenImage ?? OOZIE_IMAGE_DEFAULTS.mavenImage,
      OOZIE_LIB_LAYOUT: libLayout,
      OOZIE_UID: String(args.uid ?? OOZIE_IMAGE_DEFAULTS.uid),
    },
    ...(args.builderVersion === undefined ? {} : { builderVersion: args.builderVersion }),
  };
}

/**
 * Fails, naming the path, when the recipe is not where the compiled module expects it: a
 * packaging mistake, which the provider would otherwise report as a missing Dockerfile.
 */
export function assertRecipePresent(spec: OozieImageSpec): void {
  if (!fs.existsSync(spec.dockerfile)) {
    throw new Error(
      `the Oozie image recipe is missing: no ${spec.dockerfile}. The package ships it in images/oozie beside build/src; reinstall pulumi-zk-ha, or set an image of your own instead of building one`,
    );
  }
}
