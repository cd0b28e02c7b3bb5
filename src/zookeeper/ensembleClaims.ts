import { nameField, portClaims, type PublishedPort } from "../common/claims";
import type { Claim, Engine } from "../common/ownership";
import type { ZooKeeperEnsembleArgs } from "./ensembleArgs";
import type { EnsembleSpec, ServerSpec } from "./ensembleSpec";

/**
 * What an ensemble owns on its Docker engines: its network (unless it joins one), each server's
 * container and two volumes, and the host ports it publishes.
 */
export function ensembleClaims(
  spec: EnsembleSpec,
  args: ZooKeeperEnsembleArgs,
  engines: { own: Engine; placed: readonly Engine[] },
  publishedPorts: (server: ServerSpec) => readonly PublishedPort[],
): Claim[] {
  const field = nameField(args.namePrefix);
  const engineOf = (server: ServerSpec): Engine =>
    server.hostIndex === undefined ? engines.own : engines.placed[server.hostIndex];
  const networks: Claim[] =
    args.networkName !== undefined
      ? []
      : (engines.placed.length === 0 ? [engines.own] : engines.placed).map((engine) => ({
          kind: "network",
          engine,
          name: `${spec.prefix}-zk`,
          field,
        }));
  return [
    ...networks,
    ...spec.servers.flatMap((server): Claim[] => {
      const engine = engineOf(server);
      return [
        { kind: "container", engine, name: server.containerName, field },
        { kind: "volume", engine, name: server.dataVolumeName, field },
        { kind: "volume", engine, name: server.dataLogVolumeName, field },
        ...portClaims(
          engine,
          publishedPorts(server),
          server.hostIndex === undefined ? "hostClientPortBase" : `placement[${server.id}]`,
        ),
      ];
    }),
  ];
}
