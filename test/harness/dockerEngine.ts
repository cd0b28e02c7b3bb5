import { spawn } from "node:child_process";
import type * as http from "node:http";
import { Duplex } from "node:stream";

/** Where a test sends Engine API requests: this machine's socket, or a host reached over ssh. */
export interface DockerEngine {
  /** What messages call it: a socket path or an ssh:// URL. */
  readonly label: string;
  readonly connection: Pick<http.RequestOptions, "socketPath" | "createConnection">;
}

const SOCKET = process.env["DOCKER_SOCKET"] ?? "/var/run/docker.sock";

/** The engine on this machine, as every single-host suite uses it. */
export const LOCAL_ENGINE: DockerEngine = { label: SOCKET, connection: { socketPath: SOCKET } };

/**
 * An engine on another host, reached as the docker provider and CLI reach an `ssh://` host:
 * one `ssh <target> docker system dial-stdio` per connection, the API spoken over its stdio.
 * `sshConfig` is an ssh client configuration file naming the key and the known host keys.
 */
export function sshEngine(target: string, sshConfig: string): DockerEngine {
  return {
    label: `ssh://${target}`,
    connection: {
      createConnection: () => {
        const child = spawn("ssh", ["-F", sshConfig, target, "docker", "system", "dial-stdio"], {
          stdio: ["pipe", "pipe", "ignore"],
        });
        const stream = Duplex.from({ readable: child.stdout, writable: child.stdin });
        stream.on("close", () => child.kill());
        child.on("error", (error) => stream.destroy(error));
        // The HTTP client tunes sockets with these; a pipe has nothing to tune.
        return Object.assign(stream, {
          setTimeout: () => stream,
          setNoDelay: () => stream,
          setKeepAlive: () => stream,
          ref: () => stream,
          unref: () => stream,
        });
      },
    },
  };
}
