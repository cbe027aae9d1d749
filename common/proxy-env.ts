// The one rule for "does a request to this URL go through a proxy": HTTPS_PROXY / HTTP_PROXY by the URL's scheme,
// NO_PROXY's exemptions as curl and Go read them, loopback never. The engine's HTTP channel, the preflight and every
// AWS SDK client ask it.
import net from "node:net";

type Env = Readonly<Record<string, string | undefined>>;

/** An environment variable, lower case first (as curl reads them); blank counts as unset. */
function envOf(env: Env, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** The variable that names the proxy for this URL's scheme (lower case wins, as with curl). */
export function proxyVariable(url: URL, env: Env): { name: string; value: string } | undefined {
  const name = url.protocol === "https:" ? "HTTPS_PROXY" : "HTTP_PROXY";
  const value = envOf(env, name);
  return value === undefined ? undefined : { name, value };
}

/** A URL's host without IPv6 brackets, and its port (the scheme's default when none is written). */
export function hostAndPort(url: URL): { host: string; port: number } {
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
  return { host, port };
}

/** Loopback names and addresses never go through a proxy (a proxy elsewhere cannot reach this machine's 127.0.0.1). */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return (
    h === "localhost" ||
    h.endsWith(".localhost") ||
    h === "::1" ||
    /^127\.\d+\.\d+\.\d+$/.test(h) ||
    /^::ffff:127\.\d+\.\d+\.\d+$/.test(h)
  );
}

/** One NO_PROXY entry taken apart: a host or address, an optional CIDR prefix length, an optional port. */
interface Entry {
  name: string;
  prefix: number | undefined;
  port: number | undefined;
}

function parseEntry(raw: string): Entry {
  let entry = raw.toLowerCase();
  let port: number | undefined;
  // `[v6]:port`, `host:port`, `1.2.3.4:port`; a bare IPv6 address (colons of its own) has no port.
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracket !== null) {
    entry = bracket[1] as string;
    port = bracket[2] === undefined ? undefined : Number(bracket[2]);
  } else if (entry.split(":").length === 2) {
    const [name, digits] = entry.split(":") as [string, string];
    if (/^\d+$/.test(digits)) {
      entry = name;
      port = Number(digits);
    }
  }
  let prefix: number | undefined;
  const slash = entry.indexOf("/");
  if (slash > 0 && /^\d+$/.test(entry.slice(slash + 1)) && net.isIP(entry.slice(0, slash)) !== 0) {
    prefix = Number(entry.slice(slash + 1));
    entry = entry.slice(0, slash);
  }
  if (entry.startsWith("*.")) entry = entry.slice(1);
  if (entry.startsWith(".")) entry = entry.slice(1);
  return { name: entry, prefix, port };
}

/** Whether an IP address lies in `network/prefix` (both of one family; an IPv4 prefix also covers ::ffff:v4). */
function inCidr(address: string, network: string, prefix: number): boolean {
  const family = net.isIP(network) === 6 ? "ipv6" : "ipv4";
  if (prefix > (family === "ipv6" ? 128 : 32)) return false;
  const list = new net.BlockList();
  list.addSubnet(network, prefix, family);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1];
  if (family === "ipv4") {
    const v4 = mapped ?? (net.isIPv4(address) ? address : undefined);
    return v4 !== undefined && list.check(v4, "ipv4");
  }
  return net.isIPv6(address) && list.check(address, "ipv6");
}

/**
 * Whether NO_PROXY exempts host:port, as curl and Go read it: entries split on commas or spaces; `*` exempts every
 * host; a host name exempts itself and its subdomains (a leading `.` or `*.` is the same, as with curl); an IP address
 * exempts itself, a CIDR range (`10.0.0.0/8`, `fd00::/8`) every address in it (addresses only: a name is not
 * resolved to be checked); any entry may end in `:port` (IPv6 as `[::1]:443`), then only that port is exempt.
 */
export function noProxy(host: string, port: number, env: Env): boolean {
  const list = envOf(env, "NO_PROXY");
  if (list === undefined) return false;
  const h = host.toLowerCase();
  const isIp = net.isIP(h) !== 0;
  for (const raw of list.split(/[\s,]+/)) {
    if (raw === "") continue;
    if (raw === "*") return true;
    const entry = parseEntry(raw);
    if (entry.name === "" || (entry.port !== undefined && entry.port !== port)) continue;
    if (entry.prefix !== undefined) {
      if (isIp && inCidr(h, entry.name, entry.prefix)) return true;
      continue;
    }
    if (isIp ? h === entry.name : h === entry.name || h.endsWith(`.${entry.name}`)) return true;
  }
  return false;
}

/**
 * The proxy variable a request to this URL goes through, or undefined: none set for its scheme, a loopback host, or
 * exempted by NO_PROXY. The value is returned as written (the caller parses it and says what is wrong with it).
 */
export function proxyVariableFor(url: URL, env: Env = process.env): { name: string; value: string } | undefined {
  const variable = proxyVariable(url, env);
  if (variable === undefined) return undefined;
  const { host, port } = hostAndPort(url);
  if (isLoopback(host) || noProxy(host, port, env)) return undefined;
  return variable;
}

/** Whether any proxy variable is set at all (so a client that never needs one builds nothing for it). */
export function anyProxySet(env: Env = process.env): boolean {
  return envOf(env, "HTTPS_PROXY") !== undefined || envOf(env, "HTTP_PROXY") !== undefined;
}
