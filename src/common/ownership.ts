import * as pulumi from "@pulumi/pulumi";
import { canonicalAddress } from "./addresses";
import { addressOfEngine } from "./engineAddress";
import { hostPort } from "./hostPort";
import { throwIfProblems, type Problem } from "./problems";

/**
 * Things two components of one program must not both own: Docker object names and published
 * host ports (per Docker engine), and Flink HA paths (per ZooKeeper ensemble). Each component
 * validates only itself; this registry lets the second owner of a thing fail at preview, naming
 * the first one.
 */
export type Claim = DockerNameClaim | HostPortClaim | HaPathClaim;

export { engineAddress, LOCAL_ENGINE } from "./engineAddress";

/**
 * A Docker engine: the provider resource a child is created with; undefined for the default.
 * Two different providers may reach one engine (the same `host`, or both the local socket):
 * {@link claimAll} also compares claims by {@link engineAddress} once the providers' hosts are
 * known.
 */
export type Engine = object | undefined;

export interface DockerNameClaim {
  readonly kind: "container" | "volume" | "network";
  readonly engine: Engine;
  readonly name: string;
  /** The argument that decides the name, as the user wrote it ("namePrefix", "name"). */
  readonly field: string;
}

export interface HostPortClaim {
  readonly kind: "hostPort";
  readonly engine: Engine;
  /** The host interface; "0.0.0.0" and "::" take the port on every interface. */
  readonly address: string;
  readonly port: number;
  readonly field: string;
}

export interface HaPathClaim {
  readonly kind: "haPath";
  /** The ZooKeeper ensemble (see `ensembleKey` in src/flink/haPathRegistry.ts). */
  readonly ensemble: string;
  readonly path: string;
  readonly field: string;
}

interface Entry {
  readonly owner: pulumi.Resource;
  /** How messages name the owner: `FlinkHaCluster "a"`. */
  readonly label: string;
  readonly claim: Claim;
}

/**
 * The registry of the run in progress. A run is one execution of a program by the engine, and
 * the SDK gives each run its own resource monitor: the CLI runs a program once per process, the
 * Automation API's inline server resets the runtime and connects a new monitor client for every
 * run, and mocks (`setMocks`, `setMockOptions`) install a new monitor object each time. Keying
 * the registry on that object (weakly, so finished runs are collected) scopes uniqueness to the
 * stack being deployed: two programs run one after the other in one process never see each
 * other, and a resource renamed since the last deployment meets only what this run registers.
 * Module state, or a key on logical names, would do neither. The project and stack are part of
 * the key in case a caller reuses one monitor object for another stack.
 */
const registries = new WeakMap<object, Map<string, Entry[]>>();
/** The same, for the Docker claims compared by the address of their engine. */
const addressRegistries = new WeakMap<object, Map<string, AddressedEntry[]>>();
/** Stands in for the monitor when none is connected (pure unit tests of a component's spec). */
const NO_MONITOR = {};

/** A Docker claim whose engine's address is known. */
interface AddressedEntry extends Entry {
  readonly address: string;
}

function runEntries(): Entry[] {
  return entriesOfRun(registries);
}

function entriesOfRun<T>(store: WeakMap<object, Map<string, T[]>>): T[] {
  const monitor = (pulumi.runtime.getMonitor() as object | undefined) ?? NO_MONITOR;
  let byStack = store.get(monitor);
  if (byStack === undefined) {
    byStack = new Map();
    store.set(monitor, byStack);
  }
  const stack = `${pulumi.getProject()}/${pulumi.getStack()}`;
  let entries = byStack.get(stack);
  if (entries === undefined) {
    entries = [];
    byStack.set(stack, entries);
  }
  return entries;
}

/**
 * Records what `owner` creates or takes, and returns one problem for each thing another
 * resource of this run already claimed (nothing is recorded for those). Claims of one owner
 * never clash with each other: a component checks its own parts in its validator.
 */
export function claimAll(
  owner: pulumi.Resource,
  label: string,
  claims: readonly Claim[],
): Problem[] {
  const entries = runEntries();
  const problems: Problem[] = [];
  const recorded: Claim[] = [];
  for (const claim of claims) {
    const other = entries.find((e) => e.owner !== owner && clashes(e.claim, claim));
    if (other === undefined) {
      entries.push({ owner, label, claim });
      recorded.push(claim);
      continue;
    }
    problems.push(problemOf(claim, other));
  }
  claimByAddress(owner, label, recorded);
  return unique(problems);
}

/**
 * Compares the Docker claims with those of other owners on other provider objects that reach
 * the same engine (see {@link engineAddress}), once every provider's `host` is known: in a
 * preview when it is a plain value, else on `up`. A clash fails the run with the same error as
 * one found at once, on `owner`. Claims on one provider object were compared by {@link claimAll}.
 */
