import * as net from "node:net";

/**
 * A TCP proxy that holds back every byte a server sends by a fixed delay: what `tc ... netem
 * delay` does to a server's egress, for kernels without the netem qdisc. The soak runs it inside
 * a ZooKeeper server's network namespace (`nsenter -n`), with iptables redirecting the server's
 * incoming client, quorum and election connections to it; it forwards each to 127.0.0.1 on the
 * original port. Arguments: `<delayMs> <listenPort>:<targetPort>...`. Test-only.
 */
function main(argv: string[]): void {
  const [delayText, ...mappings] = argv;
  const delayMs = Number(delayText);
  if (!Number.isFinite(delayMs) || delayMs < 0 || mappings.length === 0) {
    throw new Error("usage: delayProxy <delayMs> <listenPort>:<targetPort>...");
  }
  for (const mapping of mappings) {
    const [listen, target] = mapping.split(":").map(Number);
    if (listen === undefined || target === undefined) {
      throw new Error(`bad mapping ${mapping}`);
    }
    net
      .createServer((downstream) => {
        const upstream = net.connect({ host: "127.0.0.1", port: target });
        // Towards the server: at once. From the server: after the delay, in order (equal delays
        // keep timer order).
        downstream.on("data", (chunk: Buffer) => upstream.write(chunk));
        upstream.on("data", (chunk: Buffer) => {
          setTimeout(() => downstream.write(chunk), delayMs);
        });
        const close = (): void => {
          setTimeout(() => {
            downstream.destroy();
            upstream.destroy();
          }, delayMs);
        };
        downstream.on("close", close);
        upstream.on("close", close);
        downstream.on("error", close);
        upstream.on("error", close);
      })
      .listen(listen, "0.0.0.0");
  }
  console.log(`delaying ${mappings.join(", ")} by ${delayMs} ms`);
}

main(process.argv.slice(2));
