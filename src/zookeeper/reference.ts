import type * as pulumi from "@pulumi/pulumi";
import { ZooKeeperEnsemble } from "./ensemble";
import { grantedSessionRange } from "./ensembleTiming";

/**
 * An ensemble managed elsewhere (another stack's outputs, an ensemble outside Docker), as the
 * plain facts a {@link ZooKeeperEnsemble} exposes itself. The timing is required: the clients'
 * session timeouts are derived from it and checked against it, and the component cannot read
 * it from servers it did not create.
 */
export interface ZooKeeperConnection {
  /** `host:port,...` the client containers dial, without a chroot. */
  connectString: pulumi.Input<string>;
  /** `host:port,...` Pulumi itself reaches, for the gates that read ZooKeeper. */
  readinessConnectString: pulumi.Input<string>;
  /** Docker network the servers are reachable on; unplaced clients join it. */
  networkName?: pulumi.Input<string>;
  /** A gate that exists once the ensemble serves (such as its QuorumReady). */
  quorumReady?: pulumi.Resource;
  /** The servers' tickTime in ms (ZooKeeper's own default is 2000). */
  tickTime: number;
  /**
   * The longest session the servers grant, in ms (`maxSessionTimeout`). Defaults to 20 ticks,
   * ZooKeeper's own default.
   */
  maxSessionTimeout?: number;
}

/**
 * What FlinkHaCluster and OozieHaCluster take as `zookeeper`: the {@link ZooKeeperEnsemble}
 * itself, or the {@link ZooKeeperConnection} facts of an ensemble managed elsewhere.
 */
export type ZooKeeperReference = ZooKeeperEnsemble | ZooKeeperConnection;

/** The facts the client components use, whichever form the reference took. */
export interface ZooKeeperFacts {
  readonly connectString: pulumi.Input<string>;
  readonly readinessConnectString: pulumi.Input<string>;
  readonly networkName?: pulumi.Input<string>;
  readonly quorumReady?: pulumi.Resource;
  readonly tickTime: number;
  readonly maxSessionTimeout: number;
  /**
   * The servers and their network aliases, which clients on other Docker hosts cannot resolve:
   * known for a ZooKeeperEnsemble; empty for a connection (an alias cannot be told from a
   * hostname).
   */
  readonly servers: pulumi.Input<readonly { readonly alias: string }[]>;
}

/** True when the reference is the component rather than plain facts. */
export function isEnsemble(reference: ZooKeeperReference): reference is ZooKeeperEnsemble {
  return reference instanceof ZooKeeperEnsemble;
}

/** The one place a reference becomes facts: both client components call this. */
export function resolveZooKeeper(reference: ZooKeeperReference): ZooKeeperFacts {
  if (isEnsemble(reference)) {
    return {
      connectString: reference.connectString,
      readinessConnectString: reference.readinessConnectString,
      networkName: reference.networkName,
      quorumReady: reference.quorumReady,
      tickTime: reference.tickTime,
      maxSessionTimeout: reference.maxSessionTimeout,
      servers: reference.servers,
    };
  }
  return {
    connectString: reference.connectString,
    readinessConnectString: reference.readinessConnectString,
    ...(reference.networkName === undefined ? {} : { networkName: reference.networkName }),
    ...(reference.quorumReady === undefined ? {} : { quorumReady: reference.quorumReady }),
    tickTime: reference.tickTime,
    maxSessionTimeout: grantedSessionRange(reference.tickTime, reference.maxSessionTimeout).max,
    servers: [],
  };
}