function claimByAddress(owner: pulumi.Resource, label: string, claims: readonly Claim[]): void {
  const docker = claims.filter((c): c is DockerNameClaim | HostPortClaim => c.kind !== "haPath");
  if (docker.length === 0) {
    return;
  }
  const engines = [...new Set(docker.map((c) => c.engine))];
  const entries = entriesOfRun(addressRegistries);
  void pulumi.all(engines.map(addressOfEngine)).apply((addresses) => {
    const addressOf = (engine: Engine): string => addresses[engines.indexOf(engine)] ?? "";
    const problems: Problem[] = [];
    for (const claim of docker) {
      const address = addressOf(claim.engine);
      const other = entries.find(
        (e) =>
          e.owner !== owner &&
          e.address === address &&
          e.claim.kind !== "haPath" &&
          e.claim.engine !== claim.engine &&
          clashes({ ...e.claim, engine: undefined }, { ...claim, engine: undefined }),
      );
      if (other === undefined) {
        entries.push({ owner, label, claim, address });
      } else {
        problems.push(problemOf(claim, other, address));
      }
    }
    throwIfProblems(owner, label, unique(problems));
  });
}

/**
 * The clashes between the claims of several owners that do not exist yet, such as the parts of
 * a platform before any is built: one problem for each claim of an owner that an earlier owner
 * made too, on the later owner (by its index in `owners`). Pure: records nothing.
 */
export function clashesBetween(
  owners: readonly { readonly label: string; readonly claims: readonly Claim[] }[],
): { owner: number; problem: Problem }[] {
  const found: { owner: number; problem: Problem }[] = [];
  owners.forEach((owner, index) => {
    const earlier = owners
      .slice(0, index)
      .flatMap((o) => o.claims.map((claim) => ({ label: o.label, claim })));
    const problems = owner.claims.flatMap((claim) => {
      const other = earlier.find((e) => clashes(e.claim, claim));
      return other === undefined ? [] : [problemOf(claim, other)];
    });
    found.push(...unique(problems).map((problem) => ({ owner: index, problem })));
  });
  return found;
}

function problemOf(
  claim: Claim,
  other: Pick<Entry, "label" | "claim">,
  sharedEngine?: string,
): Problem {
  const through =
    sharedEngine === undefined ? "" : `, through another Docker provider reaching ${sharedEngine}`;
  return {
    property: claim.field,
    reason: `${describe(claim, other.claim)} ${other.label} (${other.claim.field})${through}; ${fix(claim)}`,
  };
}

function unique(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.property}|${p.reason}`;
    const fresh = !seen.has(key);
    seen.add(key);
    return fresh;
  });
}

function clashes(a: Claim, b: Claim): boolean {
  if (a.kind === "haPath" || b.kind === "haPath") {
    return a.kind === "haPath" && b.kind === "haPath" && a.ensemble === b.ensemble
      ? nested(a.path, b.path)
      : false;
  }
  if (a.engine !== b.engine) {
    return false;
  }
  if (a.kind === "hostPort" || b.kind === "hostPort") {
    return (
      a.kind === "hostPort" &&
      b.kind === "hostPort" &&
      a.port === b.port &&
      addressesOverlap(a.address, b.address)
    );
  }
  return a.kind === b.kind && a.name === b.name;
}

/** Equal, or one inside the other: Flink's cleanup deletes a cluster's path recursively. */
export function nested(a: string, b: string): boolean {
  const trim = (p: string): string => (p.endsWith("/") ? p.slice(0, -1) : p);
  const [x, y] = [trim(a), trim(b)];
  return x === y || y.startsWith(`${x}/`) || x.startsWith(`${y}/`);
}

const WILDCARDS = new Set(["", "0.0.0.0", "::"]);

/**
 * Two publish addresses take the same port when they are one address, however written, or
 * either is a wildcard.
 */
export function addressesOverlap(a: string, b: string): boolean {
  const [x, y] = [canonicalAddress(a), canonicalAddress(b)];
  return x === y || WILDCARDS.has(x) || WILDCARDS.has(y);
}

function describe(claim: Claim, other: Claim): string {
  switch (claim.kind) {
    case "hostPort":
      return `host port ${hostPort(claim.address, claim.port)} is also published${other.kind === "hostPort" && other.address !== claim.address ? ` (on ${other.address})` : ""} by`;
    case "haPath":
      return other.kind === "haPath" && other.path !== claim.path
        ? `HA path ${claim.path} nests with ${other.path} on the same ZooKeeper ensemble, used by`
        : `HA path ${claim.path} on the same ZooKeeper ensemble is also used by`;
    default:
      return `Docker ${claim.kind} name "${claim.name}" is also created by`;
  }
}

function fix(claim: Claim): string {
  switch (claim.kind) {
    case "hostPort":
      return "choose port bases whose ranges do not overlap";
    case "haPath":
      return "give each cluster its own clusterId or pathRoot, neither inside the other";
    default:
      return "give each component its own namePrefix";
  }
}
