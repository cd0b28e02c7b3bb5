import { hostPort } from "../common/hostPort";
import { isPlaced, type EnsembleSpec } from "./ensembleSpec";

/**
 * `alias:port,...` for clients on the ensemble's Docker network; under placement
 * `address:port,...`, which clients on every host reach.
 */
export function networkConnectString(spec: EnsembleSpec): string {
  return spec.servers.map((s) => hostPort(s.address, spec.clientPort)).join(",");
}

/**
 * `127.0.0.1:port,...` for clients on the Docker host, or undefined when nothing is published.
 * Under placement every server is published on its host's address: the network string.
 */
export function hostConnectString(spec: EnsembleSpec): string | undefined {
  if (isPlaced(spec)) {
    return networkConnectString(spec);
  }
  const endpoints = spec.servers.flatMap((s) =>
    s.hostClientPort === undefined ? [] : [hostPort(spec.publishAddress, s.hostClientPort)],
  );
  return endpoints.length === 0 ? undefined : endpoints.join(",");
}
