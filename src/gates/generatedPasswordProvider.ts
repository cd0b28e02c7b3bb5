import { randomBytes } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import type { Problem } from "../common/problems";
import { boundedIntegerProblems } from "./unknowns";

export interface GeneratedPasswordInputs {
  /** Random bytes drawn; the password is their base64url text. */
  bytes: number;
}

export interface GeneratedPasswordOutputs extends GeneratedPasswordInputs {
  value: string;
}

export function validateGeneratedPasswordInputs(
  inputs: Partial<GeneratedPasswordInputs>,
): Problem[] {
  // Fewer than 16 random bytes is too weak for a password kept for the database's life.
  return boundedIntegerProblems(inputs, [["bytes", 64, 16]]);
}

/**
 * Provider of {@link GeneratedPassword}: draws the password once, on create, from the operating
 * system's random source. It never changes afterwards (nothing in `diff` asks for it), so a
 * database initialised with it keeps matching what its clients are given.
 */
export const generatedPasswordProvider: pulumi.dynamic.ResourceProvider = {
  check: (_olds: unknown, news: GeneratedPasswordInputs) =>
    Promise.resolve({ inputs: news, failures: validateGeneratedPasswordInputs(news) }),
  diff: (_id: string, olds: GeneratedPasswordOutputs, news: GeneratedPasswordInputs) =>
    Promise.resolve({
      changes: olds.bytes !== news.bytes,
      // A new length is a new password: replace, so whatever uses it is replaced too.
      replaces: olds.bytes !== news.bytes ? ["bytes"] : [],
    }),
  create: (inputs: GeneratedPasswordInputs) => {
    const value = randomBytes(inputs.bytes).toString("base64url");
    return Promise.resolve({ id: `generated-${inputs.bytes}`, outs: { ...inputs, value } });
  },
};
