import * as pulumi from "@pulumi/pulumi";
import { oozieHaVerifiedProvider } from "./oozieHaVerifiedProvider";

export interface OozieHaVerifiedArgs {
  /** Connect string Pulumi (not the containers) reaches ZooKeeper on. */
  connectString: pulumi.Input<string>;
  /** `oozie.zookeeper.namespace`. Defaults to "oozie". */
  namespace?: pulumi.Input<string>;
  /** The `oozie.instance.id` of every server. */
  instanceIds: pulumi.Input<pulumi.Input<string>[]>;
  /** How long to wait. Defaults to 300. */
  timeoutSeconds?: pulumi.Input<number>;
  /** Bound on each ZooKeeper session. Defaults to 5000. */
  attemptTimeoutMs?: pulumi.Input<number>;
  /** Values whose change re-runs the check, such as the container ids. */
  triggers?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * Passes once every Oozie server has registered under `/<namespace>/services/servers` (where
 * Oozie's ZKUtils advertises each server through Curator service discovery): proof that HA is
 * on, not only that the processes run. Fails after `timeoutSeconds`, naming the servers that
 * did not register.
 */
export class OozieHaVerified extends pulumi.dynamic.Resource {
  /** The registered instance ids when the gate passed. */
  declare readonly registered: pulumi.Output<string[]>;

  constructor(name: string, args: OozieHaVerifiedArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      oozieHaVerifiedProvider,
      name,
      {
        connectString: args.connectString,
        namespace: args.namespace ?? "oozie",
        instanceIds: args.instanceIds,
        timeoutSeconds: args.timeoutSeconds ?? 300,
        attemptTimeoutMs: args.attemptTimeoutMs ?? 5000,
        triggers: args.triggers ?? [],
        registered: undefined,
      },
      opts,
      "pulumi-zk-ha",
      "OozieHaVerified",
    );
  }
}
