// How an HTTP target is reached: the proxy from HTTPS_PROXY / HTTP_PROXY / NO_PROXY (the rule is common/proxy-env.ts),
// and the TLS material of http.tls (files or environment variables), shared by the engine's HTTP channel and the
// preflight.

import { readFileSync } from "node:fs";
import net from "node:net";
import tls from "node:tls";
import { proxyVariable, proxyVariableFor } from "../../../common/proxy-env.ts";
import type { HttpTls } from "../../../contracts/target-parts.ts";

type Env = Readonly<Record<string, string | undefined>>;

export interface Proxy {
  host: string;
  port: number;
  /** `Proxy-Authorization` value from the proxy URL's user info, if any (never logged). */
  authorization: string | undefined;
  /** The proxy URL without user info, for messages. */
  shown: string;
}

/** A proxy variable that is not a usable http:// URL (a config error: exit 4 before anything starts). */
export class ProxyUrlError extends Error {}

export { noProxy, proxyVariable } from "../../../common/proxy-env.ts";

/** A proxy URL parsed: http:// only (the proxy is spoken to in clear; an https target goes through a CONNECT tunnel). */
export function parseProxy(name: string, value: string): Proxy {
  let url: URL;
  try {
    url = new URL(value.includes("://") ? value : `http://${value}`);
  } catch {
    throw new ProxyUrlError(`${name} is not a URL: set it to http://host:port`);
  }
  if (url.protocol !== "http:")
    throw new ProxyUrlError(`${name} uses ${url.protocol}// : only an http:// proxy is supported (http://host:port)`);
  if (url.hostname === "") throw new ProxyUrlError(`${name} names no host: set it to http://host:port`);
  const authorization =
    url.username === ""
      ? undefined
      : `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString("base64")}`;
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port === "" ? 80 : Number(url.port);
  return { host, port, authorization, shown: `http://${url.host}` };
}

/** The proxy this URL goes through, or undefined (none set, loopback, or exempted by NO_PROXY). Throws ProxyUrlError. */
export function proxyFor(url: URL, env: Env = process.env): Proxy | undefined {
  const variable = proxyVariable(url, env);
  if (variable === undefined) return undefined;
  // Parsed even when this host is exempt: a broken proxy variable is said at once, not on the first proxied host.
  const proxy = parseProxy(variable.name, variable.value);
  return proxyVariableFor(url, env) === undefined ? undefined : proxy;
}

/** The request that opens a tunnel through the proxy to host:port. */
export function connectRequest(proxy: Proxy, host: string, port: number): string {
  const authority = net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
  const auth = proxy.authorization === undefined ? "" : `proxy-authorization: ${proxy.authorization}\r\n`;
  return `CONNECT ${authority} HTTP/1.1\r\nhost: ${authority}\r\n${auth}\r\n`;
}

/** The PEM of one of ca/cert/key, from its file or its environment variable. */
function pem(file: string | undefined, variable: string | undefined, env: Env): string | undefined {
  if (file !== undefined) return readFileSync(file, "utf8");
  if (variable !== undefined) return env[variable];
  return undefined;
}

/** What tls.connect needs from http.tls, the files read and the context built once (not per connection). */
export interface TlsSettings {
  secureContext: tls.SecureContext | undefined;
  servername: string | undefined;
  rejectUnauthorized: boolean;
}

/** http.tls made ready: a private CA is added to Node's roots (not in their place), as NODE_EXTRA_CA_CERTS does. */
export function tlsSettings(options: HttpTls | undefined, env: Env = process.env): TlsSettings {
  if (options === undefined) return { secureContext: undefined, servername: undefined, rejectUnauthorized: true };
  const ca = pem(options.ca, options.caEnv, env);
  const cert = pem(options.cert, options.certEnv, env);
  const key = pem(options.key, options.keyEnv, env);
  const secureContext =
    ca === undefined && cert === undefined
      ? undefined
      : tls.createSecureContext({
          ...(ca === undefined ? {} : { ca: [...tls.rootCertificates, ca] }),
          ...(cert === undefined ? {} : { cert, key }),
        });
  return { secureContext, servername: options.servername, rejectUnauthorized: options.rejectUnauthorized };
}

/** tls.connect's options for host: SNI names a host, never an address. */
export function tlsConnectOptions(settings: TlsSettings, host: string): tls.ConnectionOptions {
  const servername = settings.servername ?? (net.isIP(host) === 0 ? host : undefined);
  return {
    ...(servername === undefined ? {} : { servername }),
    ...(settings.secureContext === undefined ? {} : { secureContext: settings.secureContext }),
    rejectUnauthorized: settings.rejectUnauthorized,
    ALPNProtocols: ["http/1.1"],
  };
}

/** The proxy's status line answer to CONNECT, from the bytes read so far; undefined until the head is complete. */
export function connectAnswer(head: string): { status: number; rest: number } | undefined {
  const end = head.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  return { status, rest: head.length - end - 4 };
}

/** Opens a CONNECT tunnel (the preflight's way; the engine does the same inside its connections). */
export function openTunnel(proxy: Proxy, host: string, port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const raw = net.connect({ host: proxy.host, port: proxy.port });
    awaitTunnel(
      raw,
      connectRequest(proxy, host, port),
      () => {
        // The TLS socket over it reports the failure (the request ends "socket hang up"); unheard, it would throw.
        raw.on("error", () => raw.destroy());
        resolve(raw);
      },
      (reason) => {
        raw.destroy();
        reject(new Error(`${reason} (proxy ${proxy.shown}, CONNECT ${host}:${port})`));
      },
    );
  });
}

/**
 * Writes the CONNECT request on a fresh proxy connection and waits for the answer: `up` once the proxy said 200 (the
 * socket is then the tunnel), `failed` with the reason otherwise. Listeners it added are removed before either call.
 */
export function awaitTunnel(raw: net.Socket, request: string, up: () => void, failed: (reason: string) => void): void {
  let head = "";
  const done = () => {
    raw.off("data", onData);
    raw.off("error", onError);
    raw.off("close", onClose);
  };
  const onError = (error: Error & { code?: string }) => {
    done();
    failed(`proxy: ${error.code ?? error.message}`);
  };
  const onClose = () => {
    done();
    failed("proxy closed the connection before the tunnel was up");
  };
  const onData = (chunk: Buffer) => {
    head += chunk.toString("latin1");
    const answer = connectAnswer(head);
    if (answer === undefined) {
      if (head.length > 16_384) {
        done();
        failed("proxy answered CONNECT with no end to its head");
      }
      return;
    }
    done();
    if (answer.status === 200 && answer.rest === 0) up();
    else failed(`proxy answered CONNECT with ${answer.status === 0 ? "no HTTP status" : `HTTP ${answer.status}`}`);
  };
  raw.on("data", onData);
  raw.on("error", onError);
  raw.on("close", onClose);
  raw.write(request);
}
