import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { requireDocker } from "./dockerApi";
import { type DockerEngine, sshEngine } from "./dockerEngine";

const SCRIPT = path.join(__dirname, "..", "..", "..", "test", "hosts", "hosts.sh");
const STATE = process.env["ZKHA_HOSTS_STATE"] ?? "/var/lib/zkha-hosts";

/** Host N (1-based) of test/hosts/hosts.sh: the addresses the multi-host example uses. */
export const HOST_ADDRESSES = ["10.20.0.11", "10.20.0.12", "10.20.0.13"] as const;

/**
 * Three Docker hosts on this machine (test/hosts/hosts.sh): network namespaces on a bridge,
 * each with its own engine and sshd. Faults are the script's: a host cut off from its peers
 * (still reachable from here, to watch it), or a host lost and booted again.
 */
export class TestHosts {
  /** The ssh client configuration with the fixture's key and the hosts' key. */
  readonly sshConfig = path.join(STATE, "ssh", "config");

  /**
   * Starts the three hosts (after a clean `down`) with `images` loaded, and checks each engine
   * has them over ssh; failing fails the suite.
   */
  async up(images: readonly string[]): Promise<void> {
    await run(["up", ...images], 900_000);
    for (const n of [1, 2, 3]) {
      await requireDocker([...images], this.engine(n));
    }
  }

  /**
   * Starts a PostgreSQL beside the hosts (not on any of them: faults never reach it), from
   * `image`, this machine's postgres test image; resolves how the hosts reach it.
   */
  async database(image: string): Promise<HostsDatabase> {
    await run(["database", image], 180_000);
    const settings = readEnvFile("/run/zkha-hosts/store/db.env");
    return {
      url: settings["DB_URL"] ?? "",
      username: settings["DB_USER"] ?? "",
      password: settings["DB_PASSWORD"] ?? "",
    };
  }

  /** The S3 store beside the hosts, with the keys made at `up`. */
  store(): HostsStore {
    const settings = readEnvFile("/run/zkha-hosts/store/s3.env");
    return {
      endpoint: settings["S3_ENDPOINT"] ?? "",
      accessKey: settings["S3_ACCESS_KEY"] ?? "",
      secretKey: settings["S3_SECRET_KEY"] ?? "",
    };
  }

  /** The engine of host `n` (1-based), over ssh as `ssh://root@<address>` reaches it. */
  engine(n: number): DockerEngine {
    return sshEngine(`root@${addressOf(n)}`, this.sshConfig);
  }

  /** The engine behind a docker provider's `host` input, `ssh://user@address`. */
  engineFor(host: string): DockerEngine {
    const match = /^ssh:\/\/([^@/]+@)?([\d.]+)$/.exec(host);
    const address = match?.[2];
    if (address === undefined || !HOST_ADDRESSES.includes(address as never)) {
      throw new Error(`no test host for the docker provider host "${host}"`);
    }
    return sshEngine(`${match?.[1] ?? ""}${address}`, this.sshConfig);
  }

  partition(n: number): Promise<void> {
    return run(["partition", String(n)]);
  }

  heal(n: number): Promise<void> {
    return run(["heal", String(n)]);
  }

  crash(n: number): Promise<void> {
    return run(["crash", String(n)]);
  }

  boot(n: number): Promise<void> {
    return run(["boot", String(n)]);
  }

  down(): Promise<void> {
    return run(["down"]);
  }
}

/** The store `TestHosts.up` started: an S3 endpoint beside the hosts and its keys. */
export interface HostsStore {
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
}

/** The database `TestHosts.database` started: a JDBC URL on its address beside the hosts. */
export interface HostsDatabase {
  readonly url: string;
  readonly username: string;
  readonly password: string;
}

/** The `KEY=value` lines hosts.sh writes for its store and database. */
export function readEnvFile(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

export function addressOf(n: number): string {
  const address = HOST_ADDRESSES[n - 1];
  if (address === undefined) {
    throw new Error(`there is no test host ${n}`);
  }
  return address;
}

function run(args: readonly string[], timeout = 120_000): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile("bash", [SCRIPT, ...args], { timeout }, (error, _stdout, stderr) => {
      if (error) {
        reject(new Error(`hosts.sh ${args.join(" ")} failed: ${error.message}\n${stderr}`));
      } else {
        resolve();
      }
    });
  });
}
