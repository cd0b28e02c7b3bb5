import type * as pulumi from "@pulumi/pulumi";
import type { ServerPlacement } from "../zookeeper/ensembleArgs";
import type { ZooKeeperReference } from "../zookeeper/reference";

/**
 * The shared database every server uses. HA needs one that takes concurrent connections
 * (MySQL, PostgreSQL, Oracle): Derby (a driver class in `org.apache.derby`, or a `jdbc:derby:` URL,
 * in any case) is refused for more than one server.
 */
export interface OozieDatabaseArgs {
  /**
   * JDBC driver class, such as "org.postgresql.Driver". May be another resource's output: a
   * value known at preview is checked then, an unknown one once it resolves, with the same
   * message.
   */
  driver: pulumi.Input<string>;
  /**
   * JDBC URL, such as "jdbc:postgresql://db:5432/oozie". May be another resource's output
   * (checked as `driver` is).
   */
  url: pulumi.Input<string>;
  /** The database user. May be another resource's output (checked as `driver` is). */
  username: pulumi.Input<string>;
  /** Kept secret end to end: the oozie-site.xml that holds it is a secret output. */
  password: pulumi.Input<string>;
}

/** Kerberos identity of the Oozie servers, for `oozie.zookeeper.secure`. */
export interface OozieKerberosArgs {
  /**
   * Service principal, such as "oozie/_HOST@EXAMPLE.COM" or "oozie/oozie-1@EXAMPLE.COM".
   * Required; an empty one is refused at preview.
   */
  principal: string;
  /**
   * The keytab file, base64-encoded. Pass a secret (`pulumi.secret(...)`, or a secret config).
   * Required: an empty keytab (blank, or decoding to no bytes) is refused at preview when it is a
   * plain string, and when it resolves when it is an Output, with the same message.
   */
  keytabBase64: pulumi.Input<string>;
  /** Where the keytab is written in each container. Defaults to "<confDir>/oozie.keytab". */
  keytabPath?: string;
}

/** How the DrainGate treats jobs that are still running when a server would be replaced. */
export type DrainMode = "refuse" | "safemode" | "force";

/**
 * Inputs of {@link OozieHaCluster}. Paths default to a stock Apache Oozie 5 layout under
 * /opt/oozie. A vendor build keeps Oozie elsewhere; for FusionInsight, for example:
 *
 * ```ts
 * const home = "/opt/huawei/Bigdata/FusionInsight_Porter_8.1.0/install/FusionInsight-Oozie-5.1.0/oozie-5.1.0";
 * new OozieHaCluster("oozie", {
 *   image: "example/fusioninsight-oozie:8.1.0",
 *   home,
 *   confDir: `${home}/conf`,
 *   libDir: `${home}/lib`,
 *   embeddedLibDir: `${home}/embedded-oozie-server/webapp/WEB-INF/lib`,
 *   oozieVersion: "5.1.0",
 *   ...
 * });
 * ```
 */
