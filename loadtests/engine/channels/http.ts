// HTTP channel: our own HTTP/1.1 keep-alive connections on node:net / node:tls, one request at a time each, the
// request written to the socket the moment its message fires.
//
// Why not undici: it writes a request on a reused connection from a setImmediate, one socket write per connection per
// event-loop turn, so any pause (a GC scavenge, the OS scheduling the target) turns into bursts and send lag; a socket
// written at once does not. Requests are one prebuilt string each; the response is read only for its status and its
// end (http1-response.ts).
//
// Idle connections sit on a stack (O(1)); a message with no free connection waits in a FIFO bounded by maxInFlight.
// Its "sent" time is stamped when it is written to the socket, so any wait for a connection shows as send lag.
//
// A shard's connections are opened and connected before time 0 (openHttpConnections), as many as its peak rate
// needs: opened on demand, the first arrivals would find the first few busy and open more on the clock, in their send
// lag. The sweeper keeps them open off the send path: an idle connection half-way to the server's idle timeout carries
// one of the next sends (a stack alone would leave all but the busiest few to age, and a set that ages in a block is
// reopened at once), and one that reached it unused is replaced, so a burst never pays for a reconnect.
// Measurements: docs/engine-performance.md, "HTTP channel".

import net from "node:net";
import tls from "node:tls";
import { headerNamePattern, headerValueProblem } from "../../../contracts/http-field.ts";
import type { ResolvedTarget } from "../../../contracts/target.ts";
import type { RequestAuth } from "../auth/index.ts";
import { ChannelConfigError } from "../errors.ts";
import { type ChannelSender, httpOutcome, type Message, type MessageEvents } from "../message.ts";
import { objectArray } from "../object-array.ts";
import {
  awaitTunnel,
  connectRequest,
  proxyFor,
  type TlsSettings,
  tlsConnectOptions,
  tlsSettings,
} from "./http-route.ts";
import { DONE, FAILED, MORE, ResponseReader } from "./http1-response.ts";

type HttpTarget = NonNullable<ResolvedTarget["http"]>;

/** A connection idle this long is replaced before use: servers close idle keep-alive connections (often after 5 s),
 * and a request written into one being closed would end as "unknown". */
const defaultMaxIdleMs = 4_000;

/** Connections opened when a channel is made without a prepared set (the warm-up, tests). */
const defaultPreopened = 32;

interface Endpoint {
  secure: boolean;
  /** Where the TCP connection goes: the target, or the proxy. */
  host: string;
  port: number;
  /** The CONNECT request that opens a tunnel through the proxy (an https target behind a proxy), else "". */
  tunnel: string;
  /** tls.connect's options for the target (SNI, http.tls's context, rejectUnauthorized). */
  tls: tls.ConnectionOptions;
  /** The request up to the Content-Length value; with the ID in the URL, the part after the ID. */
  head: string;
  /** With `{{id}}` in the URL (`PUT /orders/{{id}}`): the request line up to the ID; else "". */
  beforeId: string;
}

class Connection {
  /** Through a proxy's tunnel, the proxy connection until the tunnel is up, then the TLS socket over it. */
  socket: net.Socket;
  /** Through a tunnel: true until the proxy has answered CONNECT; a request written meanwhile is held. */
  private tunnelling = false;
  private held = "";
  private readonly reader = new ResponseReader();
  message: Message | undefined;
  startedAt = 0;
  idleSince = 0;
  dead = false;
  /** Whose messages it carries; set when a channel adopts it (it carries none before). */
  channel: HttpChannel | undefined;
  /** Why the request in flight went out without auth (no valid token or credentials), for its refusal's reason. */
  withoutAuth: string | undefined;
  /** Settles once the connection is up, or failed (never rejects). */
  readonly connected: Promise<void>;

  constructor(endpoint: Endpoint, readBuffer: Buffer) {
    // Reads land in the channel's one buffer and are parsed there, before the next read can reuse it: no Buffer and
    // no stream event per response.
    const onread: net.OnReadOpts = {
      buffer: readBuffer,
      callback: (bytes, buffer) => {
        this.onData(buffer as Buffer, bytes);
        return true;
      },
    };
    if (endpoint.tunnel !== "") {
      this.socket = net.connect({ host: endpoint.host, port: endpoint.port });
      this.connected = this.openTunnel(endpoint);
      return;
    }
    // TLS sockets take onread too (Node's types leave it out of tls.ConnectionOptions).
    const secure: tls.ConnectionOptions & { onread: net.OnReadOpts } = {
      host: endpoint.host,
      port: endpoint.port,
      ...endpoint.tls,
      onread,
    };
    this.socket = endpoint.secure
      ? tls.connect(secure)
      : net.connect({ host: endpoint.host, port: endpoint.port, onread });
    this.socket.setNoDelay(true);
    this.connected = new Promise<void>((resolve) => {
      this.socket.once(endpoint.secure ? "secureConnect" : "connect", resolve);
      this.socket.once("close", resolve);
    });
    this.watch(this.socket);
  }

