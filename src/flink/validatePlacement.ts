import { isIP } from "node:net";
import {
  bindAddressProblem,
  nonLoopbackOptInProblem,
  unknownMemberProblem,
  unplacedProblems,
  unsetWithPlacementProblems,
} from "../common/placement";
import type { Problem } from "../common/problems";
import * as rules from "../common/rules";
import {
  FLINK_DEFAULTS,
  MAX_PLACED_JOB_MANAGER_PORTS,
  PLACED_BLOB_SERVER_PORT,
  type FlinkPlacement,
  type PlainFlinkArgs,
} from "./flinkArgs";
import { mastersHostProblem } from "./flinkConf";
import { PLACEMENT_MANAGED_FLINK_KEYS } from "./flinkKeys";
import { flinkValueProblem } from "./flinkValues";
import { storageScheme } from "./flinkSpec";
import { parseJobManagerPorts, portCount } from "./jobManagerPorts";

type Kind = "jobManagers" | "taskManagers";

/** One placed member, as the validator sees it. */
interface PlacedMember {
  readonly kind: Kind;
  readonly index: number;
  readonly property: string;
  readonly placement: FlinkPlacement;
}

/**
 * Every problem with `placement` and the arguments it constrains; empty without placement.
 * Without placement, only the placement-only arguments are checked (they must be unset).
 */
export function validatePlacement(args: PlainFlinkArgs, storageDirDeferred = false): Problem[] {
  if (args.placement === undefined) {
    return rules.definedProblems(
      ...(["taskManagerRpcPortBase", "taskManagerDataPortBase"] as const).map((field) =>
        args[field] === undefined
          ? undefined
          : { property: field, reason: "applies only with placement; leave it unset" },
      ),
    );
  }
  const counts: Record<Kind, number> = {
    jobManagers: args.jobManagers ?? FLINK_DEFAULTS.jobManagers,
    taskManagers: args.taskManagers ?? FLINK_DEFAULTS.taskManagers,
  };
  const { members, problems } = placedMembers(args, counts);
  const portBases = taskManagerPortProblems(args, counts.taskManagers);
  return [
    ...problems,
    ...members.flatMap(addressProblems),
    ...oneJobManagerPerHost(members),
    ...portBases,
    ...(portBases.length === 0 ? portCollisions(args, members) : []),
    ...argumentProblems(args, storageDirDeferred),
  ];
}

/** The placed members; problems for missing, unknown and malformed entries. */
function placedMembers(
  args: PlainFlinkArgs,
  counts: Record<Kind, number>,
): { members: PlacedMember[]; problems: Problem[] } {
  const members: PlacedMember[] = [];
  const problems: Problem[] = [];
  for (const kind of ["jobManagers", "taskManagers"] as const) {
    const entries: Record<number, FlinkPlacement> = args.placement?.[kind] ?? {};
    const noun = kind === "jobManagers" ? "JobManager" : "TaskManager";
    const count = Number.isInteger(counts[kind]) ? counts[kind] : 0;
    problems.push(
      ...unplacedProblems(
        Array.from({ length: Math.max(0, count) }, (_, i) => i + 1),
        entries,
        (index) => `placement.${kind}[${index}]`,
        { noun, every: "every JobManager and TaskManager" },
      ),
    );
    for (const [key, placement] of Object.entries(entries)) {
      const index = Number(key);
      const property = `placement.${kind}[${key}]`;
      if (!Number.isInteger(index) || index < 1 || index > count) {
        problems.push(unknownMemberProblem(property, noun, key, `place ${noun}s 1..${count}`));
      } else if (typeof placement !== "object" || typeof placement.provider !== "object") {
        problems.push({
          property: `${property}.provider`,
          reason: "is required: the docker.Provider of the host",
        });
      } else {
        members.push({ kind, index, property, placement });
      }
    }
  }
  return { members, problems };
}

function addressProblems(member: PlacedMember): Problem[] {
  const { address, bindAddress } = member.placement;
  const property = `${member.property}.address`;
  const problems = rules.definedProblems(
    typeof address !== "string"
      ? { property, reason: "is required: the host address peers on other hosts dial" }
      : (flinkValueProblem(property, address) ??
          (isIP(address) !== 0 ? undefined : rules.hostname(property, address)) ??
          // A JobManager's address is also a line of the masters file.
          (member.kind === "jobManagers" ? mastersHostProblem(property, address) : undefined)),
  );
  return [
    ...problems,
    ...rules.definedProblems(bindAddressProblem(`${member.property}.bindAddress`, bindAddress)),
  ];
}

/** Two JobManagers on one host fail together: the standby must survive the leader's host. */
function oneJobManagerPerHost(members: readonly PlacedMember[]): Problem[] {
  const seen = new Map<object, string>();
  const problems: Problem[] = [];
  for (const member of members.filter((m) => m.kind === "jobManagers")) {
    const earlier = seen.get(member.placement.provider);
    if (earlier !== undefined) {
      problems.push({
        property: `${member.property}.provider`,
        reason: `${earlier} runs on the same Docker host; place each JobManager on its own host, or one host failure stops both`,
      });
    } else {
      seen.set(member.placement.provider, member.property);
    }
  }
  return problems;
}

