// The AWS SDK clients' sockets through HTTPS_PROXY / HTTP_PROXY / NO_PROXY, by the same rule as the engine's HTTP
// channel (common/proxy-env.ts): each request's host is checked, a proxied one goes through the proxy agent (a CONNECT
// tunnel for https, absolute-form requests for http), any other one straight to the host, each with its own pool.
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { HttpProxyAgent } from "http-proxy-agent";
import { HttpsProxyAgent } from "https-proxy-agent";
import { anyProxySet, proxyVariable, proxyVariableFor } from "../common/proxy-env.ts";
import { AwsProxyError } from "./errors.ts";

type Env = Readonly<Record<string, string | undefined>>;

/** What every agent here is built with: the client's keep-alive pool size. */
export interface PoolOptions {
  keepAlive: true;
  maxSockets: number;
}

/** The request options Node hands an agent: where the request goes. */
interface Destination {
  secureEndpoint?: boolean;
  host?: string | null;
  hostname?: string | null;
  port?: number | string | null;
}

/** The proxy URL a variable names (a bare host:port means http://host:port, as curl reads it). */
function proxyUrl(name: string, value: string): URL {
  try {
    const url = new URL(value.includes("://") ? value : `http://${value}`);
    if ((url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "") return url;
  } catch {}
  throw new AwsProxyError(name, value);
}

/**
 * Chooses per destination: the proxy agent for the proxy the rule names (one per proxy URL, made on first use), else
 * the direct pool (this agent itself). The choice is kept per host:port (the environment is read once, when built).
 */
class Router<Proxied extends http.Agent> {
  readonly #proxies = new Map<string, Proxied>();
  readonly #choice = new Map<string, Proxied | null>();

  readonly #scheme: "http:" | "https:";
  readonly #env: Env;
  readonly #make: (proxy: URL) => Proxied;

  constructor(scheme: "http:" | "https:", env: Env, make: (proxy: URL) => Proxied) {
    this.#scheme = scheme;
    this.#env = env;
    this.#make = make;
  }

  /** The proxy agent for this destination, or null: straight to the host. */
  route(options: Destination): Proxied | null {
    const host = options.hostname ?? options.host ?? "localhost";
    const port = options.port === undefined || options.port === null ? "" : String(options.port);
    const key = `${host}:${port}`;
    const known = this.#choice.get(key);
    if (known !== undefined) return known;
    const bare = host.startsWith("[") ? host.slice(1, -1) : host;
    const url = new URL(`${this.#scheme}//${net.isIPv6(bare) ? `[${bare}]` : bare}${port === "" ? "" : `:${port}`}/`);
    const variable = proxyVariableFor(url, this.#env);
    let agent: Proxied | null = null;
    if (variable !== undefined) {
      const proxy = proxyUrl(variable.name, variable.value);
      agent = this.#proxies.get(proxy.href) ?? this.#make(proxy);
      this.#proxies.set(proxy.href, agent);
    }
    this.#choice.set(key, agent);
    return agent;
  }

  destroy(): void {
    for (const agent of this.#proxies.values()) agent.destroy();
  }
}

/** Node's hook through which a ClientRequest asks its agent for a socket (not in @types/node). */
type AddRequest = (req: http.ClientRequest, options: Destination) => void;

/** An http.Agent that sends each request straight or through HTTP_PROXY, by the rule. */
export class RoutedHttpAgent extends http.Agent {
  readonly #router: Router<HttpProxyAgent<string>>;

  constructor(pool: PoolOptions, env: Env) {
    super(pool);
    this.#router = new Router("http:", env, (proxy) => new HttpProxyAgent(proxy.href, pool));
  }

  addRequest(req: http.ClientRequest, options: Destination): void {
    const proxied = this.#router.route(options) as unknown as { addRequest: AddRequest } | null;
    if (proxied !== null) proxied.addRequest(req, { ...options, secureEndpoint: false });
    else (http.Agent.prototype as unknown as { addRequest: AddRequest }).addRequest.call(this, req, options);
  }

  override destroy(): void {
    this.#router.destroy();
    super.destroy();
  }
}

/** An https.Agent that connects each request straight or through a CONNECT tunnel of HTTPS_PROXY, by the rule. */
export class RoutedHttpsAgent extends https.Agent {
  readonly #router: Router<HttpsProxyAgent<string>>;

  constructor(pool: PoolOptions, env: Env) {
    super(pool);
    this.#router = new Router("https:", env, (proxy) => new HttpsProxyAgent(proxy.href, pool));
  }

  addRequest(req: http.ClientRequest, options: Destination): void {
    const proxied = this.#router.route(options) as unknown as { addRequest: AddRequest } | null;
    // Said outright: the proxy agent otherwise guesses the scheme, pools its tunnels under another name than it
    // looks them up by, and opens a tunnel per request.
    if (proxied !== null) proxied.addRequest(req, { ...options, secureEndpoint: true });
    else (https.Agent.prototype as unknown as { addRequest: AddRequest }).addRequest.call(this, req, options);
  }

  override destroy(): void {
    this.#router.destroy();
    super.destroy();
  }
}

/**
 * The SDK handler's agents: plain keep-alive pools when no proxy variable is set (the SDK builds them from these
 * options), routed agents when one is.
 */
export function sdkAgents(
  pool: PoolOptions,
  env: Env,
): { httpAgent: PoolOptions | http.Agent; httpsAgent: PoolOptions | https.Agent } {
  if (!anyProxySet(env)) return { httpAgent: pool, httpsAgent: pool };
  // A variable that is not a proxy URL is said now, when the clients are built, not on the first proxied call.
  for (const scheme of ["http:", "https:"]) {
    const variable = proxyVariable(new URL(`${scheme}//aws.invalid/`), env);
    if (variable !== undefined) proxyUrl(variable.name, variable.value);
  }
  return { httpAgent: new RoutedHttpAgent(pool, env), httpsAgent: new RoutedHttpsAgent(pool, env) };
}