  write(message: Message, request: string, now: number): void {
    this.message = message;
    this.startedAt = now;
    message.sent = now;
    if (this.tunnelling) this.held = request;
    else this.socket.write(request);
  }

  private watch(socket: net.Socket): void {
    socket.on("error", (error: Error & { code?: string }) => this.fail(error.code ?? error.message));
    socket.on("close", () => {
      if (this.message !== undefined) {
        if (this.reader.end() === DONE) this.complete(this.reader.status, false);
        else this.fail("socket closed");
      }
      this.dead = true;
    });
  }

  /**
   * An https target behind a proxy: CONNECT through the proxy, then TLS over the tunnel. Each connection is its own
   * tunnel (opened before time 0 like any other, and again when the sweeper replaces an aged one). Settles once the
   * TLS session is up, or failed; a message in flight meanwhile is held and written once the tunnel is up.
   */
  private openTunnel(endpoint: Endpoint): Promise<void> {
    const raw = this.socket;
    raw.setNoDelay(true);
    this.tunnelling = true;
    return new Promise<void>((resolve) => {
      awaitTunnel(
        raw,
        endpoint.tunnel,
        () => {
          // The proxy connection stays under the TLS socket: an error on it must not go unheard (it would throw).
          raw.on("error", (error: Error & { code?: string }) => this.fail(error.code ?? error.message));
          // Over a given socket, tls delivers reads as data events (onread applies to sockets it opens itself).
          const secure = tls.connect({ socket: raw, ...endpoint.tls });
          this.socket = secure;
          this.tunnelling = false;
          secure.on("data", (data: Buffer) => this.onData(data, data.length));
          this.watch(secure);
          secure.once("secureConnect", resolve);
          secure.once("close", resolve);
          if (this.held !== "") {
            secure.write(this.held);
            this.held = "";
          }
        },
        (reason) => {
          this.tunnelling = false;
          this.fail(reason);
          resolve();
        },
      );
    });
  }

  private onData(buffer: Buffer, bytes: number): void {
    if (this.message === undefined) {
      // Bytes nobody asked for: the connection's framing is lost.
      this.dead = true;
      this.socket.destroy();
      return;
    }
    const step = this.reader.push(buffer, 0, bytes);
    if (step === MORE) return;
    if (step === FAILED) {
      this.fail(`bad response: ${this.reader.problem}`);
      return;
    }
    this.complete(this.reader.status, this.reader.keepAlive && this.reader.extra === 0);
  }

  private complete(status: number, reusable: boolean): void {
    const message = this.message as Message;
    const channel = this.channel as HttpChannel;
    this.message = undefined;
    this.reader.reset();
    if (!reusable) {
      this.dead = true;
      this.socket.destroy();
    }
    channel.events.settle(
      message,
      status,
      httpOutcome(status),
      status >= 300 ? refusal(status, this.withoutAuth) : undefined,
    );
    channel.release(this);
  }

  /** Gives up on the connection (an error, a timeout): it is closed, and a message in flight settled unknown. */
  fail(reason: string): void {
    const message = this.message;
    const status = this.reader.status;
    this.message = undefined;
    this.dead = true;
    this.socket.destroy();
    const channel = this.channel;
    if (message === undefined || channel === undefined) return;
    // A 2xx already seen is a definite success even if the body then broke; anything else is unknown.
    if (status >= 200 && status < 300) channel.events.settle(message, status, "acc", undefined);
    else channel.events.settle(message, status, "unk", reason);
    channel.release(this);
  }
}

