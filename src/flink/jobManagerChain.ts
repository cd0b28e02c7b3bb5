import type * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { DockerHost } from "../common/placement";
import { JobManagerRejoined } from "../gates/jobManagerRejoined";
import type { JobManagerSpec } from "./flinkSpec";
import { memberContainer, type MemberInputs } from "./memberContainer";

/** Where the rejoin gates find the cluster's leader election. */
export interface ElectionRef {
  readonly connectString: pulumi.Input<string>;
  readonly haPath: pulumi.Output<string>;
}

/**
 * The JobManager containers, in index order. With `rollingReplacement`, created (and so
 * replaced) one at a time, highest index first: after each but the last a `JobManagerRejoined`
 * gate waits until every JobManager is in leader election again, and the next one depends on
 * it. The first JobManager started usually leads, so it is replaced last, and the job fails over
 * once, to a JobManager that already runs the new image or configuration.
 */
export function jobManagerChain(
  parent: pulumi.Resource,
  name: string,
  members: MemberInputs,
  hostOf: (member: JobManagerSpec) => DockerHost,
  election: ElectionRef,
): { containers: docker.Container[]; gates: JobManagerRejoined[] } {
  const { spec } = members;
  const refs = spec.jobManagers.map((jm) => ({ name: jm.containerName, alias: jm.address }));
  const containers = new Map<number, docker.Container>();
  const gates: JobManagerRejoined[] = [];
  const order = spec.rollingReplacement ? [...spec.jobManagers].reverse() : spec.jobManagers;
  let previous: JobManagerRejoined | undefined;
  for (const jm of order) {
    const container = memberContainer(
      parent,
      name,
      { ...members, dependsOn: [...members.dependsOn, ...(previous ? [previous] : [])] },
      hostOf(jm),
      { kind: "jobmanager", jobManager: jm },
    );
    containers.set(jm.index, container);
    if (spec.rollingReplacement && jm !== order[order.length - 1]) {
      previous = new JobManagerRejoined(
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
      gates.push(previous);
    }
  }
  return {
    containers: spec.jobManagers.map((jm) => containers.get(jm.index) as docker.Container),
    gates,
  };
}
