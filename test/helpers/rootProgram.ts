import { createHash } from "node:crypto";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { recordModule, type Registration, type StateFor } from "./recordingMonitor";

const PROGRAM = path.join(__dirname, "..", "..", "src", "program", "main.js");
export const ROOT_PROJECT = "pulumi-zk-ha";
export const IMAGE = "docker:index/image:Image";

/**
 * What the docker provider reports for a built local image: its id, `sha256:<hex>`. Here a hash
 * of the build's inputs, so a different build gives a different id, as the engine's would.
 */
export const builtImageState: StateFor = (args) =>
  args.type === IMAGE
    ? {
        repoDigest: `sha256:${createHash("sha256").update(JSON.stringify(args.inputs)).digest("hex")}`,
      }
    : {};

/**
 * Records the root program with `config`, as stack config sends it (`oozieDbPassword` as a
 * secret). Nothing is required: without `oozieImage` the program builds the Oozie image, which
 * reports an id once built (not in a preview, where no build runs).
 */
export async function recordRootProgram(
  config: Record<string, string> = {},
  options: { preview?: boolean; stack?: string } = {},
): Promise<Registration[]> {
  pulumi.runtime.setAllConfig(
    Object.fromEntries(
      Object.entries(config).map(([key, value]) => [`${ROOT_PROJECT}:${key}`, value]),
    ),
    [`${ROOT_PROJECT}:oozieDbPassword`],
  );
  const monitor = await recordModule(PROGRAM, {
    project: ROOT_PROJECT,
    ...options,
    ...(options.preview === true ? {} : { stateFor: builtImageState }),
  });
  return monitor.registrations;
}