export interface OozieHaClusterArgs {
  /**
   * Image holding an Oozie installation. There is no official one: bring your own, or build
   * upstream 5.2.1 with {@link OozieImage} and pass its `imageId`.
   */
  image: pulumi.Input<string>;
  /**
   * The ensemble: the ZooKeeperEnsemble itself, or a connection (connect strings, network,
   * tickTime, maxSessionTimeout) for one managed elsewhere. Without `placement` the servers join
   * its `networkName`, which is then required. With `placement`, every host must reach it
   * through its connect string: pass a placed ZooKeeperEnsemble (its connect string lists the
   * hosts' addresses), or a connection whose connect string lists addresses every host resolves.
   * This is not checked: the component cannot tell a network alias from a hostname.
   */
  zookeeper: ZooKeeperReference;
  /**
   * URL of the load balancer or VIP in front of the servers (`oozie.base.url`), such as
   * "http://oozie.example.com:11000/oozie". Identical on every server. May be another
   * resource's output (a load balancer's URL): a value known at preview is checked then, an
   * unknown one once it resolves, with the same message.
   */
  baseUrl: pulumi.Input<string>;
  /** Number of Oozie servers. Defaults to 2. */
  serverCount?: number;
  /** Required to run a single server: one server is not HA. Defaults to false. */
  allowSingleServer?: boolean;
  /** Shared database; required for more than one server. */
  database?: OozieDatabaseArgs;
  /** Oozie home. Defaults to "/opt/oozie". */
  home?: string;
  /** Directory oozie-site.xml is written to. Defaults to "<home>/conf". */
  confDir?: string;
  /** The server's class path directory. Defaults to "<home>/lib". */
  libDir?: string;
  /** The embedded server's webapp libraries. Defaults to "<home>/embedded-oozie-server/webapp/WEB-INF/lib". */
  embeddedLibDir?: string;
  /**
   * Command that runs the Oozie server in the foreground. Defaults to
   * ["<home>/bin/oozied.sh", "run"].
   */
  command?: string[];
  /** HTTP port of each server (`oozie.http.port`). Defaults to 11000. */
  httpPort?: number;
  /**
   * Publish each server's HTTP port on the Docker host at `hostHttpPortBase + index`. The
   * DrainGate then reaches the servers there. Not published unless set. Not allowed with
   * `placement`, which publishes `httpPort` itself on each host.
   */
  hostHttpPortBase?: number;
  /**
   * Host address HTTP ports are published on (with `hostHttpPortBase`): an IP address, a
   * loopback one unless `allowNonLoopbackPublish` is set. Defaults to "127.0.0.1". Refused
   * with `placement`, where each server's `bindAddress` applies.
   */
  publishAddress?: string;
  /**
   * Run the servers on several Docker hosts, by server index (1..serverCount): one host is a
   * single point of failure. Place every server or none, each at its own `address`, which must
   * be the host's IP address. A placed server, its curator copy container and its lib volume are
   * created with the placement's `provider`; the server joins a network the component creates
   * on that host (one per distinct provider, named `<namePrefix>-oozie`) instead of
   * `zookeeper.networkName`; `httpPort` is published on `bindAddress` (defaults to `address`).
   *
   * `oozie.http.hostname` and `oozie.instance.id` stay the server's alias: Oozie's embedded
   * Jetty binds to `oozie.http.hostname`, and the host's address does not exist inside the
   * container. Every other server's container maps that alias to `address` in `/etc/hosts`, so
   * the URL Oozie advertises in ZooKeeper, which the other servers fetch logs from, leads to
   * the host across hosts. Needs `allowNonLoopbackPublish: true`, and a ZooKeeper (see
   * `zookeeper`) and a `database` that every host reaches. Defaults to every
   * server on the component's own Docker provider, on `zookeeper.networkName`.
   */
  placement?: Record<number, ServerPlacement>;
  /**
   * Required to publish beyond loopback: a `publishAddress` that is not a loopback address, and
   * `placement`, where each server's HTTP port is published on its host's address. Oozie's HTTP
   * API has no authentication by default. Defaults to false.
   */
  allowNonLoopbackPublish?: boolean;
  /** ZooKeeper namespace (`oozie.zookeeper.namespace`). Defaults to "oozie". */
  namespace?: string;
  /**
   * The ZooKeeper session timeout each server asks for (`oozie.zookeeper.session.timeout`), in
   * whole seconds from 2 to 3600, within what the ensemble grants (2 ticks to its
   * maxSessionTimeout): a value outside is refused at preview, as ZooKeeper would silently run
   * the servers with another one. Defaults to 24 of the ensemble's ticks in whole seconds, kept
   * within that range: 6 at the ZooKeeperEnsemble default tickTime of 250, 40 (its
   * maxSessionTimeout) at 2000.
   *
   * Why: a server's registration (`/<namespace>/services/servers/<id>`) and the ZooKeeper locks
   * it holds are ephemeral, so a killed server's registration and locks outlive it by about
   * this long: the other servers still list it, and work waiting for its locks waits. Oozie's
   * own default is 300, more than ZooKeeper grants. Not lower than a few seconds: Oozie exits
   * when it loses its session (`oozie.zookeeper.server.shutdown.ontimeout`, default true), so a
   * timeout shorter than a garbage-collection pause or a ZooKeeper leader election stops healthy
   * servers; 24 ticks is four times Flink's 6, which must fail over fast.
   */
  zookeeperSessionTimeoutSeconds?: number;
  /**
   * Further services for `oozie.services.ext`. The four ZooKeeper services come first; these
   * follow in the given order, without duplicates. They never replace the ZooKeeper services.
   */
  servicesExt?: string[];
  /**
   * Further oozie-site.xml properties, for keys the component does not render itself. Keys are
   * plain; values may be other resources' outputs (checked as `baseUrl` is).
   */
  extraSiteProperties?: Record<string, pulumi.Input<string>>;
  /** Kerberos on ZooKeeper (`oozie.zookeeper.secure`). Needs `kerberos`. Defaults to false. */
  secure?: boolean;
  kerberos?: OozieKerberosArgs;
  /**
   * The Oozie version the image holds, such as "5.1.0". When given and older than
   * {@link CURATOR_IN_LIB_SINCE}, `legacyCuratorJarCopy` defaults to true.
   */
  oozieVersion?: string;
  /**
   * Copy the `curator-x-discovery` jar from the webapp lib dir to the lib dir before each server
   * starts, as the seed procedure asks for older installations. Defaults from `oozieVersion`
   * (see there), else false.
   */
  legacyCuratorJarCopy?: boolean;
  /**
   * Version of the curator-x-discovery jar to copy, such as "2.5.0". Defaults to none: the copy
   * takes the one jar the webapp lib dir holds, whatever its version.
   */
  curatorVersion?: string;
  /**
   * What to do when jobs are still active before servers are replaced (workflows RUNNING, PREP
   * or SUSPENDED; coordinators and bundles in any state that is not final, such as PREP,
   * RUNNING, PREPSUSPENDED or PAUSED): "refuse" (default) fails and lists them; "safemode" puts
   * the servers in SAFEMODE, waits for the workflows to finish, and puts the servers back in
   * NORMAL once every server is replaced (at once, when the wait fails); "force" goes ahead.
   */
  drainMode?: DrainMode;
  /** How long "safemode" waits for running jobs. Defaults to 600. */
  drainTimeoutSeconds?: number;
  /**
   * How long the DrainGate waits for one answer from a server. Defaults to 30: Oozie resolves
   * every client address to a name before it answers (its HostnameFilter), which costs a
   * resolver timeout (10 s with glibc's defaults) where the address Pulumi connects from has no
   * reverse DNS entry, such as a Docker network's gateway.
   */
  drainAttemptTimeoutSeconds?: number;
  /**
   * Base URLs (".../oozie") the DrainGate queries. Defaults to `http://<address>:<httpPort>/oozie`
   * for placed servers, to the published ports when `hostHttpPortBase` is set, else
   * `http://<alias>:<httpPort>/oozie`.
   */
  drainUrls?: string[];
  /**
   * Replace servers one at a time: each waits for the previous one to be healthy. Defaults to
   * true with more than one server.
   */
  rollingReplacement?: boolean;
  /** How long the provider waits for each server's healthcheck. Defaults to 300. */
  serverReadyTimeoutSeconds?: number;
  /**
   * Create the HaVerified gate, which lists `/<namespace>/services/servers` with an
   * unauthenticated ZooKeeper session. Defaults to true, and to false with `secure: true`: Oozie
   * then restricts its znodes to its own Kerberos identity, so the gate could never read them
   * (see docs/oozie-kerberos.md).
   */
  verifyRegistration?: boolean;
  /** How long HaVerified waits for every server to register in ZooKeeper. Defaults to 300. */
  readyTimeoutSeconds?: number;
  /**
   * Prefix of Docker object names and aliases. Defaults to `<project>-<stack>-<name>` (lowercased; other characters than letters, digits and '-' become '-'), so two stacks on one Docker engine never share a name; an explicit prefix is used exactly as given (see "Names, stacks and kept data" in docs/security.md).
   */
  namePrefix?: string;
  /**
   * Extra environment variables for every server container. Not `OOZIE_INSTANCE_ID`: the
   * component sets it to each server's alias, which Oozie's start scripts pass as
   * `-Doozie.instance.id` (overriding oozie-site.xml; without it they fall back to a hostname).
   */
  env?: Record<string, pulumi.Input<string>>;
  /** Extra Docker labels for every container and volume. */
  labels?: Record<string, string>;
}

