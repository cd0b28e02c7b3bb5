import type * as zookeeper from "node-zookeeper-client";
import { notReady, ready, type CheckOutcome, type ReadinessCheck } from "./check";
import { withSession } from "./sessionCheck";
import { readZnodeBytes } from "./znodeOperations";

/** A JobManager as the check names it: its container name and the address it advertises. */
export interface FlinkJobManagerRef {
  readonly name: string;
  readonly alias: string;
}

/** The leader services Flink 1.15+ publishes under `<root>/<cluster-id>/leader/`. */
export const FLINK_LEADER_SERVICES: readonly string[] = [
  "resource_manager",
  "dispatcher",
  "rest_server",
];

export interface FlinkLeader {
  /** Name of the leading JobManager. */
  readonly leader: string;
  /** The REST endpoint the leader published, such as http://jm-1:8081. */
  readonly restAddress: string;
  /** Each service's published address, by service. */
  readonly addresses: Readonly<Record<string, string>>;
}

/**
 * Reads the `connection_info` znode of every leader service and passes once all of them name
 * the same JobManager. Flink writes each node (ephemeral, owned by the leader's session) with
 * Java serialization: `writeUTF(address)` then `writeObject(leaderSessionId)`.
 */
export function flinkLeaderCheck(
  connectString: string,
  haPath: string,
  jobManagers: readonly FlinkJobManagerRef[],
  attemptTimeoutMs: number,
): ReadinessCheck<FlinkLeader> {
  return {
    description: `Flink leader under ${haPath}/leader on ${connectString}`,
    attempt: () =>
      withSession(connectString, attemptTimeoutMs, (client) => readLeaderData(client, haPath)).then(
        (datas) => assessLeader(haPath, jobManagers, datas),
        (error: unknown) =>
          notReady<FlinkLeader>(error instanceof Error ? error.message : String(error)),
      ),
  };
}

/** The raw `connection_info` data of each leader service, in order; undefined when missing. */
export function readLeaderData(
  client: zookeeper.Client,
  haPath: string,
): Promise<(Buffer | undefined)[]> {
  return Promise.all(
    FLINK_LEADER_SERVICES.map((service) =>
      readZnodeBytes(client, `${haPath}/leader/${service}/connection_info`),
    ),
  );
}

/** Decides from the raw `connection_info` data (one per service, undefined when missing). */
export function assessLeader(
  haPath: string,
  jobManagers: readonly FlinkJobManagerRef[],
  datas: readonly (Buffer | undefined)[],
): CheckOutcome<FlinkLeader> {
  const missing: string[] = [];
  const addresses: Record<string, string> = {};
  const leaders: string[] = [];
  FLINK_LEADER_SERVICES.forEach((service, index) => {
    const data = datas[index];
    const address = data === undefined ? undefined : parseLeaderAddress(data);
    if (address === undefined || address === "") {
      missing.push(`${haPath}/leader/${service}/connection_info`);
      return;
    }
    addresses[service] = address;
    const host = hostOfAddress(address);
    const jobManager = jobManagers.find((jm) => jm.alias === host || jm.name === host);
    leaders.push(jobManager ? jobManager.name : `unknown host ${host}`);
  });
  if (missing.length > 0) {
    return notReady(`no elected leader yet; missing: ${missing.join(", ")}`);
  }
  const distinct = leaders.filter((leader, i) => leaders.indexOf(leader) === i);
  const leader = distinct.length === 1 ? distinct[0] : undefined;
  if (leader === undefined || leader.startsWith("unknown host")) {
    const detail = FLINK_LEADER_SERVICES.map((s, i) => `${s}=${leaders[i] ?? "?"}`).join(", ");
    return notReady(`leader services disagree or name no known JobManager: ${detail}`);
  }
  return ready({
    leader,
    restAddress: addresses["rest_server"] ?? "",
    addresses,
  });
}

/**
 * The address string at the start of a Java serialization stream written by
 * `ObjectOutputStream.writeUTF`: magic AC ED 00 05, a block-data record (0x77 with a one-byte
 * length, or 0x7A with a four-byte length), then the UTF string's two-byte length and bytes.
 * Undefined when the data does not look like that.
 */
export function parseLeaderAddress(data: Buffer): string | undefined {
  if (data.length < 9 || data.readUInt16BE(0) !== 0xaced) {
    return undefined;
  }
  let offset = 4;
  const tag = data[offset];
  if (tag === 0x77) {
    offset += 2;
  } else if (tag === 0x7a) {
    offset += 5;
  } else {
    return undefined;
  }
  if (offset + 2 > data.length) {
    return undefined;
  }
  const length = data.readUInt16BE(offset);
  offset += 2;
  if (offset + length > data.length) {
    return undefined;
  }
  return data.subarray(offset, offset + length).toString("utf8");
}

/** The host of `http://host:port`, `pekko.tcp://flink@host:port/user/...` and similar. */
export function hostOfAddress(address: string): string {
  const afterScheme = address.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, "");
  const afterUser = afterScheme.includes("@")
    ? afterScheme.slice(afterScheme.indexOf("@") + 1)
    : afterScheme;
  const hostPort = afterUser.split("/")[0] ?? "";
  if (hostPort.startsWith("[")) {
    return hostPort.slice(1, hostPort.indexOf("]"));
  }
  return hostPort.split(":")[0] ?? "";
}
