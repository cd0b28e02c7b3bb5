import { isIP } from "node:net";
import { formatHost } from "../common/hostPort";
import { distinctProviders } from "../common/placement";
import type * as docker from "@pulumi/docker";
import type { ServerPlacement } from "../zookeeper/ensembleArgs";
import type { OozieClusterSpec, OozieServerSpec } from "./clusterSpec";

/** Where a placed server runs, as plain data. */
export interface OozieServerPlacementSpec {
  /** Index of the server's Docker host (provider), in order of first appearance. */
  readonly hostIndex: number;
  /** The host's IP address: the other servers and the DrainGate reach the server there. */
  readonly address: string;
  /** Host interface the HTTP port is published on. */
  readonly bindAddress: string;
}

/** The distinct Docker providers of a placement, in order of first appearance (by index). */
export function placementProviders(
  placement: Readonly<Record<number, ServerPlacement>> | undefined,
): docker.Provider[] {
  return distinctProviders(sortedEntries(placement ?? {}).map(([, p]) => p));
}

/** The placement of server `index`, resolved; undefined when the server is not placed. */
export function resolveServerPlacement(
  placement: Readonly<Record<number, ServerPlacement>> | undefined,
  index: number,
): OozieServerPlacementSpec | undefined {
  const entry = placement?.[index];
  if (!entry) {
    return undefined;
  }
  return {
    hostIndex: placementProviders(placement).indexOf(entry.provider),
    address: entry.address,
    bindAddress: entry.bindAddress ?? (isIP(entry.address) ? entry.address : "0.0.0.0"),
  };
}

/**
 * The `/etc/hosts` entries of a placed server's container: every other placed server's alias
 * mapped to its host's address. Oozie advertises `http://<oozie.http.hostname>:<port>/oozie` in
 * ZooKeeper and the other servers fetch logs from that URL, so the alias must lead to the host
 * that publishes the port. The server's own alias is left to Docker (the container's address on
 * its network), because the embedded Jetty binds to `oozie.http.hostname`: the host's address
 * does not exist inside a bridge-networked container.
 */
export function peerHostEntries(
  spec: OozieClusterSpec,
  server: OozieServerSpec,
): { host: string; ip: string }[] {
  return spec.servers.flatMap((other) =>
    other.index === server.index || other.placement === undefined
      ? []
      : [{ host: other.alias, ip: other.placement.address }],
  );
}

/**
 * The HTTP port a server publishes: under placement `httpPort` itself on the host's bind
 * address, because the other servers dial the port Oozie advertises; else `hostHttpPort` on the
 * publish address when asked for; else nothing.
 */
export function publishedHttpPorts(
  spec: OozieClusterSpec,
  server: OozieServerSpec,
): { internal: number; external: number; ip: string; protocol: string }[] {
  if (server.placement) {
    return [
      {
        internal: spec.httpPort,
        external: spec.httpPort,
        ip: server.placement.bindAddress,
        protocol: "tcp",
      },
    ];
  }
  return server.hostHttpPort === undefined
    ? []
    : [
        {
          internal: spec.httpPort,
          external: server.hostHttpPort,
          ip: spec.publishAddress,
          protocol: "tcp",
        },
      ];
}

/** The URL a server is reached at from outside its Docker network, or on it when not placed. */
export function serverUrl(spec: OozieClusterSpec, server: OozieServerSpec): string {
  const host = server.placement ? formatHost(server.placement.address) : server.alias;
  return `http://${host}:${spec.httpPort}/oozie`;
}

function sortedEntries(
  placement: Readonly<Record<number, ServerPlacement>>,
): [number, ServerPlacement][] {
  return Object.entries(placement)
    .map(([key, value]): [number, ServerPlacement] => [Number(key), value])
    .sort(([a], [b]) => a - b);
}
