/**
 * A host as written before `:port`, in a connect string, a `server.N` line or a URL: IPv6
 * literals go in brackets, or their own colons would be read as the port separator. Hostnames
 * and IPv4 addresses stay as they are.
 */
export function formatHost(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

/** `host:port`, with the host written by {@link formatHost}. */
export function hostPort(host: string, port: number): string {
  return `${formatHost(host)}:${port}`;
}

/** `host:port` with a hostname, an IPv4 address or a bracketed IPv6 literal. */
const ENDPOINT = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9._-]+):\d{1,5}$/;

/** Whether `text` is a comma-separated list of `host:port` endpoints, as in a connect string. */
export function isEndpointList(text: string): boolean {
  return text.split(",").every((endpoint) => ENDPOINT.test(endpoint));
}
