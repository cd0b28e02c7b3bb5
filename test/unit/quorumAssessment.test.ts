import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { CheckOutcome } from "../../src/readiness/check";
import {
  assessQuorum,
  type QuorumMembership,
  type ServerProbe,
} from "../../src/readiness/quorumAssessment";
import type { QuorumServer } from "../../src/readiness/quorumServer";

const zk1: QuorumServer = { name: "zk-1", host: "127.0.0.1", port: 2181 };
const zk2: QuorumServer = { name: "zk-2", host: "127.0.0.1", port: 2182 };
const zk3: QuorumServer = { name: "zk-3", host: "127.0.0.1", port: 2183 };
const zk4: QuorumServer = { name: "zk-4", host: "::1", port: 2184 };
const zk5: QuorumServer = { name: "zk-5", host: "zk-5.example", port: 2185 };

function mode(server: QuorumServer, m: string, syncedFollowers?: number): ServerProbe {
  return syncedFollowers === undefined ? { server, mode: m } : { server, mode: m, syncedFollowers };
}

function failed(server: QuorumServer, error: string): ServerProbe {
  return { server, error };
}

const NOT_SERVING = "This ZooKeeper instance is not currently serving requests";

interface Case {
  readonly title: string;
  readonly probes: readonly ServerProbe[];
  readonly expected: CheckOutcome<QuorumMembership>;
}

const cases: readonly Case[] = [
  {
    title: "leader and 2 followers",
    probes: [mode(zk1, "leader", 2), mode(zk2, "follower"), mode(zk3, "follower")],
    expected: {
      ready: true,
      value: { leader: "zk-1", serving: ["zk-1", "zk-2", "zk-3"], missing: [] },
    },
  },
  {
    title: "leader and 2 followers, leader without a synced count (mntr unavailable)",
    probes: [mode(zk1, "follower"), mode(zk2, "leader"), mode(zk3, "follower")],
    expected: {
      ready: true,
      value: { leader: "zk-2", serving: ["zk-2", "zk-1", "zk-3"], missing: [] },
    },
  },
  {
    title: "leader, 1 follower and 1 refused: ready, the refused one named missing",
    probes: [
      mode(zk1, "follower"),
      failed(zk2, "connect ECONNREFUSED 127.0.0.1:2182"),
      mode(zk3, "leader", 1),
    ],
    expected: {
      ready: true,
      value: { leader: "zk-3", serving: ["zk-3", "zk-1"], missing: ["zk-2"] },
    },
  },
  {
    title: "leader alone of 3",
    probes: [
      mode(zk1, "leader", 0),
      failed(zk2, "connect ECONNREFUSED 127.0.0.1:2182"),
      failed(zk3, NOT_SERVING),
    ],
    expected: {
      ready: false,
      reason:
        "1 of 3 serving, 2 needed; missing: zk-2 (127.0.0.1:2182: connect ECONNREFUSED 127.0.0.1:2182), zk-3 (127.0.0.1:2183: This ZooKeeper instance is not currently serving requests)",
    },
  },
  {
    title: "no leader, a majority following",
    probes: [mode(zk1, "follower"), mode(zk2, "follower"), mode(zk3, "read-only")],
    expected: {
      ready: false,
      reason:
        "no leader (2 of 3 serving, 2 needed); missing: zk-3 (127.0.0.1:2183: mode read-only)",
    },
  },
  {
    title: "no leader, every server unreachable",
    probes: [
      failed(zk1, "no answer to srvr within 2000 ms"),
      failed(zk2, NOT_SERVING),
      failed(zk3, "empty answer to srvr"),
    ],
    expected: {
      ready: false,
      reason:
        "no leader (0 of 3 serving, 2 needed); missing: zk-1 (127.0.0.1:2181: no answer to srvr within 2000 ms), zk-2 (127.0.0.1:2182: This ZooKeeper instance is not currently serving requests), zk-3 (127.0.0.1:2183: empty answer to srvr)",
    },
  },
  {
    title: "no leader, all following (nothing missing)",
    probes: [mode(zk1, "follower"), mode(zk2, "follower"), mode(zk3, "follower")],
    expected: { ready: false, reason: "no leader (3 of 3 serving, 2 needed)" },
  },
  {
    title: "two leaders",
    probes: [mode(zk1, "leader", 1), mode(zk2, "follower"), mode(zk3, "leader", 0)],
    expected: { ready: false, reason: "2 leaders: zk-1, zk-3" },
  },
  {
    title: "two leaders and a missing server",
    probes: [
      mode(zk1, "leader"),
      mode(zk2, "leader"),
      failed(zk3, "connect ECONNREFUSED 127.0.0.1:2183"),
    ],
    expected: {
      ready: false,
      reason:
        "2 leaders: zk-1, zk-2; missing: zk-3 (127.0.0.1:2183: connect ECONNREFUSED 127.0.0.1:2183)",
    },
  },
  {
    title: "standalone single server",
    probes: [mode(zk1, "standalone")],
    expected: { ready: true, value: { leader: "zk-1", serving: ["zk-1"], missing: [] } },
  },
  {
    title: "single server that is down",
    probes: [failed(zk1, "connect ECONNREFUSED 127.0.0.1:2181")],
    expected: {
      ready: false,
      reason:
        "no leader (0 of 1 serving, 1 needed); missing: zk-1 (127.0.0.1:2181: connect ECONNREFUSED 127.0.0.1:2181)",
    },
  },
  {
    title: "leader reporting 0 synced followers of 3",
    probes: [mode(zk1, "leader", 0), mode(zk2, "follower"), mode(zk3, "follower")],
    expected: { ready: false, reason: "leader zk-1 has synced 0 follower(s), 1 needed" },
  },
  {
    title: "leader of 5 reporting 1 synced follower while 3 claim to follow",
    probes: [
      mode(zk1, "leader", 1),
      mode(zk2, "follower"),
      mode(zk3, "follower"),
      mode(zk4, "follower"),
      failed(zk5, "getaddrinfo ENOTFOUND zk-5.example"),
    ],
    expected: { ready: false, reason: "leader zk-1 has synced 1 follower(s), 2 needed" },
  },
  {
    title: "5 servers, 3 serving; IPv6 and hostname endpoints in the missing list",
    probes: [
      mode(zk1, "follower"),
      mode(zk2, "leader", 2),
      mode(zk3, "follower"),
      failed(zk4, "connect ECONNREFUSED ::1:2184"),
      mode(zk5, "observer"),
    ],
    expected: {
      ready: true,
      value: { leader: "zk-2", serving: ["zk-2", "zk-1", "zk-3"], missing: ["zk-4", "zk-5"] },
    },
  },
  {
    title: "5 servers, 2 serving",
    probes: [
      mode(zk1, "leader", 1),
      mode(zk2, "follower"),
      failed(zk3, NOT_SERVING),
      failed(zk4, "connect ECONNREFUSED ::1:2184"),
      mode(zk5, "looking"),
    ],
    expected: {
      ready: false,
      reason:
        "2 of 5 serving, 3 needed; missing: zk-3 (127.0.0.1:2183: This ZooKeeper instance is not currently serving requests), zk-4 ([::1]:2184: connect ECONNREFUSED ::1:2184), zk-5 (zk-5.example:2185: mode looking)",
    },
  },
];

void describe("assessQuorum", () => {
  for (const { title, probes, expected } of cases) {
    void it(title, () => {
      assert.deepEqual(assessQuorum(probes), expected);
    });
  }
});
