// HTTP channel: undici Pool with keep-alive, raw dispatch (no promise, no body stream per request).

import type { Dispatcher } from "undici";
import { Pool } from "undici";
import type { ResolvedTarget } from "../../../contracts/target.ts";
import { type ChannelSender, httpOutcome, type Message, type Settle } from "../message.ts";

type HttpTarget = NonNullable<ResolvedTarget["http"]>;

/** One request's life: its handler is the only per-request object besides the message itself. */
class Exchange implements Dispatcher.DispatchHandler {
  private readonly message: Message;
  private readonly settle: Settle;
  private readonly now: () => number;
  private status = 0;

  constructor(message: Message, settle: Settle, now: () => number) {
    this.message = message;
    this.settle = settle;
    this.now = now;
  }

  onRequestStart(): void {
    // Called just before the request is written to a socket: the honest "actual send" time, after any pool queueing.
    this.message.sent = this.now();
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(): void {}

  onResponseEnd(): void {
    const status = this.status;
    this.settle(this.message, status, httpOutcome(status), status >= 300 ? `HTTP ${status}` : undefined);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    // A 2xx already seen is a definite success even if the body then broke; anything else is unknown.
    const status = this.status;
    if (status >= 200 && status < 300) {
      this.settle(this.message, status, "acc", undefined);
      return;
    }
    const code = (error as { code?: string }).code;
    const reason =
      code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" ? "timeout" : (code ?? error.message);
    this.settle(this.message, status, "unk", reason);
  }
}

export interface HttpChannelOptions {
  connections: number;
  now: () => number;
  settle: Settle;
}

export function httpChannel(target: HttpTarget, options: HttpChannelOptions): ChannelSender {
  const url = new URL(target.url);
  const pool = new Pool(url.origin, {
    connections: options.connections,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: target.timeoutMs,
    bodyTimeout: target.timeoutMs,
  });
  const headers: Record<string, string> = { "content-type": "application/json", ...target.headers };
  const path = url.pathname + url.search;
  const method = target.method;
  const { now, settle } = options;
  return {
    send(message, body) {
      pool.dispatch({ path, method, headers, body }, new Exchange(message, settle, now));
    },
    flush() {},
    async close() {
      await pool.destroy();
    },
  };
}