function taskManagerPortProblems(args: PlainFlinkArgs, taskManagers: number): Problem[] {
  const problems: Problem[] = [];
  const count = Math.max(1, Number.isInteger(taskManagers) ? taskManagers : 1);
  const bases = [
    [
      "taskManagerRpcPortBase",
      args.taskManagerRpcPortBase ?? FLINK_DEFAULTS.taskManagerRpcPortBase,
    ],
    [
      "taskManagerDataPortBase",
      args.taskManagerDataPortBase ?? FLINK_DEFAULTS.taskManagerDataPortBase,
    ],
  ] as const;
  for (const [property, base] of bases) {
    problems.push(
      ...rules.definedProblems(
        rules.portBaseProblem(property, base, count, `${count} TaskManagers`),
      ),
    );
  }
  return problems;
}

/** Members on one Docker host publish the same interfaces: their ports must differ. */
function portCollisions(args: PlainFlinkArgs, members: readonly PlacedMember[]): Problem[] {
  const parsed = parseJobManagerPorts(
    "jobManagerPorts",
    args.jobManagerPorts ?? FLINK_DEFAULTS.jobManagerPorts,
  );
  if (!parsed.ok) {
    return [];
  }
  const haPorts = parsed.ranges.flatMap((r) =>
    Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i),
  );
  const restPort = args.restPort ?? FLINK_DEFAULTS.restPort;
  const rpcBase = args.taskManagerRpcPortBase ?? FLINK_DEFAULTS.taskManagerRpcPortBase;
  const dataBase = args.taskManagerDataPortBase ?? FLINK_DEFAULTS.taskManagerDataPortBase;
  const portsOf = (m: PlacedMember): number[] =>
    m.kind === "jobManagers"
      ? [...haPorts, PLACED_BLOB_SERVER_PORT, restPort]
      : [rpcBase + m.index - 1, dataBase + m.index - 1];
  const problems: Problem[] = [];
  const taken = new Map<object, Map<number, string>>();
  for (const member of members) {
    const host = taken.get(member.placement.provider) ?? new Map<number, string>();
    taken.set(member.placement.provider, host);
    const ports = portsOf(member);
    const own = ports.find((p, i) => ports.indexOf(p) !== i);
    const clash = ports.find((p) => host.has(p));
    if (own !== undefined) {
      problems.push({
        property: member.property,
        reason: `port ${own} would be published twice by this member; make jobManagerPorts, restPort, the blob server port ${PLACED_BLOB_SERVER_PORT} and the TaskManager port bases distinct`,
      });
    } else if (
      clash !== undefined &&
      !(member.kind === "jobManagers" && isJobManager(host.get(clash)))
    ) {
      problems.push({
        property: member.property,
        reason: `port ${clash} is also published by ${host.get(clash) ?? ""} on the same Docker host; choose port bases that do not overlap`,
      });
    }
    for (const port of ports) {
      if (!host.has(port)) {
        host.set(port, member.property);
      }
    }
  }
  return problems;
}

function isJobManager(property: string | undefined): boolean {
  return property?.startsWith("placement.jobManagers") ?? false;
}

/** The arguments placement constrains. */
function argumentProblems(args: PlainFlinkArgs, storageDirDeferred: boolean): Problem[] {
  const problems: Problem[] = [];
  const parsed = parseJobManagerPorts(
    "jobManagerPorts",
    args.jobManagerPorts ?? FLINK_DEFAULTS.jobManagerPorts,
  );
  if (parsed.ok && portCount(parsed.ranges) > MAX_PLACED_JOB_MANAGER_PORTS) {
    problems.push({
      property: "jobManagerPorts",
      reason: `offers ${portCount(parsed.ranges)} ports; with placement each is published on the host, so offer at most ${MAX_PLACED_JOB_MANAGER_PORTS}`,
    });
  }
  problems.push(
    ...rules.definedProblems(
      nonLoopbackOptInProblem(
        args.allowNonLoopbackPublish,
        "placed members reach each other through ports published on the hosts' addresses",
        "those ports",
      ),
    ),
  );
  const scheme = args.storageDir === undefined ? undefined : storageScheme(args.storageDir);
  // An output is checked once it resolves; it gets no volume in any case.
  if (!storageDirDeferred && (args.storageDir === undefined || scheme === "file")) {
    problems.push({
      property: "storageDir",
      reason:
        "a local Docker volume or file:// path cannot be shared by members on several hosts; set storageDir to a URI every host reaches, such as hdfs://namenode:8020/flink/ha or s3://bucket/flink-ha",
    });
  }
  const publishedOnBindAddress =
    "placed JobManagers publish restPort on their placement's bindAddress; leave it unset with placement";
  problems.push(
    ...unsetWithPlacementProblems(args, {
      networkName:
        "a network cannot span hosts; leave it unset with placement (one network per host is created)",
      hostRestPortBase: publishedOnBindAddress,
      publishAddress: publishedOnBindAddress,
    }),
  );
  for (const key of Object.keys(args.extraSettings ?? {})) {
    if (PLACEMENT_MANAGED_FLINK_KEYS.includes(key)) {
      problems.push({
        property: `extraSettings["${key}"]`,
        reason: `"${key}" decides a port published with placement, so the component sets it; remove it`,
      });
    }
  }
  return problems;
}
