import { parseMembers, sameMembers } from "../zookeeper/membershipPlan";
import { notReady, ready, type ReadinessCheck } from "./check";
import { connectStringOf, endpointOf, type QuorumServer } from "./quorumServer";
import { ReconfigRefused, sendReconfig } from "./reconfigRequest";
import { withSession } from "./sessionCheck";
import { readZnode } from "./znodeOperations";

/** The members ZooKeeper has committed, and the version of that configuration. */
export interface CommittedMembers {
  readonly members: string[];
  readonly version: string;
}

/** Parses the text of `/zookeeper/config`: `server.<id>=...` lines and `version=<hex>`. */
export function parseCommittedConfig(text: string): CommittedMembers {
  const lines = text.split("\n").map((l) => l.trim());
  return {
    members: parseMembers(lines).map((m) => m.line),
    version: lines.find((l) => l.startsWith("version="))?.slice("version=".length) ?? "",
  };
}

/** Reads the committed members through a session with any of `servers`. */
export function readCommittedMembers(
  servers: readonly QuorumServer[],
  timeoutMs: number,
): Promise<CommittedMembers> {
  return withSession(connectStringOf(servers), timeoutMs, async (client) =>
    parseCommittedConfig((await readZnode(client, "/zookeeper/config")) ?? ""),
  );
}

/** Answers worth another attempt: the new members are still syncing, or another change runs. */
const TRANSIENT = [-4, -13, -14];

export interface ReconcileTarget {
  /** Servers to read and send through; those that will be members first. */
  readonly servers: readonly QuorumServer[];
  /** The members wanted, as `server.<id>=...` lines. */
  readonly members: readonly string[];
  readonly superPassword: string;
  readonly attemptTimeoutMs: number;
}

/**
 * Passes once ZooKeeper has committed exactly `members`, reporting the configuration's version.
 * Each attempt reads the committed members and, when they differ, sends one `reconfig` with the
 * whole new list; ZooKeeper commits it only once a majority of the old and of the new members
 * acknowledged it, so no attempt can split the ensemble. An answer that no retry can change
 * (wrong password, reconfiguration disabled, a list ZooKeeper refuses) fails at once.
 */
export function membersReconciled(target: ReconcileTarget): ReadinessCheck<string> {
  return {
    description: `ZooKeeper members ${target.members.map((m) => m.split("=")[0]).join(", ")} committed`,
    attempt: async () => {
      let committed: CommittedMembers;
      try {
        committed = await readCommittedMembers(target.servers, target.attemptTimeoutMs);
      } catch (error) {
        return notReady(`no session to read the members: ${(error as Error).message}`);
      }
      if (sameMembers(committed.members, target.members)) {
        return ready(committed.version);
      }
      const reasons: string[] = [];
      for (const server of target.servers) {
        try {
          const config = await sendReconfig(
            {
              host: server.host,
              port: server.port,
              superPassword: target.superPassword,
              timeoutMs: target.attemptTimeoutMs,
            },
            target.members.join(","),
          );
          return ready(parseCommittedConfig(config).version);
        } catch (error) {
          if (error instanceof ReconfigRefused && !TRANSIENT.includes(error.code)) {
            throw error;
          }
          reasons.push(`${server.name} (${endpointOf(server)}): ${(error as Error).message}`);
        }
      }
      return notReady(
        `committed ${committed.members.join(",")} (version ${committed.version}); ${reasons.join("; ")}`,
      );
    },
  };
}
