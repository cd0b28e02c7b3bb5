import { hostPort } from "../common/hostPort";

/** A ZooKeeper server as the readiness checks reach it: from where Pulumi runs. */
export interface QuorumServer {
  /** Name used in messages, such as the container name. */
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

export function endpointOf(server: QuorumServer): string {
  return hostPort(server.host, server.port);
}

export function connectStringOf(servers: readonly QuorumServer[]): string {
  return servers.map(endpointOf).join(",");
}
