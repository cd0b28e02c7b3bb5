import type * as pulumi from "@pulumi/pulumi";
import type { OozieImageArgs } from "../oozie/imageArgs";
import type { HaPlatformArgs } from "../platform/platformArgs";
import { defaultNamePrefix } from "../common/namePrefix";
import { validatePlatform } from "../platform/validatePlatform";
import { asConfigProblem } from "./configKeys";
import { readOozieImageSource } from "./oozieImageConfig";
import { StackConfigReader } from "./stackConfig";

/** The platform's arguments but the Oozie image, which is known once the config has passed. */
type ArgsBeforeImage = Omit<HaPlatformArgs, "oozie"> & {
  oozie: Omit<NonNullable<HaPlatformArgs["oozie"]>, "image">;
};

/** What the checks see for an image the recipe will build: a well-formed reference. */
const RECIPE_IMAGE_STAND_IN = "pulumi-zk-ha/oozie:recipe";

/** Builds the Oozie image from the package's recipe; returns what the servers run. */
export type OozieImageBuild = (args: OozieImageArgs) => pulumi.Input<string>;

/**
 * The root program's settings from stack config (`pulumi config set <key> <value>`, kept
 * in Pulumi.<stack>.yaml). Nothing is required: without `oozieImage` the Oozie image is built
 * from the package's recipe (`buildOozieImage`, called only then, and only once every value has
 * passed, so a refused config creates nothing); with `oozieImageLayout` "older" the servers copy
 * the curator jar in (`oozieLegacyCuratorJarCopy` defaults to true then). Without `oozieDbUrl`
 * the platform runs its own PostgreSQL with a generated password; with it, `oozieDbPassword` is
 * required. Every value of the wrong type, missing, or refused by the platform `name` (the
 * `HaPlatform` the program builds) is reported at once under its config key, before anything is
 * created.
 */
export function platformArgsFromConfig(
  config: pulumi.Config,
  buildOozieImage: OozieImageBuild,
  name = "ha",
): HaPlatformArgs {
  const read = new StackConfigReader(config);
  const flinkVersion = read.string("flinkVersion") ?? "2.1.1";
  const flinkImage = read.string("flinkImage");
  // The user an image other than the official one runs Flink as.
  const flinkStorageOwner = read.string("flinkStorageOwner");
  const oozieImage = readOozieImageSource(read);
  // The recipe's older layout lacks curator-x-discovery in lib/: its servers start only once the
  // jar upstream 5.2.1 ships in the webapp lib dir is copied in.
  const olderLayout = "build" in oozieImage && oozieImage.build.libLayout === "older";
  const oozieVersion = read.string("oozieVersion");
  const legacyCuratorJarCopy =
    read.boolean("oozieLegacyCuratorJarCopy") ?? (olderLayout ? true : undefined);
  // Unset, the copy takes the curator-x-discovery jar the image holds, whatever its version.
  const curatorVersion = read.string("oozieCuratorVersion");
  const zookeeperSessionTimeoutSeconds = read.number("oozieZookeeperSessionTimeoutSeconds");
  const oozieDbUrl = read.string("oozieDbUrl");
  const postgresImage = read.string("postgresImage");
  // Unset, the platform's own default, `<project>-<stack>-<name>`: two stacks of this program
  // on one Docker engine then neither collide on names nor share kept volumes.
  const namePrefix = read.string("namePrefix");
  const args: ArgsBeforeImage = {
    ...(namePrefix === undefined ? {} : { namePrefix }),
    zookeeper: {
      size: read.number("zookeeperSize") ?? 3,
      image: read.string("zookeeperImage") ?? "zookeeper:3.9",
      hostClientPortBase: read.number("zookeeperHostPortBase") ?? 2181,
    },
    flink: {
      flinkVersion,
      ...(flinkImage === undefined ? {} : { image: flinkImage }),
      ...(flinkStorageOwner === undefined ? {} : { storageOwner: flinkStorageOwner }),
      jobManagers: read.number("flinkJobManagers") ?? 2,
      taskManagers: read.number("flinkTaskManagers") ?? 1,
      hostRestPortBase: read.number("flinkRestPortBase") ?? 8081,
    },
    oozie: {
      serverCount: read.number("oozieServers") ?? 2,
      baseUrl: read.string("oozieBaseUrl") ?? "http://127.0.0.1:11000/oozie",
      hostHttpPortBase: read.number("oozieHttpPortBase") ?? 11000,
      ...(oozieVersion === undefined ? {} : { oozieVersion }),
      ...(legacyCuratorJarCopy === undefined ? {} : { legacyCuratorJarCopy }),
      ...(curatorVersion === undefined ? {} : { curatorVersion }),
      ...(zookeeperSessionTimeoutSeconds === undefined ? {} : { zookeeperSessionTimeoutSeconds }),
      extraSiteProperties: read.stringMap("oozieSiteProperties") ?? {},
      // Your own database when its URL is set; otherwise the platform runs PostgreSQL itself.
      ...(oozieDbUrl === undefined
        ? {}
        : {
            database: {
              driver: read.string("oozieDbDriver") ?? "org.postgresql.Driver",
              url: oozieDbUrl,
              username: read.string("oozieDbUser") ?? "oozie",
              password:
                read.requiredSecret(
                  "oozieDbPassword",
                  "with oozieDbUrl set, give its password: pulumi config set --secret oozieDbPassword <password>",
                ) ?? "",
            },
          }),
    },
    ...(postgresImage === undefined ? {} : { postgres: { image: postgresImage } }),
  };
  read.throwIfProblems();
  // The platform's own checks, named by the config keys; before anything, the image included,
  // is created. A built image's reference is checked by the build.
  const imageToCheck = "name" in oozieImage ? oozieImage.name : RECIPE_IMAGE_STAND_IN;
  for (const problem of validatePlatform(
    name,
    { ...args, oozie: { ...args.oozie, image: imageToCheck } },
    args.namePrefix ?? defaultNamePrefix(name),
  )) {
    const { property, reason } = asConfigProblem(problem);
    read.refuse(property, reason);
  }
  read.throwIfProblems();
  const image = "name" in oozieImage ? oozieImage.name : buildOozieImage(oozieImage.build);
  return { ...args, oozie: { ...args.oozie, image } };
}
