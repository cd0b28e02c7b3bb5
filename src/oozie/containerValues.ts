import * as pulumi from "@pulumi/pulumi";
import type { DockerHost } from "../common/placement";
import { throwIfProblems } from "../common/problems";
import { definedProblems } from "../common/rules";
import { resolveZooKeeper } from "../zookeeper/reference";
import type { OozieHaClusterArgs } from "./clusterArgs";
import type { OozieClusterSpec, OozieServerSpec } from "./clusterSpec";
import { isDerby } from "./derby";
import { renderOozieSite } from "./oozieSite";
import { jdbcSubprotocol, replacementTrigger, type ServerContainerValues } from "./serverContainer";
import { keytabProblem } from "./validateKerberos";

// What each server's containers are made of, as inputs (some only known once they resolve), and
// the replacement triggers derived from exactly those values.

/** Each server's oozie-site.xml; secret when it holds the database password. */
export function siteXmls(
  spec: OozieClusterSpec,
  args: OozieHaClusterArgs,
  resolvedSpec: pulumi.Output<OozieClusterSpec>,
  connectString: pulumi.Output<string>,
): pulumi.Output<string>[] {
  const password = args.database ? pulumi.secret(args.database.password) : undefined;
  return spec.servers.map((server) => {
    const xml = pulumi
      .all([resolvedSpec, connectString, password ?? ""])
      .apply(([resolved, connect, jdbcPassword]) =>
        renderOozieSite(resolved, server, {
          zookeeperConnectString: connect,
          ...(args.database ? { jdbcPassword } : {}),
        }),
      );
    return password ? pulumi.secret(xml) : xml;
  });
}

/**
 * The container values of a server, by its position and host. A keytab that is an Output is
 * checked when it resolves, with the words validation uses for a plain one; it stays secret, and
 * the error never holds it.
 */
export function containerValues(
  owner: pulumi.Resource,
  label: string,
  inputs: {
    args: OozieHaClusterArgs;
    resolvedSpec: pulumi.Output<OozieClusterSpec>;
    siteXmls: readonly pulumi.Output<string>[];
  },
): (index: number, host: DockerHost) => ServerContainerValues<pulumi.Input<string>> {
  const { args, resolvedSpec } = inputs;
  const zk = resolveZooKeeper(args.zookeeper);
  const env = args.env ?? {};
  const envs = Object.keys(env)
    .sort()
    .map((key) => pulumi.interpolate`${key}=${env[key]}`);
  const keytab = args.kerberos
    ? pulumi.secret(args.kerberos.keytabBase64).apply((value) => {
        throwIfProblems(owner, label, definedProblems(keytabProblem(value)));
        return value;
      })
    : undefined;
  // The database label: what the policy pack reads (Derby cannot be shared).
  const databaseKind = args.database
    ? resolvedSpec.apply(({ database }) =>
        database === undefined || isDerby(database) ? "derby" : jdbcSubprotocol(database.url),
      )
    : undefined;
  return (index, host) => ({
    image: args.image,
    siteXml: inputs.siteXmls[index] ?? "",
    envs,
    keytab,
    networkName: host.networkName,
    zookeeperConnectString: zk.connectString,
    databaseKind,
    allowNonLoopbackPublish: args.allowNonLoopbackPublish === true,
    userLabels: args.labels,
  });
}

/** A server with its host and container values. */
export interface PlannedServer {
  readonly server: OozieServerSpec;
  readonly host: DockerHost;
  readonly values: ServerContainerValues<pulumi.Input<string>>;
}

/**
 * What the DrainGate re-runs on, one per server: a hash of the resolved values the server's
 * containers are created from, so a change of anything that replaces a server re-runs the drain
 * check before it happens.
 */
export function drainTriggers(
  spec: OozieClusterSpec,
  servers: readonly PlannedServer[],
): pulumi.Output<string>[] {
  return servers.map(({ server, host, values }) =>
    pulumi
      .all([
        values.image,
        values.siteXml,
        pulumi.all([...values.envs]),
        values.keytab ?? "",
        values.networkName,
        values.zookeeperConnectString,
        values.databaseKind ?? "",
        host.provider?.urn ?? "",
      ])
      .apply(([image, siteXml, envValues, keytabValue, networkName, connect, kind, hostUrn]) =>
        replacementTrigger(
          spec,
          server,
          {
            image,
            siteXml,
            envs: envValues,
            keytab: values.keytab ? keytabValue : undefined,
            networkName,
            zookeeperConnectString: connect,
            databaseKind: values.databaseKind ? kind : undefined,
            allowNonLoopbackPublish: values.allowNonLoopbackPublish,
            userLabels: values.userLabels,
          },
          hostUrn,
        ),
      ),
  );
}
