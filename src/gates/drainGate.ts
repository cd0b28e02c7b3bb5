import * as pulumi from "@pulumi/pulumi";
import { drainGateProvider } from "./drainGateProvider";

export interface DrainGateArgs {
  /** Base URLs (".../oozie") Pulumi reaches the servers on. */
  urls: pulumi.Input<pulumi.Input<string>[]>;
  /** "refuse" (default), "safemode" or "force"; see {@link DrainGate}. */
  mode?: pulumi.Input<"refuse" | "safemode" | "force">;
  /** How long "safemode" waits for workflows. Defaults to 600. */
  timeoutSeconds?: pulumi.Input<number>;
  /** Bound on each HTTP request. Defaults to 5000. */
  attemptTimeoutMs?: pulumi.Input<number>;
  /**
   * Values whose change means the servers are about to be replaced, such as a hash of their
   * configuration: the gate checks again whenever they change.
   */
  triggers?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * "No task is running" as a graph edge: servers that depend on this gate are replaced only
 * after it has asked the running servers (`GET /v1/jobs`, RUNNING, PREP and SUSPENDED, for
 * workflows, coordinators and bundles) and found nothing active. With jobs active it fails and
 * lists their ids, unless the mode is "safemode" (SAFEMODE, then wait for the workflows) or
 * "force". A server that refuses the connection is not running and has nothing to drain.
 * In "safemode" the servers stay in SAFEMODE through the replacement: put a
 * {@link SafeModeRelease} after the servers to bring them back to NORMAL.
 *
 * ## Example
 * ```ts
 * const drain = new DrainGate("drain", {
 *   urls: ["http://127.0.0.1:11000/oozie"],
 *   triggers: [configHash],
 * });
 * ```
 */
export class DrainGate extends pulumi.dynamic.Resource {
  /** Servers that answered when the gate last passed. */
  declare readonly answered: pulumi.Output<string[]>;
  /** Jobs active when the gate last passed (only with "safemode" or "force"). */
  declare readonly activeJobs: pulumi.Output<string[]>;
  /** Servers the last run left in SAFEMODE for the replacement ("safemode" only). */
  declare readonly drained: pulumi.Output<string[]>;
  /** When the gate last passed: changes on every run. */
  declare readonly passedAt: pulumi.Output<string>;

  constructor(name: string, args: DrainGateArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      drainGateProvider,
      name,
      {
        urls: args.urls,
        mode: args.mode ?? "refuse",
        timeoutSeconds: args.timeoutSeconds ?? 600,
        attemptTimeoutMs: args.attemptTimeoutMs ?? 5000,
        triggers: args.triggers ?? [],
        answered: undefined,
        activeJobs: undefined,
        drained: undefined,
        passedAt: undefined,
      },
      opts,
      "pulumi-zk-ha",
      "DrainGate",
    );
  }
}
