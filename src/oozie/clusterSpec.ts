import { all, type Output } from "@pulumi/pulumi";
import {
  CURATOR_IN_LIB_SINCE,
  OOZIE_DEFAULTS,
  ZK_SERVICES,
  type DrainMode,
  type OozieDatabaseArgs,
  type OozieHaClusterArgs,
} from "./clusterArgs";
import { curatorJarPattern } from "./curatorCopy";
import { formatHost } from "../common/hostPort";
import { trimSlash } from "../common/rules";
import { resolveServerPlacement, type OozieServerPlacementSpec } from "./placement";
import { oozieSessionTimeoutSeconds } from "./sessionTimeout";

/** One Oozie server, as plain data. */
export interface OozieServerSpec {
  /** 1-based position; servers are replaced in this order when rolling. */
  readonly index: number;
  /** Network alias, container hostname, `oozie.http.hostname` and `oozie.instance.id`. */
  readonly alias: string;
  readonly containerName: string;
  /** Named volume holding the prepared lib dir; only with the curator copy. */
  readonly libVolumeName: string;
  /** Published HTTP port on the Docker host, when publishing was asked for. */
  readonly hostHttpPort?: number;
  /** Where the server runs under `placement`; undefined on the component's own provider. */
  readonly placement?: OozieServerPlacementSpec;
}

/** Everything the renderers need, with defaults applied. Plain values only. */
export interface OozieClusterSpec {
  readonly prefix: string;
  readonly servers: readonly OozieServerSpec[];
  readonly home: string;
  readonly confDir: string;
  readonly libDir: string;
  readonly embeddedLibDir: string;
  readonly command: readonly string[];
  readonly httpPort: number;
  readonly publishAddress: string;
  readonly baseUrl: string;
  readonly namespace: string;
  readonly zookeeperSessionTimeoutSeconds: number;
  /** The four ZooKeeper services, then the user's extras, without duplicates. */
  readonly servicesExt: readonly string[];
  readonly extraSiteProperties: Readonly<Record<string, string>>;
  readonly secure: boolean;
  readonly kerberos?: { readonly principal: string; readonly keytabPath: string };
  readonly database?: { readonly driver: string; readonly url: string; readonly username: string };
  readonly curatorCopy: boolean;
  /** The pinned curator-x-discovery version; undefined copies the one the image holds. */
  readonly curatorVersion: string | undefined;
  /** The jar's file name, or a glob for whichever version the image holds. */
  readonly curatorJar: string;
  readonly drainMode: DrainMode;
  readonly drainTimeoutSeconds: number;
  readonly drainAttemptTimeoutSeconds: number;
  readonly drainUrls: readonly string[];
  readonly rollingReplacement: boolean;
  readonly serverReadyTimeoutSeconds: number;
  readonly verifyRegistration: boolean;
  readonly readyTimeoutSeconds: number;
}

/**
 * The cluster's arguments with the inputs that may be other resources' outputs (`baseUrl`, the
 * database's `driver`, `url` and `username`, `extraSiteProperties` values) resolved to strings.
 */
export type ResolvedOozieArgs = Omit<
  OozieHaClusterArgs,
  "baseUrl" | "database" | "extraSiteProperties"
> & {
  baseUrl: string;
  database?: Omit<OozieDatabaseArgs, "driver" | "url" | "username"> & {
    driver: string;
    url: string;
    username: string;
  };
  extraSiteProperties?: Record<string, string>;
};

/**
 * The outputs-capable inputs once they resolve, merged back into the arguments. Plain values
 * resolve at once; an Output known at preview resolves in the preview, an unknown one on `up`.
 */
export function resolvedOozieArgs(args: OozieHaClusterArgs): Output<ResolvedOozieArgs> {
  const database = args.database;
  return all([
    args.baseUrl,
    database ? all([database.driver, database.url, database.username]) : undefined,
    all(args.extraSiteProperties ?? {}),
  ]).apply(([baseUrl, db, extra]): ResolvedOozieArgs => {
    return {
      ...withoutDeferred(args),
      baseUrl,
      ...(database && db
        ? { database: { ...database, driver: db[0], url: db[1], username: db[2] } }
        : {}),
      ...(args.extraSiteProperties === undefined ? {} : { extraSiteProperties: extra }),
    };
  });
}

/**
 * The arguments with the outputs-capable inputs left empty: what the component decides before
 * they resolve (names, counts, ports, resources) never depends on them. Rendering and labels
 * that hold them come from {@link resolvedOozieArgs}.
 */
export function knownOozieArgs(args: OozieHaClusterArgs): ResolvedOozieArgs {
  const database = args.database;
  return {
    ...withoutDeferred(args),
    baseUrl: "",
    ...(database ? { database: { ...database, driver: "", url: "", username: "" } } : {}),
  };
}

/** The arguments without the inputs that may be outputs. */
function withoutDeferred(
  args: OozieHaClusterArgs,
): Omit<OozieHaClusterArgs, "baseUrl" | "database" | "extraSiteProperties"> {
  const rest: Partial<OozieHaClusterArgs> = { ...args };
  delete rest.baseUrl;
  delete rest.database;
  delete rest.extraSiteProperties;
  return rest as Omit<OozieHaClusterArgs, "baseUrl" | "database" | "extraSiteProperties">;
}

/** The number of servers the arguments ask for. */
export function serverCountOf(args: Pick<OozieHaClusterArgs, "serverCount">): number {
  return args.serverCount ?? OOZIE_DEFAULTS.serverCount;
}

