import { nameField, portClaims, type PublishedPort } from "../common/claims";
import type { Claim, Engine } from "../common/ownership";
import type { OozieHaClusterArgs } from "./clusterArgs";
import type { OozieClusterSpec, OozieServerSpec } from "./clusterSpec";

/**
 * What an Oozie cluster owns: its networks (placed), each server's container, its curator copy
 * step and lib volume (when copying), and the host ports it publishes.
 */
export function oozieClaims(
  spec: OozieClusterSpec,
  args: OozieHaClusterArgs,
  engines: { own: Engine; placed: readonly Engine[] },
  publishedPorts: (server: OozieServerSpec) => readonly PublishedPort[],
): Claim[] {
  const field = nameField(args.namePrefix);
  const engineOf = (server: OozieServerSpec): Engine =>
    server.placement === undefined ? engines.own : engines.placed[server.placement.hostIndex];
  return [
    ...engines.placed.map((engine): Claim => ({
      kind: "network",
      engine,
      name: `${spec.prefix}-oozie`,
      field,
    })),
    ...spec.servers.flatMap((server): Claim[] => {
      const engine = engineOf(server);
      return [
        { kind: "container", engine, name: server.containerName, field },
        ...(spec.curatorCopy
          ? [
              { kind: "volume", engine, name: server.libVolumeName, field } as const,
              {
                kind: "container",
                engine,
                name: `${server.containerName}-curator-copy`,
                field,
              } as const,
            ]
          : []),
        ...portClaims(
          engine,
          publishedPorts(server),
          server.placement === undefined ? "hostHttpPortBase" : `placement[${server.index}]`,
        ),
      ];
    }),
  ];
}