class HttpChannel implements ChannelSender {
  readonly events: MessageEvents;
  private readonly endpoint: Endpoint;
  private readonly now: () => number;
  private readonly max: number;
  private readonly timeoutMs: number;
  private readonly maxIdleMs: number;
  /** Every open connection (an array: the sweeper walks it ten times a second, and a Set's iterator allocates). */
  private readonly all = objectArray<Connection>();
  /** Where every connection's reads land: each is parsed before the next read. */
  private readonly readBuffer: Buffer;
  /** How many connections the sweeper keeps open while idle (the prepared set). */
  private readonly keep: number;
  private readonly idle = objectArray<Connection>();
  /** Idle connections half-way to the idle limit: each carries one of the next sends, which keeps it open. */
  private readonly refresh = objectArray<Connection>();
  // FIFO of messages waiting for a connection: an array with a moving head, compacted when drained.
  private readonly waiting = objectArray<Message | string>();
  private head = 0;
  private closed = false;
  private readonly sweeper: NodeJS.Timeout;
  /** The target's http.auth: header lines per request (auth/index.ts); undefined without auth. */
  private readonly auth: RequestAuth | undefined;

  constructor(opened: HttpConnections, options: HttpChannelOptions, timeoutMs: number) {
    this.endpoint = opened.endpoint;
    this.auth = opened.auth;
    this.readBuffer = opened.readBuffer;
    this.events = options.events;
    this.now = options.now;
    this.max = Math.max(1, options.connections);
    this.timeoutMs = timeoutMs;
    this.maxIdleMs = options.maxIdleMs ?? defaultMaxIdleMs;
    // One timer for every request's timeout and every idle connection's age, not one per request.
    this.sweeper = setInterval(() => this.sweep(), Math.min(100, Math.max(10, timeoutMs / 10)));
    this.sweeper.unref();
    const now = this.now();
    const adopted = opened.connections.slice(0, this.max);
    for (const c of opened.connections.slice(this.max)) c.socket.destroy();
    this.keep = adopted.length;
    for (const c of adopted) {
      c.channel = this;
      c.idleSince = now;
      this.all.push(c);
      this.idle.push(c);
    }
  }

  send(message: Message, body: string, headers: string): void {
    const connection = this.acquire();
    if (connection === undefined) this.waiting.push(message, body, headers);
    else this.write(connection, message, body, headers);
  }

  flush(): void {}

