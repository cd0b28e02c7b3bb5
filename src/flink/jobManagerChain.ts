import type * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { DockerHost } from "../common/placement";
import { JobManagerOrder } from "../gates/jobManagerOrder";
import { JobManagerRejoined } from "../gates/jobManagerRejoined";
import type { JobManagerSpec } from "./flinkSpec";
import { memberContainer, memberDigest, type MemberInputs } from "./memberContainer";
import { replacedBefore, replacementOrder } from "./replacementOrder";

/** Where the gates find the cluster's leader election. */
export interface ElectionRef {
  readonly connectString: pulumi.Input<string>;
  readonly haPath: pulumi.Output<string>;
}

export interface JobManagerChain {
  /** In index order. */
  readonly containers: docker.Container[];
  /** With rolling replacement, one per JobManager, in index order; else none. */
  readonly gates: JobManagerRejoined[];
  /** With rolling replacement, the gate that orders the JobManagers, the leader last. */
  readonly order: JobManagerOrder | undefined;
}

/**
 * The JobManager containers. With `rollingReplacement` they are created (and so replaced) one at
 * a time: a {@link JobManagerOrder} gate, which runs whenever a JobManager's inputs change, reads
 * the leader and puts it last; each container depends on the `JobManagerRejoined` gate of the one
 * before it in that order, which waits until every JobManager is in leader election again. So
 * the job fails over once, when the leader goes, to a JobManager already running the new image
 * or configuration. Without rolling replacement every JobManager is replaced at once.
 */
export function jobManagerChain(
  parent: pulumi.Resource,
  name: string,
  members: MemberInputs,
  hostOf: (member: JobManagerSpec) => DockerHost,
  election: ElectionRef,
): JobManagerChain {
  const { spec } = members;
  const role = (jm: JobManagerSpec) => ({ kind: "jobmanager" as const, jobManager: jm });
  if (!spec.rollingReplacement) {
    const containers = spec.jobManagers.map((jm) =>
      memberContainer(parent, name, members, hostOf(jm), role(jm)),
    );
    return { containers, gates: [], order: undefined };
  }
  const refs = spec.jobManagers.map((jm) => ({ name: jm.containerName, alias: jm.address }));
  const order = new JobManagerOrder(
    `${name}-jm-order`,
    {
      connectString: election.connectString,
      haPath: election.haPath,
      jobManagers: refs,
      triggers: spec.jobManagers.map((jm) => memberDigest(members, hostOf(jm), role(jm))),
    },
    { parent, dependsOn: members.dependsOn },
  );
  // Filled below; read only once the order resolves, after every gate exists.
  const gateOf = new Map<string, JobManagerRejoined>();
  const containers = spec.jobManagers.map((jm) => {
    const previous = order.order.apply((names: string[] | undefined) => {
      // Mocks and a state written before the order existed have none: index order.
      const known = names ?? replacementOrder(refs.map((ref) => ref.name));
      const before = replacedBefore(known, jm.containerName);
      return before === undefined ? [] : [gateOf.get(before) as JobManagerRejoined];
    });
    return memberContainer(parent, name, members, hostOf(jm), role(jm), [
      ...members.dependsOn,
      order,
      previous,
    ] as pulumi.Input<pulumi.Resource>[]);
  });
  const gates = spec.jobManagers.map((jm, index) => {
    const container = containers[index] as docker.Container;
    const gate = new JobManagerRejoined(
      `${name}-jm-${jm.index}-rejoined`,
      {
        connectString: election.connectString,
        haPath: election.haPath,
        jobManagers: refs,
        jobManager: jm.containerName,
        sessionTimeoutMs: spec.timings.sessionTimeoutMs,
        timeoutSeconds: spec.readyTimeoutSeconds,
        triggers: [container.id],
      },
      { parent, dependsOn: [container] },
    );
    gateOf.set(jm.containerName, gate);
    return gate;
  });
  return { containers, gates, order };
}
