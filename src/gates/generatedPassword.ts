import * as pulumi from "@pulumi/pulumi";
import { generatedPasswordProvider } from "./generatedPasswordProvider";

export interface GeneratedPasswordArgs {
  /** Random bytes drawn (16 to 64); the password is their base64url text. Defaults to 24. */
  bytes?: pulumi.Input<number>;
}

/**
 * A password drawn once from the operating system's random source and kept in the stack's state
 * as a secret. No provider plugin is needed (unlike `@pulumi/random`).
 *
 * ## Example
 * ```ts
 * const password = new GeneratedPassword("db-password").value; // Output<string>, secret
 * ```
 */
export class GeneratedPassword extends pulumi.dynamic.Resource {
  /** The password; a Pulumi secret. */
  declare readonly value: pulumi.Output<string>;

  constructor(name: string, args: GeneratedPasswordArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(
      generatedPasswordProvider,
      name,
      { bytes: args.bytes ?? 24, value: undefined },
      { ...opts, additionalSecretOutputs: ["value"] },
      "pulumi-zk-ha",
      "GeneratedPassword",
    );
  }
}