  /** A connection finished its request: it takes the next waiting message, or goes idle. */
  release(connection: Connection): void {
    if (this.closed) return;
    if (connection.dead) {
      this.forget(connection);
      // A new connection for the next waiting message, if any.
      if (this.head < this.waiting.length) {
        const next = this.acquire();
        if (next !== undefined) this.dispatchWaiting(next);
      }
      return;
    }
    if (this.head < this.waiting.length) this.dispatchWaiting(connection);
    else {
      connection.idleSince = this.now();
      this.idle.push(connection);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    this.auth?.close();
    for (const c of this.all) c.socket.destroy();
    this.all.length = 0;
    this.idle.length = 0;
    this.refresh.length = 0;
  }

  private dispatchWaiting(connection: Connection): void {
    // One array for the channel's life, emptied in place (object-array.ts).
    const waiting = this.waiting;
    let head = this.head;
    const message = waiting[head] as Message;
    const body = waiting[head + 1] as string;
    const headers = waiting[head + 2] as string;
    waiting[head] = waiting[head + 1] = waiting[head + 2] = "";
    head += 3;
    // Compact: a queue that never quite empties must not keep every message it ever held.
    if (head === waiting.length) {
      waiting.length = 0;
      head = 0;
    } else if (head >= 4096 && head * 2 >= waiting.length) {
      waiting.copyWithin(0, head);
      waiting.length -= head;
      head = 0;
    }
    this.head = head;
    this.write(connection, message, body, headers);
  }

  private write(connection: Connection, message: Message, body: string, headers: string): void {
    const now = this.now();
    const request =
      this.auth === undefined
        ? this.request(message, body, headers)
        : this.authorized(connection, message, body, headers, now);
    connection.write(message, request, now);
    this.events.written(now, 1);
  }

  private acquire(): Connection | undefined {
    const now = this.now();
    for (let c = this.refresh.pop() ?? this.idle.pop(); c !== undefined; c = this.refresh.pop() ?? this.idle.pop()) {
      if (!c.dead && now - c.idleSince < this.maxIdleMs) return c;
      this.forget(c);
      c.socket.destroy();
    }
    if (this.all.length >= this.max) return undefined;
    return this.open();
  }

  private open(): Connection {
    const c = new Connection(this.endpoint, this.readBuffer);
    c.channel = this;
    this.all.push(c);
    return c;
  }

  private forget(connection: Connection): void {
    const at = this.all.indexOf(connection);
    if (at < 0) return;
    this.all[at] = this.all[this.all.length - 1] as Connection;
    this.all.pop();
  }

  private request(message: Message, body: string, headers: string): string {
    const { head, beforeId } = this.endpoint;
    // Message IDs are URL-safe by construction (run ID and scenario names are letters, digits and dashes).
    if (beforeId !== "") return `${beforeId}${message.id}${head}${Buffer.byteLength(body)}\r\n${headers}\r\n${body}`;
    return `${head}${Buffer.byteLength(body)}\r\n${headers}\r\n${body}`;
  }

  /** The request with the message's and the auth's header lines after Content-Length (order does not matter in HTTP/1.1). */
  private authorized(connection: Connection, message: Message, body: string, headers: string, now: number): string {
    const { head, beforeId } = this.endpoint;
    const auth = this.auth as RequestAuth;
    const lines = auth.lines(beforeId === "" ? "" : message.id, body, now);
    connection.withoutAuth = lines === "" ? (auth.problem ?? "no valid credential") : undefined;
    const start = beforeId === "" ? head : `${beforeId}${message.id}${head}`;
    return `${start}${Buffer.byteLength(body)}\r\n${headers}${lines}\r\n${body}`;
  }

  private sweep(): void {
    const now = this.now();
    const limit = now - this.timeoutMs;
    // Backwards: a failed connection may be forgotten (swapped out of the array) while the walk goes on.
    for (let i = this.all.length - 1; i >= 0; i--) {
      const c = this.all[i];
      if (c !== undefined && c.message !== undefined && c.startedAt < limit) c.fail("timeout");
    }
    // Idle connections the server has closed, or that reached the idle limit unused, are dropped here rather than
    // when a send finds them; up to the prepared number, fresh ones take the aged ones' place. Connections half-way
    // to the limit are queued to carry the next sends, one each, so real traffic keeps them alive: at a rate that
    // goes through the set every couple of seconds, the prepared connections stay open with no reconnect at all.
    const stale = now - this.maxIdleMs;
    const turn = now - this.maxIdleMs / 2;
    let aged = 0;
    let kept = 0;
    for (const c of this.refresh) {
      if (c.dead || c.idleSince < stale) aged += this.drop(c);
      else this.refresh[kept++] = c;
    }
    this.refresh.length = kept;
    kept = 0;
    for (const c of this.idle) {
      if (c.dead || c.idleSince < stale) aged += this.drop(c);
      else if (c.idleSince < turn) this.refresh.push(c);
      else this.idle[kept++] = c;
    }
    this.idle.length = kept;
    if (aged === 0) return;
    // Fresh connections go to the bottom: a send must not wait for one to connect.
    const fresh: Connection[] = [];
    for (; aged > 0 && this.all.length < this.keep; aged--) {
      const c = this.open();
      c.idleSince = now;
      fresh.push(c);
    }
    if (fresh.length > 0) this.idle.unshift(...fresh);
  }

  /** Closes an idle connection; 1 if it was open (aged out), 0 if the server had closed it. */
  private drop(c: Connection): number {
    // Only age is made good: connections the server closed are reopened when sends need them, so a target that is
    // down is not sent a storm of connection attempts.
    const aged = c.dead ? 0 : 1;
    this.forget(c);
    c.socket.destroy();
    return aged;
  }
}

export interface HttpChannelOptions {
  connections: number;
  now: () => number;
  events: MessageEvents;
  /** Idle connections older than this are replaced (default 4 s, under the usual 5 s server idle timeout). */
  maxIdleMs?: number;
}

/** A target's connections, opened and connected ahead of a run (prepareSenders), for the channel to adopt. */
export interface HttpConnections {
  endpoint: Endpoint;
  readBuffer: Buffer;
  connections: Connection[];
  /** The target's http.auth, started (prepareSenders); the channel closes it. */
  auth?: RequestAuth | undefined;
}

/**
 * Opens `count` connections and waits until each is up or has failed, at most `waitMs`: never longer, and a
 * connection that failed is simply replaced on demand by the channel (whose messages then say why).
 */
export async function openHttpConnections(target: HttpTarget, count: number, waitMs = 3_000): Promise<HttpConnections> {
  const opened = opening(target, count);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(opened.connections.map((c) => c.connected)),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
    }),
  ]);
  clearTimeout(timer);
  return opened;
}

