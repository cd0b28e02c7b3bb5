/**
 * ZooKeeper's `reconfig` request (opcode 16), which node-zookeeper-client does not implement:
 * one short session on one server, a digest `addauth` as the super user, the request, and the
 * close. The server forwards it to the leader, which commits the new member list only once a
 * majority of both the old and the new list has acknowledged it.
 */

export interface ReconfigTarget {
  readonly host: string;
  readonly port: number;
  /** The super user's password (`DigestAuthenticationProvider.superDigest`). */
  readonly superPassword: string;
  readonly timeoutMs: number;
}

const OP_RECONFIG = 16;
const OP_AUTH = 100;
const OP_CLOSE = -11;
const XID_AUTH = -4;
const XID_RECONFIG = 1;
const XID_CLOSE = 2;

/** ZooKeeper error codes a reconfig can answer with, by the name ZooKeeper gives them. */
const ERROR_NAMES: Readonly<Record<number, string>> = {
  [-4]: "CONNECTIONLOSS",
  [-6]: "UNIMPLEMENTED",
  [-8]: "BADARGUMENTS",
  [-13]: "NEWCONFIGNOQUORUM",
  [-14]: "RECONFIGINPROGRESS",
  [-102]: "NOAUTH",
  [-115]: "AUTHFAILED",
  [-123]: "RECONFIGDISABLED",
};

export function zooKeeperErrorName(code: number): string {
  return ERROR_NAMES[code] ?? `error ${code}`;
}

/** A reconfig the server refused, with ZooKeeper's error code. */
export class ReconfigRefused extends Error {
  constructor(
    readonly code: number,
    detail: string,
  ) {
    super(`reconfig refused: ${zooKeeperErrorName(code)} (${detail})`);
  }
}

// Jute encoding: big-endian ints and longs, length-prefixed buffers, -1 for null. Plain
// functions, not a class: class fields do not survive the serialization of dynamic providers.

function int(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(value);
  return b;
}

function long(value: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(value);
  return b;
}

function bytes(value: Buffer | undefined): Buffer {
  return value === undefined ? int(-1) : Buffer.concat([int(value.length), value]);
}

function text(value: string | undefined): Buffer {
  return bytes(value === undefined ? undefined : Buffer.from(value, "utf8"));
}

/** A record with its 4-byte length frame. */
function framed(parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([int(body.length), body]);
}

export function connectFrame(sessionTimeoutMs: number): Buffer {
  // protocolVersion, lastZxidSeen, timeOut, sessionId, passwd, readOnly
  return framed([
    int(0),
    long(0n),
    int(sessionTimeoutMs),
    long(0n),
    bytes(Buffer.alloc(16)),
    Buffer.from([0]),
  ]);
}

export function authFrame(superPassword: string): Buffer {
  // header (xid, type), then AuthPacket (type, scheme, auth)
  return framed([
    int(XID_AUTH),
    int(OP_AUTH),
    int(0),
    text("digest"),
    bytes(Buffer.from(`super:${superPassword}`, "utf8")),
  ]);
}

/** A non-incremental reconfig: `members` (comma-separated `server.<id>=` lines) is the new list. */
export function reconfigFrame(members: string): Buffer {
  // header, then ReconfigRequest (joiningServers, leavingServers, newMembers, curConfigId)
  return framed([
    int(XID_RECONFIG),
    int(OP_RECONFIG),
    text(undefined),
    text(undefined),
    text(members),
    long(-1n),
  ]);
}

function closeFrame(): Buffer {
  return framed([int(XID_CLOSE), int(OP_CLOSE)]);
}

/** Splits complete length-prefixed frames off `pending`; returns them and the remainder. */
export function splitFrames(pending: Buffer): { frames: Buffer[]; rest: Buffer } {
  const frames: Buffer[] = [];
  let offset = 0;
  while (pending.length - offset >= 4) {
    const length = pending.readInt32BE(offset);
    if (pending.length - offset - 4 < length) {
      break;
    }
    frames.push(pending.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return { frames, rest: pending.subarray(offset) };
}

/** The new configuration's text, as the leader committed it (its members and `version=`). */
function committedConfig(body: Buffer): string {
  const length = body.readInt32BE(16);
  return length < 0 ? "" : body.subarray(20, 20 + length).toString("utf8");
}

/**
 * Sends one reconfig and resolves with the committed configuration text. Rejects with
 * {@link ReconfigRefused} when ZooKeeper answers with an error, or with a plain Error when the
 * server cannot be reached or does not answer within `timeoutMs`.
 */
export function sendReconfig(target: ReconfigTarget, members: string): Promise<string> {
  // Loaded here: this runs inside serialized dynamic providers.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const net = require("node:net") as typeof import("node:net");
  return new Promise<string>((resolve, reject) => {
    const where = `${target.host}:${target.port}`;
    const socket = net.connect({ host: target.host, port: target.port });
    let pending: Buffer = Buffer.alloc(0);
    let stage: "connect" | "auth" | "reconfig" | "done" = "connect";
    // Declared before `finish`, which clears it: closure serialization cannot capture a const
    // that is declared after the function using it.
    // eslint-disable-next-line prefer-const
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (outcome: { config: string } | { error: Error }): void => {
      if (stage === "done") {
        return;
      }
      stage = "done";
      clearTimeout(timer);
      if ("config" in outcome) {
        socket.end(closeFrame());
        resolve(outcome.config);
      } else {
        socket.destroy();
        reject(outcome.error);
      }
    };
    timer = setTimeout(() => {
      finish({ error: new Error(`${where}: no answer to reconfig within ${target.timeoutMs} ms`) });
    }, target.timeoutMs);
    socket.on("connect", () => {
      socket.write(connectFrame(Math.max(4000, target.timeoutMs)));
    });
    socket.on("error", (error) => {
      finish({ error: new Error(`${where}: ${error.message}`) });
    });
    socket.on("close", () => {
      finish({ error: new Error(`${where}: connection closed during ${stage}`) });
    });
    socket.on("data", (chunk: Buffer) => {
      const split = splitFrames(Buffer.concat([pending, chunk]));
      pending = split.rest;
      for (const frame of split.frames) {
        if (stage === "connect") {
          stage = "auth";
          socket.write(authFrame(target.superPassword));
          continue;
        }
        const xid = frame.readInt32BE(0);
        const err = frame.readInt32BE(12);
        if (stage === "auth" && xid === XID_AUTH) {
          if (err !== 0) {
            finish({ error: new ReconfigRefused(err, `${where}: super user authentication`) });
            return;
          }
          stage = "reconfig";
          socket.write(reconfigFrame(members));
        } else if (stage === "reconfig" && xid === XID_RECONFIG) {
          finish(
            err === 0
              ? { config: committedConfig(frame) }
              : { error: new ReconfigRefused(err, where) },
          );
          return;
        }
      }
    });
  });
}
