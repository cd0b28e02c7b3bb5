import type { OozieImageArgs, OozieLibLayout } from "../oozie/imageArgs";
import { validateOozieImage } from "../oozie/imageSpec";
import type { StackConfigReader } from "./stackConfig";

/** Where the Oozie servers' image comes from: the one config names, or a build of the recipe. */
export type OozieImageSource = { readonly name: string } | { readonly build: OozieImageArgs };

/** The config key of each OozieImage input the stack config can set. */
const BUILD_KEYS: Readonly<Record<string, string>> = {
  libLayout: "oozieImageLayout",
  mavenImage: "oozieMavenImage",
  baseImage: "oozieBaseImage",
};

/**
 * Reads the Oozie image settings: `oozieImage` names an image of your own; without it the stack
 * builds one from the package's recipe, with `oozieImageLayout`, `oozieMavenImage` and
 * `oozieBaseImage` as its build arguments. Those three are refused next to `oozieImage`, where
 * they would do nothing, and checked as OozieImage checks them, under their config names.
 */
export function readOozieImageSource(read: StackConfigReader): OozieImageSource {
  const name = read.string("oozieImage");
  const libLayout = read.string("oozieImageLayout");
  const mavenImage = read.string("oozieMavenImage");
  const baseImage = read.string("oozieBaseImage");
  const build: OozieImageArgs = {
    // A wrong value is reported by validateOozieImage below, under its config name.
    ...(libLayout === undefined ? {} : { libLayout: libLayout as OozieLibLayout }),
    ...(mavenImage === undefined ? {} : { mavenImage }),
    ...(baseImage === undefined ? {} : { baseImage }),
  };
  if (name !== undefined) {
    if (name.trim() === "") {
      read.refuse(
        "oozieImage",
        "is empty; name your Oozie 5 image, or remove the key (pulumi config rm oozieImage) and the stack builds one",
      );
    }
    for (const input of Object.keys(build)) {
      const key = BUILD_KEYS[input] ?? input;
      read.refuse(
        key,
        `only used when the stack builds the Oozie image, and oozieImage names one; remove ${key} (pulumi config rm ${key}), or remove oozieImage to build`,
      );
    }
    return { name };
  }
  for (const problem of validateOozieImage(build)) {
    read.refuse(BUILD_KEYS[problem.property] ?? problem.property, problem.reason);
  }
  return { build };
}