/**
 * Rule for deriving `legacyCuratorJarCopy` from `oozieVersion`: a declared version older than
 * this gets the copy. `oozie-setup.sh` fills `lib/` from the webapp's `WEB-INF/lib` only when
 * `lib/` does not exist yet, so an installation whose `lib/` was laid down by an older release
 * (the seed's "not the latest version") can miss curator-x-discovery. 5.2.0 is the release this
 * project's test layout follows; it is a project rule, not an upstream guarantee, so set
 * `legacyCuratorJarCopy` explicitly when you know your installation. The copy is idempotent, so
 * turning it on for an installation that already has the jar costs one short container run.
 */
export const CURATOR_IN_LIB_SINCE = "5.2.0";

export const OOZIE_DEFAULTS = {
  serverCount: 2,
  home: "/opt/oozie",
  httpPort: 11000,
  publishAddress: "127.0.0.1",
  namespace: "oozie",
  zookeeperSessionTimeoutTicks: 24,
  drainMode: "refuse" as DrainMode,
  drainTimeoutSeconds: 600,
  drainAttemptTimeoutSeconds: 30,
  serverReadyTimeoutSeconds: 300,
  readyTimeoutSeconds: 300,
} as const;

/** Set by the component on each server to its alias; not allowed in `env`. */
export const INSTANCE_ID_ENV = "OOZIE_INSTANCE_ID";

/** The ZooKeeper services of Oozie HA, in the seed procedure's order. */
export const ZK_SERVICES: readonly string[] = [
  "org.apache.oozie.service.ZKLocksService",
  "org.apache.oozie.service.ZKXLogStreamingService",
  "org.apache.oozie.service.ZKJobsConcurrencyService",
  "org.apache.oozie.service.ZKUUIDService",
];
