import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { throwIfProblems } from "../common/problems";
import type { OozieImageArgs, OozieLibLayout } from "./imageArgs";
import { assertRecipePresent, resolveOozieImageSpec, validateOozieImage } from "./imageSpec";

export const OOZIE_IMAGE_TYPE = "pulumi-zk-ha:oozie:OozieImage";

/**
 * A real Apache Oozie 5.2.1 image, built on the Docker engine from this package's own recipe
 * (`images/oozie`: jars from Maven Central, a start script of its own), tagged locally and never
 * pushed. `pulumi up` builds it when the recipe or a build argument changes; a preview does not
 * build.
 *
 * Give {@link imageId} to {@link OozieHaCluster}'s `image`: it is the built image's id, so the
 * servers are replaced (after the drain check) exactly when a build changes the image, whereas
 * the tag stays the same across builds.
 *
 * The image exists only on the engine of the component's Docker provider; servers placed on
 * other hosts need an image from a registry they reach.
 *
 * ## Example
 * ```ts
 * const image = new OozieImage("oozie-image", { libLayout: "older" });
 * const oozie = new OozieHaCluster("oozie", {
 *   image: image.imageId,
 *   legacyCuratorJarCopy: true,
 *   curatorVersion: RECIPE_CURATOR_VERSION,
 *   // ...
 * });
 * ```
 */
export class OozieImage extends pulumi.ComponentResource {
  readonly image: docker.Image;
  /**
   * The built image's id (`sha256:...`), what containers should run: it changes whenever a
   * build changes the image. Unknown in a preview of a build that has not run yet.
   */
  readonly imageId: pulumi.Output<string>;
  /** The local tag (`repository:tag`), the same across builds. */
  readonly imageName: pulumi.Output<string>;
  readonly libLayout: OozieLibLayout;

  constructor(name: string, args: OozieImageArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super(OOZIE_IMAGE_TYPE, name, {}, opts);
    throwIfProblems(this, `OozieImage "${name}"`, validateOozieImage(args));
    const spec = resolveOozieImageSpec(args);
    assertRecipePresent(spec);
    this.libLayout = spec.libLayout;
    this.image = new docker.Image(
      `${name}-build`,
      {
        imageName: spec.imageName,
        build: {
          context: spec.context,
          dockerfile: spec.dockerfile,
          args: { ...spec.buildArgs },
          ...(spec.builderVersion === undefined ? {} : { builderVersion: spec.builderVersion }),
        },
        // A local image: the engine that runs the servers is the one that built it.
        skipPush: true,
      },
      { parent: this },
    );
    // For an image that is not pushed, the provider reports the local image id here.
    this.imageId = this.image.repoDigest;
    this.imageName = this.image.imageName;
    this.registerOutputs({ imageId: this.imageId, imageName: this.imageName });
  }
}
