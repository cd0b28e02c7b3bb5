import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as net from "node:net";
import { parseMntr, parseSrvrMode, sendFourLetterWord } from "../../src/zookeeper/fourLetterWord";

// Answers as ZooKeeper 3.8 gives them (srvr/mntr end every line with "\n").
const SRVR_FOLLOWER = `Zookeeper version: 3.8.4-9316c2a7a97e1666d8f4593f34dd6fc36ecc436c, built on 2024-02-12 22:16 UTC
Latency min/avg/max: 0/0.4444/3
Received: 12
Sent: 11
Connections: 1
Outstanding: 0
Zxid: 0x100000004
Mode: follower
Node count: 7
`;

const SRVR_LEADER = `Zookeeper version: 3.8.4-9316c2a7a97e1666d8f4593f34dd6fc36ecc436c, built on 2024-02-12 22:16 UTC
Latency min/avg/max: 0/0.0/0
Received: 3
Sent: 2
Connections: 1
Outstanding: 0
Zxid: 0x100000000
Mode: leader
Node count: 5
Proposal sizes last/min/max: 48/48/92
`;

const SRVR_STANDALONE = `Zookeeper version: 3.8.4-9316c2a7a97e1666d8f4593f34dd6fc36ecc436c, built on 2024-02-12 22:16 UTC
Latency min/avg/max: 0/0.0/0
Received: 1
Sent: 0
Connections: 1
Outstanding: 0
Zxid: 0x0
Mode: standalone
Node count: 5
`;

const NOT_SERVING = "This ZooKeeper instance is not currently serving requests\n";

const NOT_WHITELISTED = "stat is not executed because it is not in the whitelist.\n";

const MNTR_LEADER = `zk_version\t3.8.4-9316c2a7a97e1666d8f4593f34dd6fc36ecc436c, built on 2024-02-12 22:16 UTC
zk_server_state\tleader
zk_peer_state\tleading - broadcast
zk_ephemerals_count\t0
zk_num_alive_connections\t1
zk_outstanding_requests\t0
zk_znode_count\t5
zk_watch_count\t0
zk_approximate_data_size\t44
zk_open_file_descriptor_count\t68
zk_max_file_descriptor_count\t1048576
zk_learners\t2
zk_synced_followers\t2
zk_synced_non_voting_followers\t0
zk_synced_observers\t0
zk_pending_syncs\t0
zk_last_proposal_size\t-1
zk_max_proposal_size\t-1
zk_min_proposal_size\t-1
zk_avg_latency\t0.4444
zk_uptime\t123456
zk_quorum_size\t3
`;

const MNTR_FOLLOWER = `zk_version\t3.8.4-9316c2a7a97e1666d8f4593f34dd6fc36ecc436c, built on 2024-02-12 22:16 UTC
zk_server_state\tfollower
zk_peer_state\tfollowing - broadcast
zk_znode_count\t5
zk_uptime\t120001
`;

void describe("parseSrvrMode", () => {
  const cases: [string, string, string | undefined][] = [
    ["follower", SRVR_FOLLOWER, "follower"],
    ["leader", SRVR_LEADER, "leader"],
    ["standalone", SRVR_STANDALONE, "standalone"],
    ["read-only", SRVR_FOLLOWER.replace("Mode: follower", "Mode: read-only"), "read-only"],
    ["CRLF line endings", SRVR_LEADER.replace(/\n/g, "\r\n"), "leader"],
    ["trailing blanks after the mode", "Zxid: 0x0\nMode: follower \t\nNode count: 5\n", "follower"],
    ["not currently serving", NOT_SERVING, undefined],
    ["not in the whitelist", NOT_WHITELISTED, undefined],
    ["empty answer", "", undefined],
    ["Mode line without a value", "Mode: \n", undefined],
    ["Mode not at the start of a line", "Last Mode: leader\n", undefined],
    ["answer cut before the newline", "Zxid: 0x0\nMode: follower", "follower"],
  ];
  for (const [title, answer, expected] of cases) {
    void it(title, () => {
      assert.equal(parseSrvrMode(answer), expected);
    });
  }
});

