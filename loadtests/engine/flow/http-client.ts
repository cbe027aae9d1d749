// A flow's HTTP client: keep-alive HTTP/1.1 connections to the target's http origin on node:net / node:tls, one
// request at a time each, read by the engine's response reader with its opt-in capture on (status, headers, body).
// Calls past the connection limit wait in a FIFO; each call's timeout is the target's http.timeoutMs. A call never
// rejects for what the target did: a timeout or a reset is a result with status 0 and outcome unk.
//
// Not the declarative channel's connections (channels/http.ts): a flow needs the body and per-call requests, and the
// fast path must not pay for either.
import net from "node:net";
import tls from "node:tls";
import type { Outcome } from "../../../contracts/ledger.ts";
import type { ResolvedTarget } from "../../../contracts/target.ts";
import { awaitTunnel, connectRequest, proxyFor, tlsConnectOptions, tlsSettings } from "../channels/http-route.ts";
import { DONE, FAILED, MORE, ResponseReader } from "../channels/http1-response.ts";
import { httpOutcome } from "../message.ts";

type HttpTarget = NonNullable<ResolvedTarget["http"]>;

/** What came back for one request. */
export interface RawResponse {
  status: number;
  outcome: Outcome;
  error: string | undefined;
  headers: Record<string, string>;
  body: string;
}

/** One request waiting for, or on, a connection. */
interface Call {
  request: string;
  /** Called when the request is written to its socket, with that time. */
  onWrite(at: number): void;
  resolve(response: RawResponse): void;
  startedAt: number;
}

class FlowConnection {
  /** Through a proxy's tunnel, the proxy connection until the tunnel is up, then the TLS socket over it. */
  socket: net.Socket;
  /** Through a tunnel: true until the proxy has answered CONNECT; a request written meanwhile is held. */
  private tunnelling = false;
  private held = "";
  readonly reader = new ResponseReader();
  call: Call | undefined;
  dead = false;
  idleSince = 0;
  private readonly client: FlowHttpClient;

  constructor(client: FlowHttpClient, origin: Origin) {
    this.client = client;
    this.reader.keep = true;
    const { connectHost: host, connectPort: port } = origin;
    if (origin.tunnel !== "") {
      // As the declarative channel (channels/http.ts): CONNECT through the proxy, then TLS over the tunnel.
      const raw = net.connect({ host, port });
      raw.setNoDelay(true);
      this.socket = raw;
      this.tunnelling = true;
      awaitTunnel(
        raw,
        origin.tunnel,
        () => {
          raw.on("error", (error: Error & { code?: string }) => this.fail(error.code ?? error.message));
          this.socket = tls.connect({ socket: raw, ...origin.tls });
          this.tunnelling = false;
          this.watch(this.socket);
          if (this.held !== "") this.socket.write(this.held);
          this.held = "";
        },
        (reason) => {
          this.tunnelling = false;
          this.fail(reason);
        },
      );
      return;
    }
    this.socket = origin.secure ? tls.connect({ host, port, ...origin.tls }) : net.connect({ host, port });
    this.socket.setNoDelay(true);
    this.watch(this.socket);
  }

  private watch(socket: net.Socket): void {
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (error: Error & { code?: string }) => this.fail(error.code ?? error.message));
    socket.on("close", () => {
      if (this.call !== undefined) {
        if (this.reader.end() === DONE) this.complete(false);
        else this.fail(this.reader.problem === "" ? "socket closed" : this.reader.problem);
      }
      this.dead = true;
    });
  }

  write(call: Call, now: number): void {
    this.call = call;
    call.startedAt = now;
    call.onWrite(now);
    if (this.tunnelling) this.held = call.request;
    else this.socket.write(call.request);
  }

  private onData(chunk: Buffer): void {
    if (this.call === undefined) {
      this.dead = true;
      this.socket.destroy();
      return;
    }
    const step = this.reader.push(chunk);
    if (step === MORE) return;
    if (step === FAILED) this.fail(`bad response: ${this.reader.problem}`);
    else this.complete(this.reader.keepAlive && this.reader.extra === 0);
  }

  private complete(reusable: boolean): void {
    const call = this.call as Call;
    const reader = this.reader;
    const status = reader.status;
    const headers: Record<string, string> = {};
    for (let i = 0; i < reader.headerPairs.length; i += 2) {
      const name = reader.headerPairs[i] as string;
      const value = reader.headerPairs[i + 1] as string;
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    const body = reader.bodyText();
    this.call = undefined;
    reader.reset();
    if (!reusable) {
      this.dead = true;
      this.socket.destroy();
    }
    call.resolve({
      status,
      outcome: httpOutcome(status),
      error: status >= 300 ? `HTTP ${status}` : undefined,
      headers,
      body,
    });
    this.client.release(this);
  }

  /** An error or a timeout: the connection is closed, and its call ends unknown (accepted if a 2xx was seen). */
  fail(reason: string): void {
    const call = this.call;
    const status = this.reader.status;
    this.call = undefined;
    this.dead = true;
    this.socket.destroy();
    if (call === undefined) return;
    const ok = status >= 200 && status < 300;
    call.resolve({ status, outcome: ok ? "acc" : "unk", error: ok ? undefined : reason, headers: {}, body: "" });
    this.client.release(this);
  }
}

