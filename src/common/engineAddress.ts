import * as pulumi from "@pulumi/pulumi";
import type { Engine } from "./ownership";

// Which Docker engine a provider reaches, in one spelling, so that claims made through two
// providers of one engine are compared.

/** The local engine's socket: what a provider without `host` (and without DOCKER_HOST) reaches. */
export const LOCAL_ENGINE = "unix:///var/run/docker.sock";

/**
 * The address of the engine a provider reaches: its `host` when it is a docker.Provider (which
 * takes DOCKER_HOST when no host is given), else, for the default provider, the stack's
 * `docker:host` config or DOCKER_HOST; normalised by {@link engineAddress}.
 */
export function addressOfEngine(engine: Engine): pulumi.Output<string> {
  if (engine === undefined) {
    const host = new pulumi.Config("docker").get("host") ?? process.env["DOCKER_HOST"];
    return pulumi.output(engineAddress(host));
  }
  const host: unknown = (engine as { host?: unknown }).host;
  if (pulumi.Output.isInstance(host)) {
    return host.apply((value) => engineAddress(typeof value === "string" ? value : undefined));
  }
  return pulumi.output(engineAddress(typeof host === "string" ? host : undefined));
}

/**
 * One spelling for each Docker engine address, so that two providers reaching one engine
 * compare equal: no host is the local socket; `/run/docker.sock` is `/var/run/docker.sock`
 * (a symlink on Linux); schemes and host names are lowercased; `localhost` is 127.0.0.1; a
 * missing port is the scheme's default (ssh 22, tcp and http 2375, https 2376); an ssh user
 * and trailing slashes are dropped.
 */
export function engineAddress(host: string | undefined): string {
  const trimmed = (host ?? "").trim();
  if (trimmed === "") {
    return LOCAL_ENGINE;
  }
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/.exec(trimmed);
  if (!match) {
    return trimmed.toLowerCase();
  }
  const scheme = (match[1] ?? "").toLowerCase();
  const rest = match[2] ?? "";
  if (scheme === "unix") {
    const path = `/${rest}`.replace(/\/+/g, "/").replace(/(.)\/$/, "$1");
    return `unix://${path === "/run/docker.sock" ? "/var/run/docker.sock" : path}`;
  }
  const defaultPort: Record<string, string> = {
    ssh: "22",
    tcp: "2375",
    http: "2375",
    https: "2376",
  };
  const authority = /^(?:[^@/]*@)?(\[[^\]]*\]|[^:/]*)(?::(\d+))?(\/.*)?$/.exec(rest);
  if (!authority || !(scheme in defaultPort)) {
    return `${scheme}://${rest.replace(/\/+$/, "")}`.toLowerCase();
  }
  const name = (authority[1] ?? "").toLowerCase();
  const hostName = name === "localhost" ? "127.0.0.1" : name;
  const port = authority[2] ?? defaultPort[scheme];
  const path = (authority[3] ?? "").replace(/\/+$/, "");
  return `${scheme === "http" ? "tcp" : scheme}://${hostName}:${port}${path}`;
}
