import type { Problem } from "../common/problems";

/**
 * The stack config key each of the platform's arguments is read from, so that a problem is
 * reported under the name the user typed (`zookeeperSize`, not `zookeeper.size`).
 */
const CONFIG_KEY_OF: Readonly<Record<string, string>> = {
  // The default prefix is made from the project's and the stack's names; namePrefix replaces it.
  name: "namePrefix",
  namePrefix: "namePrefix",
  "zookeeper.size": "zookeeperSize",
  "zookeeper.image": "zookeeperImage",
  "zookeeper.hostClientPortBase": "zookeeperHostPortBase",
  "flink.flinkVersion": "flinkVersion",
  "flink.image": "flinkImage",
  "flink.storageOwner": "flinkStorageOwner",
  "flink.jobManagers": "flinkJobManagers",
  "flink.taskManagers": "flinkTaskManagers",
  "flink.hostRestPortBase": "flinkRestPortBase",
  "oozie.image": "oozieImage",
  "oozie.serverCount": "oozieServers",
  "oozie.baseUrl": "oozieBaseUrl",
  "oozie.hostHttpPortBase": "oozieHttpPortBase",
  "oozie.oozieVersion": "oozieVersion",
  "oozie.legacyCuratorJarCopy": "oozieLegacyCuratorJarCopy",
  "oozie.curatorVersion": "oozieCuratorVersion",
  "oozie.zookeeperSessionTimeoutSeconds": "oozieZookeeperSessionTimeoutSeconds",
  "oozie.extraSiteProperties": "oozieSiteProperties",
  "oozie.database.driver": "oozieDbDriver",
  "oozie.database.url": "oozieDbUrl",
  "oozie.database.username": "oozieDbUser",
  "oozie.database.password": "oozieDbPassword",
  "postgres.image": "postgresImage",
};

/** Longest argument paths first, so `oozie.database.url` wins over a shorter match. */
const PATHS = Object.keys(CONFIG_KEY_OF).sort((a, b) => b.length - a.length);

/**
 * The config key (with any `["entry"]` or `.field` below it) an argument path was read from;
 * the path itself when no key sets it.
 */
export function configKeyOf(property: string): string {
  for (const path of PATHS) {
    if (property === path || property.startsWith(`${path}[`) || property.startsWith(`${path}.`)) {
      return `${CONFIG_KEY_OF[path] ?? path}${property.slice(path.length)}`;
    }
  }
  return property;
}

/**
 * A platform problem in the stack config's words: its property, and an argument the reason
 * names in parentheses (the other side of a clash).
 */
export function asConfigProblem(problem: Problem): Problem {
  const reason = problem.reason.replace(/\(([A-Za-z.]+)\)/g, (whole, path: string) =>
    path in CONFIG_KEY_OF ? `(${configKeyOf(path)})` : whole,
  );
  return { property: configKeyOf(problem.property), reason };
}
