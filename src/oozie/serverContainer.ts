import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { goSeconds } from "../common/goDuration";
import { dockerLabels, LABELS, ROLES } from "../common/labels";
import { INSTANCE_ID_ENV } from "./clusterArgs";
import type { OozieClusterSpec, OozieServerSpec } from "./clusterSpec";
import { renderCuratorCopyScript, STAGING_LIB_DIR } from "./curatorCopy";
import { renderJaasConfig } from "./oozieSite";
import { peerHostEntries, publishedHttpPorts } from "./placement";

/**
 * The values of a server's container that do not come from the spec: `T` is a
 * `pulumi.Input<string>` when the container is created, a plain string when the replacement
 * trigger is computed from the resolved values. One function builds both, so whatever the
 * container is made of is also what the trigger hashes.
 */
export interface ServerContainerValues<T extends pulumi.Input<string>> {
  readonly image: T;
  readonly siteXml: T;
  /** `KEY=value`, sorted by key; the instance id is added here. */
  readonly envs: readonly T[];
  /** Base64 keytab, with Kerberos. */
  readonly keytab: T | undefined;
  readonly networkName: T;
  readonly zookeeperConnectString: T;
  /** The database label: "derby", or the JDBC subprotocol; undefined without a database. */
  readonly databaseKind: T | undefined;
  /** Whether the cluster opted in to publishing beyond loopback (a label the policy reads). */
  readonly allowNonLoopbackPublish: boolean;
  readonly userLabels: Readonly<Record<string, string>> | undefined;
}

/** The Docker labels every container of one server carries. */
function ownLabels(spec: OozieClusterSpec, server: OozieServerSpec): Record<string, string> {
  return { [LABELS.oozieCluster]: spec.prefix, [LABELS.serverIndex]: String(server.index) };
}

/** "jdbc:postgresql://db/oozie" → "postgresql". */
export function jdbcSubprotocol(url: string): string {
  return /^jdbc:([A-Za-z0-9]+):/.exec(url)?.[1]?.toLowerCase() ?? "";
}

/**
 * Every input of a server's container (docker.Container's argument names), except the label
 * that ties it to its curator copy step, which is known only after the drain check.
 */
export function serverContainerArgs<T extends pulumi.Input<string>>(
  spec: OozieClusterSpec,
  server: OozieServerSpec,
  values: ServerContainerValues<T>,
) {
  const uploads: { file: string; content?: T | string; contentBase64?: T }[] = [
    { file: `${spec.confDir}/oozie-site.xml`, content: values.siteXml },
  ];
  if (spec.kerberos && values.keytab !== undefined) {
    uploads.push(
      { file: `${spec.confDir}/zk-jaas.conf`, content: renderJaasConfig(spec.kerberos) },
      { file: spec.kerberos.keytabPath, contentBase64: values.keytab },
    );
  }
  return {
    name: server.containerName,
    image: values.image,
    hostname: server.alias,
    command: [...spec.command],
    restart: "unless-stopped",
    mustRun: true,
    networksAdvanced: [{ name: values.networkName, aliases: [server.alias] }],
    ...(server.placement ? { hosts: peerHostEntries(spec, server) } : {}),
    // With the copy, the lib dir is the volume the copy step prepared.
    volumes: spec.curatorCopy
      ? [{ volumeName: server.libVolumeName, containerPath: spec.libDir }]
      : [],
    uploads,
    ports: publishedHttpPorts(spec, server),
    // Oozie's start scripts pass it as -Doozie.instance.id, which wins over oozie-site.xml;
    // unset, they use a hostname (`hostname -f` may be a longer name than the alias).
    envs: [...values.envs, `${INSTANCE_ID_ENV}=${server.alias}`],
    healthcheck: {
      tests: [
        "CMD",
        "curl",
        "-fsS",
        "-o",
        "/dev/null",
        // Oozie 5 binds its Jetty to oozie.http.hostname (the alias), not to loopback.
        `http://${server.alias}:${String(spec.httpPort)}/oozie/v1/admin/status`,
      ],
      interval: goSeconds(5),
      timeout: goSeconds(4),
      retries: 6,
      startPeriod: goSeconds(120),
    },
    // The provider waits for healthy: the next server (rolling) and HaVerified start after.
    wait: true,
    waitTimeout: spec.serverReadyTimeoutSeconds,
    labels: dockerLabels<T | string>(
      {
        ...ownLabels(spec, server),
        [LABELS.role]: ROLES.oozie,
        [LABELS.zookeeperQuorum]: values.zookeeperConnectString,
        ...(values.allowNonLoopbackPublish ? { [LABELS.allowNonLoopbackPublish]: "true" } : {}),
        ...(values.databaseKind === undefined
          ? {}
          : { [LABELS.oozieDatabase]: values.databaseKind }),
      },
      values.userLabels,
    ),
  };
}

/** Every input of a server's curator copy container (only with the copy). */
export function curatorCopyArgs<T extends pulumi.Input<string>>(
  spec: OozieClusterSpec,
  server: OozieServerSpec,
  values: Pick<ServerContainerValues<T>, "image" | "userLabels">,
) {
  return {
    name: `${server.containerName}-curator-copy`,
    image: values.image,
    entrypoints: ["bash", "-c", renderCuratorCopyScript(spec)],
    // The fresh volume is owned by root; the copy keeps the image's owners and modes.
    user: "0:0",
    restart: "no",
    mustRun: false,
    attach: true,
    logs: true,
    volumes: [{ volumeName: server.libVolumeName, containerPath: STAGING_LIB_DIR }],
    labels: curatorCopyLabels(spec, server, values.userLabels),
  };
}

/** Labels of a server's lib volume and its copy step. */
export function curatorCopyLabels(
  spec: OozieClusterSpec,
  server: OozieServerSpec,
  userLabels: Readonly<Record<string, string>> | undefined,
): { label: string; value: string }[] {
  return dockerLabels(
    { ...ownLabels(spec, server), [LABELS.role]: ROLES.oozieCuratorCopy },
    userLabels,
  );
}

/**
 * What the DrainGate re-runs on: a hash of everything the server's containers are created from
 * (and of the Docker host they run on). Any change that replaces the server or its copy step
 * changes it, because the containers are built from the same functions.
 */
export function replacementTrigger(
  spec: OozieClusterSpec,
  server: OozieServerSpec,
  values: ServerContainerValues<string>,
  hostUrn: string,
): string {
  return createHash("sha256")
    .update(
      JSON.stringify([
        serverContainerArgs(spec, server, values),
        spec.curatorCopy ? curatorCopyArgs(spec, server, values) : null,
        hostUrn,
      ]),
    )
    .digest("hex");
}
