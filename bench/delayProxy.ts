import * as net from "node:net";

/** Which end of a proxied connection is the slowed server, whose bytes are held back. */
type SlowSide = "served" | "opened";

interface Mapping {
  listenPort: number;
  targetHost: string;
  targetPort: number;
  slowSide: SlowSide;
}

/**
 * A TCP proxy that holds back every byte one server sends by a fixed delay: what `tc ... netem
 * delay` does to a server's egress, for kernels without the netem qdisc. The soak runs it inside
 * a ZooKeeper server's network namespace (`nsenter -n`), with iptables redirecting to it both the
 * connections peers and clients open to the server (`served`: the target is the server itself,
 * its answers are delayed) and the connections the server opens to its peers (`opened`: the
 * target is the peer, the server's requests are delayed). Test-only.
 *
 * Arguments: `<delayMs> <listenPort>=<host>:<port>:<served|opened>...`. With `--from-zero` before
 * them, the proxy forwards without delay until it gets SIGUSR2: the soak puts every server behind
 * a proxy, lets the ensemble settle, and then slows down the server that leads.
 */
function main(argv: string[]): void {
  const fromZero = argv[0] === "--from-zero";
  const [delayText, ...specs] = fromZero ? argv.slice(1) : argv;
  const delayMs = Number(delayText);
  if (!Number.isFinite(delayMs) || delayMs < 0 || specs.length === 0) {
    throw new Error("usage: delayProxy <delayMs> <listenPort>=<host>:<port>:<served|opened>...");
  }
  const delay = { ms: fromZero ? 0 : delayMs };
  process.on("SIGUSR2", () => {
    delay.ms = delayMs;
    console.log(`delaying by ${delayMs} ms from now on`);
  });
  for (const mapping of specs.map(parseMapping)) {
    // Half-open: a client that sends its request and then its FIN (a four-letter word) still
    // gets the answer, later.
    net
      .createServer({ allowHalfOpen: true }, (downstream) => {
        relay(downstream, mapping, delay);
      })
      .listen(mapping.listenPort, "0.0.0.0");
  }
  console.log(`delaying by ${delay.ms} ms: ${specs.join(", ")}`);
}

function parseMapping(spec: string): Mapping {
  const match = /^(\d+)=([^:]+):(\d+):(served|opened)$/.exec(spec);
  if (!match) {
    throw new Error(`bad mapping ${spec}: expected <listenPort>=<host>:<port>:<served|opened>`);
  }
  return {
    listenPort: Number(match[1]),
    targetHost: match[2] ?? "",
    targetPort: Number(match[3]),
    slowSide: match[4] as SlowSide,
  };
}

function relay(downstream: net.Socket, mapping: Mapping, delay: { ms: number }): void {
  const upstream = net.connect({
    host: mapping.targetHost,
    port: mapping.targetPort,
    allowHalfOpen: true,
  });
  // Equal delays keep timer order, so the delayed direction stays in order. (When the delay is
  // switched on, later bytes wait longer than earlier ones: the order still holds.)
  const delayed = (write: () => void): void => void setTimeout(write, delay.ms);
  const atOnce = (write: () => void): void => {
    write();
  };
  const fromUpstream = mapping.slowSide === "served" ? delayed : atOnce;
  const fromDownstream = mapping.slowSide === "opened" ? delayed : atOnce;
  downstream.on("data", (chunk: Buffer) => {
    fromDownstream(() => upstream.write(chunk));
  });
  upstream.on("data", (chunk: Buffer) => {
    fromUpstream(() => downstream.write(chunk));
  });
  // An end or a close travels like data: after what was sent before it.
  downstream.on("end", () => {
    fromDownstream(() => upstream.end());
  });
  upstream.on("end", () => {
    fromUpstream(() => downstream.end());
  });
  // A reset travels as a reset; a close after an end waits for the bytes still held back.
  const closeOther = (other: net.Socket) => (hadError: boolean) => {
    delayed(() => {
      if (hadError) {
        other.destroy();
      } else {
        other.end();
      }
    });
  };
  downstream.on("close", closeOther(upstream));
  upstream.on("close", closeOther(downstream));
  downstream.on("error", () => undefined);
  upstream.on("error", () => undefined);
}

main(process.argv.slice(2));
