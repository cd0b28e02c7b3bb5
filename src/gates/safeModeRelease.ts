import * as pulumi from "@pulumi/pulumi";
import { safeModeReleaseProvider } from "./safeModeReleaseProvider";

export interface SafeModeReleaseArgs {
  /** Base URLs (".../oozie") of every server. */
  urls: pulumi.Input<pulumi.Input<string>[]>;
  /** The DrainGate's `drained`. */
  drained: pulumi.Input<string[]>;
  /** The DrainGate's `passedAt`. */
  drainPassedAt: pulumi.Input<string>;
  /** Bound on each HTTP request. Defaults to 5000. */
  attemptTimeoutMs?: pulumi.Input<number>;
}

/**
 * The end of a drained replacement: once the servers that depend on a {@link DrainGate} in
 * "safemode" are replaced, this puts every server back in NORMAL. Place it after the servers
 * (`dependsOn`). It runs again whenever the gate has run again.
 *
 * ## Example
 * ```ts
 * new SafeModeRelease("release", {
 *   urls: drain.answered,
 *   drained: drain.drained,
 *   drainPassedAt: drain.passedAt,
 * }, { dependsOn: servers });
 * ```
 */
export class SafeModeRelease extends pulumi.dynamic.Resource {
  /** Servers that answered NORMAL on the last run. */
  declare readonly restored: pulumi.Output<string[]>;

  constructor(name: string, args: SafeModeReleaseArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      safeModeReleaseProvider,
      name,
      {
        urls: args.urls,
        drained: args.drained,
        drainPassedAt: args.drainPassedAt,
        attemptTimeoutMs: args.attemptTimeoutMs ?? 5000,
        restored: undefined,
      },
      opts,
      "pulumi-zk-ha",
      "SafeModeRelease",
    );
  }
}