/**
 * Whether the curator jar is copied: the explicit flag wins; else a declared `oozieVersion`
 * older than {@link CURATOR_IN_LIB_SINCE} turns it on; else off.
 */
export function curatorCopyOf(
  args: Pick<OozieHaClusterArgs, "legacyCuratorJarCopy" | "oozieVersion">,
): boolean {
  if (args.legacyCuratorJarCopy !== undefined) {
    return args.legacyCuratorJarCopy;
  }
  if (args.oozieVersion === undefined) {
    return false;
  }
  const declared = parseVersion(args.oozieVersion);
  const since = parseVersion(CURATOR_IN_LIB_SINCE);
  return declared !== undefined && since !== undefined && compareVersions(declared, since) < 0;
}

/** "5.1.0", "5.1", "4.3.1-mapr" → numeric parts; undefined when it does not start with digits. */
export function parseVersion(version: string): number[] | undefined {
  const match = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-.+_].*)?$/.exec(version);
  if (!match) {
    return undefined;
  }
  return [match[1], match[2], match[3]].map((part) => Number(part ?? "0"));
}

export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) {
      return diff;
    }
  }
  return 0;
}

/** The ZooKeeper services first, in the seed's order, then the user's extras, each once. */
export function mergeServicesExt(user: readonly string[] = []): string[] {
  const merged = [...ZK_SERVICES];
  for (const service of user) {
    const trimmed = service.trim();
    if (trimmed !== "" && !merged.includes(trimmed)) {
      merged.push(trimmed);
    }
  }
  return merged;
}

/** Applies defaults; assumes `validateOozieCluster` found no problems. */
export function resolveOozieClusterSpec(name: string, args: ResolvedOozieArgs): OozieClusterSpec {
  const prefix = args.namePrefix ?? name;
  const home = trimSlash(args.home ?? OOZIE_DEFAULTS.home);
  const httpPort = args.httpPort ?? OOZIE_DEFAULTS.httpPort;
  const publishAddress = args.publishAddress ?? OOZIE_DEFAULTS.publishAddress;
  const confDir = trimSlash(args.confDir ?? `${home}/conf`);
  const servers = Array.from({ length: serverCountOf(args) }, (_, i): OozieServerSpec => {
    const index = i + 1;
    const base = `${prefix}-oozie-${index}`;
    const placement = resolveServerPlacement(args.placement, index);
    return {
      index,
      alias: base,
      containerName: base,
      libVolumeName: `${base}-lib`,
      ...(args.hostHttpPortBase === undefined ? {} : { hostHttpPort: args.hostHttpPortBase + i }),
      ...(placement ? { placement } : {}),
    };
  });
  const drainUrls =
    args.drainUrls ??
    servers.map((s) => {
      if (s.placement) {
        return `http://${formatHost(s.placement.address)}:${httpPort}/oozie`;
      }
      return s.hostHttpPort === undefined
        ? `http://${s.alias}:${httpPort}/oozie`
        : `http://${formatHost(publishAddress)}:${s.hostHttpPort}/oozie`;
    });
  return {
    prefix,
    servers,
    home,
    confDir,
    libDir: trimSlash(args.libDir ?? `${home}/lib`),
    embeddedLibDir: trimSlash(
      args.embeddedLibDir ?? `${home}/embedded-oozie-server/webapp/WEB-INF/lib`,
    ),
    command: args.command ?? [`${home}/bin/oozied.sh`, "run"],
    httpPort,
    publishAddress,
    baseUrl: args.baseUrl,
    namespace: args.namespace ?? OOZIE_DEFAULTS.namespace,
    zookeeperSessionTimeoutSeconds: oozieSessionTimeoutSeconds(args),
    servicesExt: mergeServicesExt(args.servicesExt),
    extraSiteProperties: { ...(args.extraSiteProperties ?? {}) },
    secure: args.secure ?? false,
    ...(args.secure === true && args.kerberos
      ? {
          kerberos: {
            principal: args.kerberos.principal,
            keytabPath: args.kerberos.keytabPath ?? `${confDir}/oozie.keytab`,
          },
        }
      : {}),
    ...(args.database
      ? {
          database: {
            driver: args.database.driver,
            url: args.database.url,
            username: args.database.username,
          },
        }
      : {}),
    curatorCopy: curatorCopyOf(args),
    curatorVersion: args.curatorVersion,
    curatorJar: curatorJarPattern(args.curatorVersion),
    drainMode: args.drainMode ?? OOZIE_DEFAULTS.drainMode,
    drainTimeoutSeconds: args.drainTimeoutSeconds ?? OOZIE_DEFAULTS.drainTimeoutSeconds,
    drainAttemptTimeoutSeconds:
      args.drainAttemptTimeoutSeconds ?? OOZIE_DEFAULTS.drainAttemptTimeoutSeconds,
    drainUrls,
    rollingReplacement: args.rollingReplacement ?? servers.length > 1,
    serverReadyTimeoutSeconds:
      args.serverReadyTimeoutSeconds ?? OOZIE_DEFAULTS.serverReadyTimeoutSeconds,
    verifyRegistration: args.verifyRegistration ?? args.secure !== true,
    readyTimeoutSeconds: args.readyTimeoutSeconds ?? OOZIE_DEFAULTS.readyTimeoutSeconds,
  };
}
