import { notReady, ready, type CheckOutcome } from "./check";
import { endpointOf, type QuorumServer } from "./quorumServer";

/** What one server said when probed. */
export type ServerProbe =
  | { readonly server: QuorumServer; readonly mode: string; readonly syncedFollowers?: number }
  | { readonly server: QuorumServer; readonly error: string };

export interface QuorumMembership {
  readonly leader: string;
  /** Servers in the serving quorum (leader first), by name. */
  readonly serving: string[];
  /** Servers that are not serving, by name. */
  readonly missing: string[];
}

// An array, not a Set: this module runs inside serialized dynamic providers, and closure
// serialization does not carry a Set's contents.
export const SERVING_MODES: readonly string[] = ["leader", "follower", "standalone"];

/**
 * Decides from one round of probes whether the ensemble serves: exactly one leader (or a single
 * standalone server), and a majority of the expected servers either leading or following. The
 * leader's own count of synced followers, when it reports one, must agree.
 */
export function assessQuorum(probes: readonly ServerProbe[]): CheckOutcome<QuorumMembership> {
  const expected = probes.length;
  const majority = Math.floor(expected / 2) + 1;
  const serving = probes.filter((p) => "mode" in p && SERVING_MODES.includes(p.mode));
  const leaders = serving.filter(
    (p) => "mode" in p && (p.mode === "leader" || p.mode === "standalone"),
  );
  const missing = probes.filter((p) => !serving.includes(p));
  const missingText = missing.map(describeMissing).join(", ");
  const summary = `${serving.length} of ${expected} serving, ${majority} needed`;

  if (leaders.length !== 1) {
    const reason =
      leaders.length === 0
        ? `no leader (${summary})`
        : `${leaders.length} leaders: ${leaders.map((p) => p.server.name).join(", ")}`;
    return notReady(missing.length > 0 ? `${reason}; missing: ${missingText}` : reason);
  }
  if (serving.length < majority) {
    return notReady(`${summary}; missing: ${missingText}`);
  }
  const leader = leaders[0];
  if (leader && "mode" in leader && leader.syncedFollowers !== undefined) {
    const synced = leader.syncedFollowers + 1;
    if (synced < majority) {
      return notReady(
        `leader ${leader.server.name} has synced ${leader.syncedFollowers} follower(s), ${majority - 1} needed`,
      );
    }
  }
  const ordered = [...leaders, ...serving.filter((p) => !leaders.includes(p))];
  return ready({
    leader: leader?.server.name ?? "",
    serving: ordered.map((p) => p.server.name),
    missing: missing.map((p) => p.server.name),
  });
}

function describeMissing(probe: ServerProbe): string {
  const detail = "error" in probe ? probe.error : `mode ${probe.mode}`;
  return `${probe.server.name} (${endpointOf(probe.server)}: ${detail})`;
}
