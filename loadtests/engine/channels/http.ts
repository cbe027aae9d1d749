// HTTP channel: undici Clients on keep-alive connections, one request at a time each, raw dispatch (no promise,
// no body stream per request).
//
// Why not undici's Pool: Pool finds a free connection by scanning its clients in order, O(connections) per
// request once most are busy, which the profile showed at 64 connections. Here idle clients sit on a stack (O(1)),
// and a message with no free connection waits in a FIFO bounded by maxInFlight. Its "sent" time is stamped when
// undici writes it to the socket (onRequestStart), so any wait for a connection shows as send lag.

import type { Dispatcher } from "undici";
import { Client } from "undici";
import type { ResolvedTarget } from "../../../contracts/target.ts";
import { type ChannelSender, httpOutcome, type Message, type Settle } from "../message.ts";

type HttpTarget = NonNullable<ResolvedTarget["http"]>;

interface Connections {
  release(client: Client): void;
}

/** One request's life: its handler is the only per-request object besides the message and its body. */
class Exchange implements Dispatcher.DispatchHandler {
  private readonly message: Message;
  private readonly client: Client;
  private readonly owner: Connections;
  private readonly settle: Settle;
  private readonly now: () => number;
  private status = 0;

  constructor(message: Message, client: Client, owner: Connections, settle: Settle, now: () => number) {
    this.message = message;
    this.client = client;
    this.owner = owner;
    this.settle = settle;
    this.now = now;
  }

  onRequestStart(): void {
    // Called just before the request is written to its socket: the honest "actual send" time.
    this.message.sent = this.now();
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(): void {}

  onResponseEnd(): void {
    const status = this.status;
    this.settle(this.message, status, httpOutcome(status), status >= 300 ? `HTTP ${status}` : undefined);
    this.owner.release(this.client);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    const status = this.status;
    // A 2xx already seen is a definite success even if the body then broke; anything else is unknown.
    if (status >= 200 && status < 300) this.settle(this.message, status, "acc", undefined);
    else {
      const code = (error as { code?: string }).code;
      const timeout = code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT";
      this.settle(this.message, status, "unk", timeout ? "timeout" : (code ?? error.message));
    }
    // undici reconnects the client for its next request.
    this.owner.release(this.client);
  }
}

export interface HttpChannelOptions {
  connections: number;
  now: () => number;
  settle: Settle;
}

export function httpChannel(target: HttpTarget, options: HttpChannelOptions): ChannelSender {
  const url = new URL(target.url);
  const origin = url.origin;
  const clientOptions = {
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: target.timeoutMs,
    bodyTimeout: target.timeoutMs,
  };
  // Flat [name, value, ...] headers: undici takes them without walking an object per request.
  const headers: string[] = [];
  for (const [name, value] of Object.entries({ "content-type": "application/json", ...target.headers }))
    headers.push(name, value);
  const path = url.pathname + url.search;
  const method = target.method;
  const { now, settle } = options;
  const max = Math.max(1, options.connections);
  const clients: Client[] = [];
  const idle: Client[] = [];
  // FIFO of messages waiting for a connection: an array with a moving head, compacted when drained.
  let waiting: Array<Message | string> = [];
  let head = 0;
  let closed = false;

  const owner: Connections = {
    release(client) {
      if (closed) return;
      if (head < waiting.length) {
        const message = waiting[head] as Message;
        const body = waiting[head + 1] as string;
        waiting[head] = waiting[head + 1] = "";
        head += 2;
        // Compact: a queue that never quite empties must not keep every message it ever held.
        if (head === waiting.length) {
          waiting = [];
          head = 0;
        } else if (head >= 4096 && head * 2 >= waiting.length) {
          waiting = waiting.slice(head);
          head = 0;
        }
        dispatch(client, message, body);
      } else idle.push(client);
    },
  };

  function dispatch(client: Client, message: Message, body: string): void {
    client.dispatch({ path, method, headers, body }, new Exchange(message, client, owner, settle, now));
  }

  return {
    send(message, body) {
      let client = idle.pop();
      if (client === undefined && clients.length < max) {
        client = new Client(origin, clientOptions);
        clients.push(client);
      }
      if (client === undefined) waiting.push(message, body);
      else dispatch(client, message, body);
    },
    flush() {},
    async close() {
      closed = true;
      await Promise.all(clients.map((c) => c.destroy()));
    },
  };
}
