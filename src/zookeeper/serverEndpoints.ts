import type * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { QuorumServerArgs } from "../gates/quorumReady";
import type { QuorumServer } from "../readiness/quorumServer";
import type { EnsembleSpec, ServerSpec } from "./ensembleSpec";

// Where a server is reached: the ports it publishes on its host, and the endpoint the gates
// dial from where Pulumi runs.

/**
 * The client port on loopback when asked for; under placement the client, peer and election
 * ports on the host's address, because the other servers are on other hosts.
 */
export function publishedPorts(
  spec: EnsembleSpec,
  server: ServerSpec,
): { internal: number; external: number; ip: string; protocol: string }[] {
  if (server.bindAddress !== undefined) {
    const ip = server.bindAddress;
    return [spec.clientPort, spec.peerPort, spec.electionPort].map((port) => ({
      internal: port,
      external: port,
      ip,
      protocol: "tcp",
    }));
  }
  return server.hostClientPort === undefined
    ? []
    : [
        {
          internal: spec.clientPort,
          external: server.hostClientPort,
          ip: spec.publishAddress,
          protocol: "tcp",
        },
      ];
}

/**
 * Where the gates reach a server before its container exists: its host's address when placed,
 * the published client port when there is one; undefined when only the container's address
 * on the network would reach it.
 */
export function staticEndpoint(spec: EnsembleSpec, server: ServerSpec): QuorumServer | undefined {
  if (server.hostIndex !== undefined) {
    return { name: server.containerName, host: server.address, port: spec.clientPort };
  }
  if (server.hostClientPort !== undefined) {
    return { name: server.containerName, host: spec.publishAddress, port: server.hostClientPort };
  }
  return undefined;
}

/**
 * Where the gates reach a server: its host's address when placed, the published client port when
 * there is one, else the container's address on the ensemble's network.
 */
export function readinessEndpoint(
  spec: EnsembleSpec,
  server: ServerSpec,
  container: docker.Container,
  networkName: pulumi.Output<string>,
): { name: string; host: pulumi.Output<string>; port: number } & QuorumServerArgs {
  const known = staticEndpoint(spec, server);
  if (known !== undefined) {
    return { ...known, host: pulumi.output(known.host) };
  }
  // The provider leaves networkDatas unset until the container exists (and under mocks).
  const host = pulumi
    .all([container.networkDatas, networkName])
    .apply(
      ([datas, network]) =>
        (datas as typeof datas | undefined)?.find((d) => d.networkName === network)?.ipAddress ??
        "",
    );
  return { name: server.containerName, host, port: spec.clientPort };
}
