import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { recordModule, type Registration } from "./recordingMonitor";

const PROGRAM = path.join(__dirname, "..", "..", "src", "program", "main.js");
export const ROOT_PROJECT = "pulumi-zk-ha";
/** The config the root program cannot run without; the password is a secret, as in a stack. */
const REQUIRED = { oozieImage: "example/oozie:5.2.1", oozieDbPassword: "dev-only" };

/** Records the root program with the required config plus `config`, as stack config sends it. */
export async function recordRootProgram(
  config: Record<string, string> = {},
  options: { preview?: boolean } = {},
): Promise<Registration[]> {
  const all = { ...REQUIRED, ...config };
  pulumi.runtime.setAllConfig(
    Object.fromEntries(
      Object.entries(all).map(([key, value]) => [`${ROOT_PROJECT}:${key}`, value]),
    ),
    [`${ROOT_PROJECT}:oozieDbPassword`],
  );
  const monitor = await recordModule(PROGRAM, { project: ROOT_PROJECT, ...options });
  return monitor.registrations;
}
