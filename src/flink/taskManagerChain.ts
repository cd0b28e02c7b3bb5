import type * as docker from "@pulumi/docker";
import type * as pulumi from "@pulumi/pulumi";
import type { DockerHost } from "../common/placement";
import { TaskManagerRejoined } from "../gates/taskManagerRejoined";
import type { TaskManagerSpec } from "./flinkSpec";
import { memberContainer, type MemberInputs } from "./memberContainer";

/** How a TaskManager's process ids begin: with its fixed RPC port when placed. */
export function taskManagerProcessPrefix(tm: TaskManagerSpec): string {
  return tm.rpcPort === undefined ? `${tm.address}:` : `${tm.address}:${tm.rpcPort}-`;
}

/**
 * The TaskManager containers, in index order. With `rollingReplacement` each one depends on the
 * previous one's `TaskManagerRejoined` gate, which waits until that TaskManager's process has
 * registered with the ResourceManager, so a change takes one TaskManager's slots away at a time.
 * The gates also wait for the JobManager containers: a TaskManager registers with one of them.
 */
export function taskManagerChain(
  parent: pulumi.Resource,
  name: string,
  members: MemberInputs,
  hostOf: (member: TaskManagerSpec) => DockerHost,
  restUrls: pulumi.Input<string[]>,
  jobManagers: readonly pulumi.Resource[],
): { containers: docker.Container[]; gates: TaskManagerRejoined[] } {
  const { spec } = members;
  const containers: docker.Container[] = [];
  const gates: TaskManagerRejoined[] = [];
  for (const tm of spec.taskManagers) {
    const previous = gates[gates.length - 1];
    const container = memberContainer(
      parent,
      name,
      members,
      hostOf(tm),
      { kind: "taskmanager", taskManager: tm },
      [...members.dependsOn, ...(previous ? [previous] : [])],
    );
    containers.push(container);
    if (spec.rollingReplacement) {
      gates.push(
        new TaskManagerRejoined(
          `${name}-tm-${tm.index}-rejoined`,
          {
            restUrls,
            taskManager: tm.containerName,
            processPrefix: taskManagerProcessPrefix(tm),
            timeoutSeconds: spec.readyTimeoutSeconds,
            triggers: [container.id],
          },
          { parent, dependsOn: [container, ...jobManagers] },
        ),
      );
    }
  }
  return { containers, gates };
}
