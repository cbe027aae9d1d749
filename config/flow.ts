// A scenario's optional flow: an async function run once per message in the engine's worker threads, which makes one
// or more calls (HTTP through the engine's transport, PutEvents, SendMessage) and says what became of the message.
import type { Outcome } from "../contracts/ledger.ts";

/** Who the message is: its ID travels in every body the flow sends, so the sink can record it. */
export interface FlowMessage {
  /** `<runId>-<scenario>-<n>`. */
  id: string;
  /** The arrival's global index (unique across workers and segments). */
  n: number;
  /** Epoch ms the message fired at: put it in the bodies as `sentAt`, as the declarative path does. */
  sentAt: number;
  scenario: string;
  runId: string;
}

/** Per call: `step` names its sub-metric (`http_req_duration{step:confirm}`); default `call1`, `call2`... */
export interface FlowCallOptions {
  step?: string;
}

export interface FlowHttpOptions extends FlowCallOptions {
  /** This request's own headers, on top of the target's http.headers (same name: this one wins). */
  headers?: Record<string, string>;
}

/** What one call came to; a call never throws for what the target answered (a 500, a timeout). */
export interface FlowCallResult {
  /** HTTP status (the AWS call's for PutEvents/SendMessage), 0 when there was none (a timeout, a reset). */
  status: number;
  /** What this call alone would mean in the ledger: acc (2xx), rej (4xx, an entry error), unk (5xx, no answer). */
  outcome: Outcome;
  /** Why it was not accepted (`HTTP 409`, `timeout`, an AWS error code), else undefined. */
  error: string | undefined;
}

export interface FlowHttpResponse extends FlowCallResult {
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
  /** The response body as UTF-8 text. */
  body: string;
  /** The body parsed as JSON (throws when it is not JSON: the flow then fails, and says so in the ledger). */
  json<T = unknown>(): T;
}

export interface FlowHttp {
  /** `path` is a path (`/orders/42`) or a URL on the target's http origin; a body object is sent as JSON. */
  request(method: string, path: string, body?: unknown, options?: FlowHttpOptions): Promise<FlowHttpResponse>;
  get(path: string, options?: FlowHttpOptions): Promise<FlowHttpResponse>;
  post(path: string, body: unknown, options?: FlowHttpOptions): Promise<FlowHttpResponse>;
  put(path: string, body: unknown, options?: FlowHttpOptions): Promise<FlowHttpResponse>;
  delete(path: string, options?: FlowHttpOptions): Promise<FlowHttpResponse>;
}

export interface FlowEvents {
  /** PutEvents of one entry on the target's bus (its source and detail type unless given). */
  put(
    detail: unknown,
    options?: FlowCallOptions & { detailType?: string; source?: string },
  ): Promise<FlowCallResult & { eventId: string | undefined }>;
}

export interface FlowSqs {
  /** SendMessage to the target's queue (or `queueUrl`). */
  send(
    body: unknown,
    options?: FlowCallOptions & { queueUrl?: string },
  ): Promise<FlowCallResult & { messageId: string | undefined }>;
}

export interface FlowContext {
  http: FlowHttp;
  events: FlowEvents;
  sqs: FlowSqs;
}

/**
 * What a flow returns: nothing (the message's outcome is its last call's), an outcome, an outcome with a reason, or a
 * call's result as it is (`return ctx.http.post(...)`: its outcome, its error as the reason).
 * A flow that throws: `unk` with the error as reason once any call went out (the target may hold the message),
 * `rej` when it threw before its first call (nothing was sent, so the target cannot have it).
 */
export type FlowResult = undefined | Outcome | { outcome: Outcome; reason?: string | undefined } | FlowCallResult;

export type FlowFunction = (msg: FlowMessage, ctx: FlowContext) => Promise<FlowResult> | FlowResult;

/** A flow with the steps it may name, when declared: then a threshold naming another step is refused before the run. */
export type DefinedFlow = FlowFunction & { steps?: readonly string[] };

/** Typed helper for a flow module's default export; `steps` declares its step names (optional). */
export function defineFlow(fn: FlowFunction, options: { steps?: readonly string[] } = {}): DefinedFlow {
  return options.steps === undefined ? fn : Object.assign(fn, { steps: options.steps });
}
