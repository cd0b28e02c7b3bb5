import * as path from "node:path";

/**
 * How the image lays out `lib/` (the recipe's `OOZIE_LIB_LAYOUT`):
 * - "stock": `lib` is a symlink to the webapp's `WEB-INF/lib`, as upstream Oozie 5.2.1 lays it
 *   out, so curator-x-discovery is on the server's class path;
 * - "older": `lib/` is a directory of the same jars without curator-x-discovery, like an
 *   installation whose `lib/` an older release laid down. Its servers start only with
 *   OozieHaCluster's `legacyCuratorJarCopy: true` and `curatorVersion:`
 *   {@link RECIPE_CURATOR_VERSION}.
 */
export type OozieLibLayout = "stock" | "older";

/** The Docker builder the provider asks the engine for. */
export type OozieImageBuilderVersion = "BuilderV1" | "BuilderBuildKit";

/** Inputs of {@link OozieImage}: the build arguments of the recipe in `images/oozie`. */
export interface OozieImageArgs {
  /** `OOZIE_LIB_LAYOUT`: "stock" or "older" (see {@link OozieLibLayout}). Defaults to "stock". */
  libLayout?: OozieLibLayout;
  /**
   * `MAVEN_IMAGE`, the fetch stage: any image with Maven 3.6.3+ and a JDK. Defaults to
   * "maven:3.9-eclipse-temurin-17", which fetches the jars from Maven Central. On a machine
   * without a registry, name a local image (and put a Maven repository at
   * `images/oozie/maven/repository/`, see the recipe's README).
   */
  mavenImage?: string;
  /**
   * `BASE_IMAGE`, the runtime stage: any image with Java 17 and bash. Defaults to
   * "eclipse-temurin:17-jre". On a machine without a registry, name a local image.
   */
  baseImage?: string;
  /** `OOZIE_UID`, the uid of the `oozie` user the server runs as. Defaults to 1001. */
  uid?: number;
  /**
   * The local name (`repository:tag`) the image is tagged with; it is never pushed. Defaults to
   * "pulumi-zk-ha/oozie:5.2.1", or "pulumi-zk-ha/oozie:5.2.1-older" for the older layout.
   */
  imageName?: string;
  /**
   * The Docker builder. Defaults to the provider's default, BuildKit; "BuilderV1", the legacy
   * builder, for engines whose BuildKit cannot build (it resolves `FROM` against local images only).
   */
  builderVersion?: OozieImageBuilderVersion;
}

/** The Oozie release the recipe builds. */
export const RECIPE_OOZIE_VERSION = "5.2.1";

/**
 * The curator-x-discovery version upstream Oozie 5.2.1 ships in its webapp lib dir: the jar
 * `legacyCuratorJarCopy` copies into `lib/` of the older layout.
 */
export const RECIPE_CURATOR_VERSION = "2.5.0";

/** The recipe's own defaults (its Dockerfile's ARG lines), passed explicitly on every build. */
export const OOZIE_IMAGE_DEFAULTS = {
  libLayout: "stock" as OozieLibLayout,
  mavenImage: "maven:3.9-eclipse-temurin-17",
  baseImage: "eclipse-temurin:17-jre",
  uid: 1001,
  repository: "pulumi-zk-ha/oozie",
} as const;

/**
 * The recipe directory (Dockerfile and build context). This module compiles to
 * `build/src/oozie/`; the recipe is `images/oozie/` at the package root, three levels up, both
 * in this repository and in an installed package (package.json `files` ships `images/oozie`).
 */
export const OOZIE_RECIPE_DIR = path.resolve(__dirname, "..", "..", "..", "images", "oozie");