/** The channel, on connections prepared by openHttpConnections or, without them, 32 opened now (not awaited). */
export function httpChannel(target: HttpTarget, options: HttpChannelOptions, opened?: HttpConnections): ChannelSender {
  const own = opened ?? opening(target, Math.min(options.connections, defaultPreopened));
  return new HttpChannel(own, options, target.timeoutMs);
}

/** `count` connections to the target, just started, sharing one read buffer. */
function opening(target: HttpTarget, count: number): HttpConnections {
  const endpoint = endpointOf(target, tlsSettings(target.tls));
  const readBuffer = Buffer.allocUnsafe(64 * 1024);
  return {
    endpoint,
    readBuffer,
    connections: Array.from({ length: count }, () => new Connection(endpoint, readBuffer)),
  };
}

/** A refused request's ledger reason; one sent without auth says why, so a 401/403 points at the token or keys. */
function refusal(status: number, withoutAuth: string | undefined): string {
  return withoutAuth === undefined ? `HTTP ${status}` : `HTTP ${status} (sent without auth: ${withoutAuth})`;
}

/** Stands for `{{id}}` while the URL is parsed (the parser would percent-encode the braces). */
const idSlot = "harness-id-slot-7f3a";

/**
 * The connection's route and the prebuilt request head. Through a proxy: an https target over a CONNECT tunnel (the
 * proxy sees only host and port); an http target in absolute form (`POST http://host/path`) on a plain connection to
 * the proxy, as curl does: every HTTP proxy takes it, with no tunnel round trip per connection and no CONNECT to a
 * non-TLS port, which many proxies refuse.
 */
function endpointOf(target: HttpTarget, tlsOptions: TlsSettings): Endpoint {
  const url = new URL(target.url.replaceAll("{{id}}", idSlot));
  if (url.host.includes(idSlot))
    throw new ChannelConfigError("http", "{{id}} may stand in the URL's path or query, not its host");
  const secure = url.protocol === "https:";
  const port = url.port === "" ? (secure ? 443 : 80) : Number(url.port);
  const hostHeader = url.port === "" ? url.hostname : `${url.hostname}:${url.port}`;
  // Header names are case-insensitive: the user's Content-Type replaces the default, a user's Host replaces the URL's.
  const headers = new Map<string, [string, string]>([
    ["host", ["host", hostHeader]],
    ["content-type", ["content-type", "application/json"]],
  ]);
  for (const [name, value] of Object.entries(target.headers)) {
    checkHeader(name, value);
    headers.set(name.toLowerCase(), [name, value]);
  }
  const [beforeSlot, ...afterSlot] = `${url.pathname}${url.search}`.split(idSlot);
  if (afterSlot.length > 1) throw new ChannelConfigError("http", "{{id}} may stand in the URL once");
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const proxy = proxyFor(url);
  const absolute = proxy !== undefined && !secure;
  // In absolute form the request line names the scheme and authority (`{{id}}` stays in the path).
  const path = absolute ? `${url.protocol}//${url.host}${beforeSlot}` : beforeSlot;
  const beforeId = afterSlot.length === 0 ? "" : `${target.method} ${path}`;
  let head = afterSlot.length === 0 ? `${target.method} ${path} HTTP/1.1\r\n` : `${afterSlot[0]} HTTP/1.1\r\n`;
  if (absolute && proxy.authorization !== undefined) head += `proxy-authorization: ${proxy.authorization}\r\n`;
  for (const [lower, [name, value]] of headers) {
    // Framing and the connection are ours to say.
    if (lower === "content-length" || lower === "connection" || lower === "transfer-encoding") continue;
    head += `${name}: ${value}\r\n`;
  }
  head += "content-length: ";
  return {
    secure,
    host: proxy === undefined ? hostname : proxy.host,
    port: proxy === undefined ? port : proxy.port,
    tunnel: proxy !== undefined && secure ? connectRequest(proxy, hostname, port) : "",
    tls: tlsConnectOptions(tlsOptions, hostname),
    head,
    beforeId,
  };
}

/** RFC 9110 field syntax (contracts/http-field.ts), checked again here for a target built without the schema. */
function checkHeader(name: string, value: string): void {
  const problem = headerValueProblem(value);
  if (/[\r\n]/.test(name) || problem === "a line break")
    throw new ChannelConfigError("http", `the header ${JSON.stringify(name)} holds a line break`);
  if (!headerNamePattern.test(name))
    throw new ChannelConfigError("http", `the header name ${JSON.stringify(name)} is not a token`);
  if (problem !== undefined)
    throw new ChannelConfigError("http", `the header ${JSON.stringify(name)} holds ${problem}`);
}
