import { nameField, portClaims, type PublishedPort } from "../common/claims";
import type { Claim, Engine } from "../common/ownership";
import type { Problem } from "../common/problems";
import { PLACED_BLOB_SERVER_PORT, type FlinkHaClusterArgs } from "./flinkArgs";
import type { FlinkRole } from "./flinkConf";
import type { FlinkSpec, JobManagerSpec, TaskManagerSpec } from "./flinkSpec";

/**
 * What a Flink cluster owns: its networks (placed), storage volume and the step that chowns it,
 * every member's container and published host ports, and its HA path on its ensemble.
 */
export function flinkClaims(
  spec: FlinkSpec,
  args: FlinkHaClusterArgs,
  engines: { own: Engine; placed: readonly Engine[] },
  ensemble: string,
  publishedPorts: (role: FlinkRole) => readonly PublishedPort[],
): Claim[] {
  const field = nameField(args.namePrefix);
  const engineOf = (member: JobManagerSpec | TaskManagerSpec): Engine =>
    member.host === undefined ? engines.own : engines.placed[member.host.index];
  const portField = spec.placed ? "placement" : "hostRestPortBase";
  const member = (m: JobManagerSpec | TaskManagerSpec, role: FlinkRole): Claim[] => [
    { kind: "container", engine: engineOf(m), name: m.containerName, field },
    ...portClaims(engineOf(m), publishedPorts(role), portField),
  ];
  return [
    ...(spec.placed
      ? engines.placed.map((engine): Claim => ({
          kind: "network",
          engine,
          name: `${spec.prefix}-flink`,
          field,
        }))
      : []),
    ...(spec.storageVolume
      ? [
          { kind: "volume", engine: engines.own, name: spec.storageVolume.name, field } as const,
          {
            kind: "container",
            engine: engines.own,
            name: `${spec.storageVolume.name}-owner`,
            field,
          } as const,
        ]
      : []),
    ...spec.jobManagers.flatMap((jm) => member(jm, { kind: "jobmanager", jobManager: jm })),
    ...spec.taskManagers.flatMap((tm) => member(tm, { kind: "taskmanager", taskManager: tm })),
    {
      kind: "haPath",
      ensemble,
      path: spec.haZnodePath,
      field: args.clusterId === undefined && args.pathRoot !== undefined ? "pathRoot" : "clusterId",
    },
  ];
}

/**
 * A JobManager listens on one of `jobManagerPorts` (RPC), on `restPort` and on the blob server
 * port, which the official image's entrypoint pins to 6124 whatever the configuration says. A
 * port spec that takes either of the others makes a JobManager fail to bind or bind in its
 * place.
 */
export function jobManagerPortProblems(spec: FlinkSpec): Problem[] {
  const taken = [
    { port: spec.restPort, what: `restPort ${spec.restPort}` },
    {
      port: PLACED_BLOB_SERVER_PORT,
      what: `the blob server port ${PLACED_BLOB_SERVER_PORT} (pinned by the official image's entrypoint)`,
    },
  ];
  return taken.flatMap(({ port, what }) =>
    spec.jobManagerPortRanges.some((r) => r.from <= port && port <= r.to)
      ? [
          {
            property: "jobManagerPorts",
            reason: `"${spec.jobManagerPorts}" includes ${what}, which every JobManager also listens on; choose ports that leave it out`,
          },
        ]
      : [],
  );
}
