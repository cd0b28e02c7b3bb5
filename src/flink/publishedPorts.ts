import { formatHost } from "../common/hostPort";
import type { FlinkRole } from "./flinkConf";
import { placedPorts, type FlinkSpec, type JobManagerSpec } from "./flinkSpec";

/**
 * Placed: every port peers on other hosts dial, port for port, on the placement's bindAddress.
 * Otherwise a JobManager's REST port on `publishAddress`, and nothing for a TaskManager.
 */
export function publishedPorts(
  spec: FlinkSpec,
  role: FlinkRole,
): { internal: number; external: number; ip: string; protocol: string }[] {
  const member = role.kind === "jobmanager" ? role.jobManager : role.taskManager;
  if (member.host !== undefined) {
    const ip = member.host.bindAddress;
    return placedPorts(spec, member).map((port) => ({
      internal: port,
      external: port,
      ip,
      protocol: "tcp",
    }));
  }
  return role.kind === "jobmanager"
    ? [
        {
          internal: spec.restPort,
          external: role.jobManager.hostRestPort,
          ip: spec.publishAddress,
          protocol: "tcp",
        },
      ]
    : [];
}

/** Where a JobManager's REST API is reached: its host's address when placed, else the publish address. */
export function restUrl(spec: FlinkSpec, jm: JobManagerSpec): string {
  return jm.host === undefined
    ? `http://${formatHost(spec.publishAddress)}:${jm.hostRestPort}`
    : `http://${formatHost(jm.address)}:${spec.restPort}`;
}