interface Origin {
  secure: boolean;
  host: string;
  port: number;
  /** `http://host:port` as URL.origin spells it. */
  origin: string;
  /** The Host header's value. */
  hostHeader: string;
  /** tls.connect's options: SNI and http.tls (its files read once, here). */
  tls: tls.ConnectionOptions;
  /** Where the TCP connection goes: the origin, or the proxy (http-route.ts: HTTPS_PROXY, HTTP_PROXY, NO_PROXY). */
  connectHost: string;
  connectPort: number;
  /** An https origin behind a proxy: the CONNECT request for its tunnel; else "". */
  tunnel: string;
  /** An http origin behind a proxy: requests in absolute form, this before the path; else "". */
  absolute: string;
  /** An http origin behind a proxy with user info: its Proxy-Authorization line; else "". */
  proxyLine: string;
}

/** A connection idle this long is closed rather than reused (servers close idle keep-alive connections, often at 5 s). */
const maxIdleMs = 4_000;

export class FlowHttpClient {
  readonly origin: Origin;
  private readonly now: () => number;
  private readonly max: number;
  private readonly timeoutMs: number;
  private readonly all: FlowConnection[] = [];
  private readonly idle: FlowConnection[] = [];
  private readonly waiting: Call[] = [];
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(target: HttpTarget, options: { connections: number; now: () => number }) {
    this.origin = originOf(target);
    this.now = options.now;
    this.max = Math.max(1, options.connections);
    this.timeoutMs = target.timeoutMs;
    this.sweeper = setInterval(() => this.sweep(), Math.min(100, Math.max(10, this.timeoutMs / 10)));
    this.sweeper.unref();
  }

  /** Sends a prebuilt request; resolves with what came back (never rejects). */
  send(request: string, onWrite: (at: number) => void): Promise<RawResponse> {
    return new Promise<RawResponse>((resolve) => {
      const call: Call = { request, onWrite, resolve, startedAt: 0 };
      if (this.closed) {
        resolve({ status: 0, outcome: "rej", error: "the load ended", headers: {}, body: "" });
        return;
      }
      const connection = this.acquire();
      if (connection === undefined) this.waiting.push(call);
      else connection.write(call, this.now());
    });
  }

  release(connection: FlowConnection): void {
    if (connection.dead) {
      const at = this.all.indexOf(connection);
      if (at >= 0) this.all.splice(at, 1);
    }
    if (this.closed) return;
    const next = this.waiting.shift();
    if (next === undefined) {
      if (!connection.dead) {
        connection.idleSince = this.now();
        this.idle.push(connection);
      }
      return;
    }
    const carrier = connection.dead ? this.acquire() : connection;
    if (carrier === undefined) this.waiting.unshift(next);
    else carrier.write(next, this.now());
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    // Calls that never got a connection were never sent: nothing reached the target.
    for (const call of this.waiting.splice(0))
      call.resolve({ status: 0, outcome: "rej", error: "the load ended", headers: {}, body: "" });
    for (const c of [...this.all]) c.fail("the load ended");
    for (const c of this.all) c.socket.destroy();
    this.all.length = 0;
    this.idle.length = 0;
  }

  private acquire(): FlowConnection | undefined {
    const now = this.now();
    for (let c = this.idle.pop(); c !== undefined; c = this.idle.pop()) {
      if (!c.dead && now - c.idleSince < maxIdleMs) return c;
      c.socket.destroy();
      const at = this.all.indexOf(c);
      if (at >= 0) this.all.splice(at, 1);
    }
    if (this.all.length >= this.max) return undefined;
    const c = new FlowConnection(this, this.origin);
    this.all.push(c);
    return c;
  }

  private sweep(): void {
    const limit = this.now() - this.timeoutMs;
    for (const c of [...this.all]) if (c.call !== undefined && c.call.startedAt < limit) c.fail("timeout");
  }
}

function originOf(target: HttpTarget): Origin {
  // `{{id}}` may stand in the declarative URL's path; only the origin matters here.
  const parsed = new URL(target.url.replaceAll("{{id}}", "id"));
  const secure = parsed.protocol === "https:";
  const port = parsed.port === "" ? (secure ? 443 : 80) : Number(parsed.port);
  const host = parsed.hostname.startsWith("[") ? parsed.hostname.slice(1, -1) : parsed.hostname;
  const proxy = proxyFor(parsed);
  return {
    secure,
    host,
    port,
    origin: parsed.origin,
    hostHeader: parsed.port === "" ? parsed.hostname : `${parsed.hostname}:${parsed.port}`,
    tls: secure ? tlsConnectOptions(tlsSettings(target.tls), host) : {},
    connectHost: proxy === undefined ? host : proxy.host,
    connectPort: proxy === undefined ? port : proxy.port,
    tunnel: proxy !== undefined && secure ? connectRequest(proxy, host, port) : "",
    absolute: proxy !== undefined && !secure ? parsed.origin : "",
    proxyLine:
      proxy !== undefined && !secure && proxy.authorization !== undefined
        ? `proxy-authorization: ${proxy.authorization}\r\n`
        : "",
  };
}