void describe("parseMntr", () => {
  void it("parses a leader's answer", () => {
    assert.deepEqual(parseMntr(MNTR_LEADER), {
      zk_version: "3.8.4-9316c2a7a97e1666d8f4593f34dd6fc36ecc436c, built on 2024-02-12 22:16 UTC",
      zk_server_state: "leader",
      zk_peer_state: "leading - broadcast",
      zk_ephemerals_count: "0",
      zk_num_alive_connections: "1",
      zk_outstanding_requests: "0",
      zk_znode_count: "5",
      zk_watch_count: "0",
      zk_approximate_data_size: "44",
      zk_open_file_descriptor_count: "68",
      zk_max_file_descriptor_count: "1048576",
      zk_learners: "2",
      zk_synced_followers: "2",
      zk_synced_non_voting_followers: "0",
      zk_synced_observers: "0",
      zk_pending_syncs: "0",
      zk_last_proposal_size: "-1",
      zk_max_proposal_size: "-1",
      zk_min_proposal_size: "-1",
      zk_avg_latency: "0.4444",
      zk_uptime: "123456",
      zk_quorum_size: "3",
    });
  });

  void it("parses a follower's answer, which has no synced followers", () => {
    const parsed = parseMntr(MNTR_FOLLOWER);
    assert.equal(Object.hasOwn(parsed, "zk_synced_followers"), false);
    assert.deepEqual(parsed, {
      zk_version: "3.8.4-9316c2a7a97e1666d8f4593f34dd6fc36ecc436c, built on 2024-02-12 22:16 UTC",
      zk_server_state: "follower",
      zk_peer_state: "following - broadcast",
      zk_znode_count: "5",
      zk_uptime: "120001",
    });
  });

  void it("parses CRLF answers like LF answers", () => {
    assert.deepEqual(parseMntr(MNTR_LEADER.replace(/\n/g, "\r\n")), parseMntr(MNTR_LEADER));
  });

  void it("gives no zk_ keys for a server that is not serving", () => {
    // The sentence is split like any other line; what matters is that no metric appears.
    assert.deepEqual(parseMntr(NOT_SERVING), {
      This: "ZooKeeper instance is not currently serving requests",
    });
  });

  void it("ignores empty lines and keys without values", () => {
    assert.deepEqual(parseMntr("\n\nzk_lonely\n  \nzk_a\t1\n"), { zk_a: "1" });
  });
});

interface TestServer {
  readonly port: number;
  /** Words the server received, one entry per connection. */
  readonly received: string[];
  /** How many clients half-closed their side (sent FIN) after their word. */
  readonly halfClosed: () => number;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1; `onWord` is called with the first 4 bytes of each connection. */
async function startServer(
  onWord: ((socket: net.Socket, word: string) => void) | undefined,
): Promise<TestServer> {
  const sockets = new Set<net.Socket>();
  const received: string[] = [];
  let halfClosed = 0;
  // allowHalfOpen: the client half-closes after sending its word, like `nc -q`; a stalling
  // server must not answer that by closing.
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("end", () => {
      halfClosed++;
    });
    let buffered = "";
    let answered = false;
    socket.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      if (!answered && buffered.length >= 4) {
        answered = true;
        received.push(buffered);
        onWord?.(socket, buffered.slice(0, 4));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  assert.ok(address !== null && typeof address === "object");
  return {
    port: address.port,
    received,
    halfClosed: () => halfClosed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => {
          resolve();
        });
      }),
  };
}

const ANSWERS: Record<string, string> = {
  srvr: SRVR_LEADER,
  mntr: MNTR_LEADER,
  ruok: "imok",
};

void describe("sendFourLetterWord", () => {
  const servers: TestServer[] = [];
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  void it("sends the word and returns the whole answer once the server closes", async () => {
    const server = await startServer((socket, word) => {
      socket.end(ANSWERS[word] ?? `unknown word ${word}`);
    });
    servers.push(server);
    for (const word of ["srvr", "mntr", "ruok"]) {
      assert.equal(
        await sendFourLetterWord("127.0.0.1", server.port, word, 5000),
        ANSWERS[word],
        word,
      );
    }
    assert.deepEqual(server.received, ["srvr", "mntr", "ruok"]);
  });

  void it("joins an answer that arrives in several chunks", async () => {
    // Far larger than one socket read (64 KiB), so the client sees many "data" events; the
    // answer is also written in two parts. Every line is distinct so a lost chunk shows.
    const filler = Array.from({ length: 20000 }, (_, i) => `zk_filler_${i}\t${i}\n`).join("");
    const big = MNTR_LEADER + filler;
    const server = await startServer((socket) => {
      const half = Math.floor(big.length / 2);
      socket.write(big.slice(0, half), () => {
        socket.end(big.slice(half));
      });
    });
    servers.push(server);
    const answer = await sendFourLetterWord("127.0.0.1", server.port, "mntr", 5000);
    assert.ok(big.length > 4 * 65536);
    assert.equal(answer, big);
    assert.equal(parseMntr(answer)["zk_synced_followers"], "2");
    assert.equal(parseMntr(answer)["zk_filler_19999"], "19999");
  });

  void it("resolves with an empty answer when the server closes without answering", async () => {
    const server = await startServer((socket) => {
      socket.end();
    });
    servers.push(server);
    assert.equal(await sendFourLetterWord("127.0.0.1", server.port, "srvr", 5000), "");
  });

  void it("rejects with the timeout message when the server accepts but never answers", async () => {
    const server = await startServer(undefined);
    servers.push(server);
    await assert.rejects(sendFourLetterWord("127.0.0.1", server.port, "srvr", 150), {
      message: "no answer to srvr within 150 ms",
    });
    assert.deepEqual(server.received, ["srvr"]);
    // The word is sent with a half-close, as `nc` does; the server still could have answered.
    assert.equal(server.halfClosed(), 1);
  });

  void it("rejects when the connection is refused", async () => {
    const server = await startServer(undefined);
    const port = server.port;
    await server.close();
    await assert.rejects(sendFourLetterWord("127.0.0.1", port, "ruok", 5000), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.equal((error as NodeJS.ErrnoException).code, "ECONNREFUSED");
      assert.equal(error.message, `connect ECONNREFUSED 127.0.0.1:${port}`);
      return true;
    });
  });
});
