// One message's flow: the client it is given (ctx.http, ctx.events, ctx.sqs), each call stamped and timed as a
// sub-metric of its step, and the message settled once from what the flow returned or threw.
import type {
  DefinedFlow,
  FlowCallOptions,
  FlowCallResult,
  FlowContext,
  FlowHttpOptions,
  FlowHttpResponse,
} from "../../../config/flow.ts";
import type { Outcome } from "../../../contracts/ledger.ts";
import type { ResolvedTarget } from "../../../contracts/target.ts";
import type { Message, MessageEvents } from "../message.ts";
import { headerLines } from "../message-headers.ts";
import type { FlowHttpClient, RawResponse } from "./http-client.ts";
import { type LastCall, returnedOutcome, thrownOutcome } from "./outcome.ts";

/** The shard, as a flow sees it: messages settle through it, and each call's duration lands in its step's metrics. */
export interface FlowEvents extends MessageEvents {
  step(name: string, durationMs: number, outcome: Outcome, at: number): void;
}

export interface AwsCallResult {
  status: number;
  outcome: Outcome;
  error: string | undefined;
  /** The EventId or MessageId. */
  id: string | undefined;
}

/** PutEvents and SendMessage of one entry each (aws-calls.ts; absent for a target with neither a bus nor a queue). */
export interface FlowAwsCalls {
  putEvent(entry: { EventBusName: string; Source: string; DetailType: string; Detail: string }): Promise<AwsCallResult>;
  sendMessage(queueUrl: string, body: string): Promise<AwsCallResult>;
  close(): void;
}

/** What every message's flow in a shard shares. */
export interface FlowShared {
  fn: DefinedFlow;
  target: ResolvedTarget;
  runId: string;
  scenario: string;
  events: FlowEvents;
  now: () => number;
  http: FlowHttpClient | undefined;
  aws: FlowAwsCalls | undefined;
}

/** Headers a call may not set: the request's framing and connection are the client's to say. */
const framing: ReadonlySet<string> = new Set(["content-length", "transfer-encoding", "connection", "host"]);
const methodPattern = /^[A-Z]+$/;

/** Runs `shared.fn` for message m (fired at `sentAt`, epoch ms) and settles m when it ends; never throws. */
export function runFlow(shared: FlowShared, m: Message, sentAt: number): void {
  const calls = new MessageCalls(shared, m);
  const msg = { id: m.id, n: m.n, sentAt, scenario: shared.scenario, runId: shared.runId };
  let running: Promise<unknown>;
  try {
    running = Promise.resolve(shared.fn(msg, calls));
  } catch (error) {
    running = Promise.reject(error);
  }
  running.then(
    (returned) => calls.settle(returnedOutcome(returned, calls.written, calls.last)),
    (error: unknown) => calls.settle(thrownOutcome(error, calls.written, calls.last)),
  );
}

class MessageCalls implements FlowContext {
  readonly http: FlowContext["http"];
  readonly events: FlowContext["events"];
  readonly sqs: FlowContext["sqs"];
  /** Calls written to the wire (or made, for AWS): from the first one on, the target may hold the message. */
  written = 0;
  last: LastCall | undefined;
  private made = 0;
  private readonly shared: FlowShared;
  private readonly message: Message;

  constructor(shared: FlowShared, message: Message) {
    this.shared = shared;
    this.message = message;
    const request = (method: string, path: string, body?: unknown, options?: FlowHttpOptions) =>
      handled(this.httpCall(method, path, body, options));
    this.http = {
      request,
      get: (path, options) => request("GET", path, undefined, options),
      post: (path, body, options) => request("POST", path, body, options),
      put: (path, body, options) => request("PUT", path, body, options),
      delete: (path, options) => request("DELETE", path, undefined, options),
    };
    this.events = {
      put: (detail, options) => handled(this.eventsCall(detail, options)),
    };
    this.sqs = {
      send: (body, options) => handled(this.sqsCall(body, options)),
    };
  }

  private async eventsCall(
    detail: unknown,
    options: (FlowCallOptions & { detailType?: string; source?: string }) | undefined,
  ): Promise<FlowCallResult & { eventId: string | undefined }> {
    const { aws, target } = this.shared;
    if (aws === undefined || target.events === undefined)
      throw new Error(`ctx.events.put: target "${target.name}" has no events bus`);
    const step = this.stepOf(options);
    const startedAt = this.stamp();
    const result = await aws.putEvent({
      EventBusName: target.events.busName,
      Source: options?.source ?? target.events.source,
      DetailType: options?.detailType ?? target.events.detailType,
      Detail: text(detail),
    });
    this.record(step, startedAt, result);
    return { status: result.status, outcome: result.outcome, error: result.error, eventId: result.id };
  }

  private async sqsCall(
    body: unknown,
    options: (FlowCallOptions & { queueUrl?: string }) | undefined,
  ): Promise<FlowCallResult & { messageId: string | undefined }> {
    const { aws, target } = this.shared;
    const queueUrl = options?.queueUrl ?? target.sqs?.queueUrl;
    if (aws === undefined || queueUrl === undefined)
      throw new Error(`ctx.sqs.send: target "${target.name}" has no sqs queue (give one, or options.queueUrl)`);
    const step = this.stepOf(options);
    const startedAt = this.stamp();
    const result = await aws.sendMessage(queueUrl, text(body));
    this.record(step, startedAt, result);
    return { status: result.status, outcome: result.outcome, error: result.error, messageId: result.id };
  }

  settle(settled: { status: number; outcome: Outcome; err: string | undefined }): void {
    this.shared.events.settle(this.message, settled.status, settled.outcome, settled.err);
  }

  private async httpCall(
    method: string,
    path: string,
    body: unknown,
    options: FlowHttpOptions | undefined,
  ): Promise<FlowHttpResponse> {
    const { http, target } = this.shared;
    if (http === undefined || target.http === undefined)
      throw new Error(`ctx.http: target "${target.name}" has no http endpoint`);
    const verb = method.toUpperCase();
    if (!methodPattern.test(verb)) throw new Error(`ctx.http: ${JSON.stringify(method)} is not an HTTP method`);
    const url = new URL(path, http.origin.origin);
    if (url.origin !== http.origin.origin)
      throw new Error(`ctx.http: ${url.href} is not on the target's http origin ${http.origin.origin}`);
    const payload = body === undefined ? "" : text(body);
    const headers = new Map<string, [string, string]>();
    if (body !== undefined && typeof body !== "string")
      headers.set("content-type", ["content-type", "application/json"]);
    for (const [name, value] of Object.entries({ ...target.http.headers, ...options?.headers }))
      headers.set(name.toLowerCase(), [name, value]);
    const lines = headerLines(Object.fromEntries(headers.values()), framing);
    const { absolute, proxyLine } = http.origin;
    const request = `${verb} ${absolute}${url.pathname}${url.search} HTTP/1.1\r\nhost: ${http.origin.hostHeader}\r\n${proxyLine}${lines}content-length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`;
    const step = this.stepOf(options);
    let startedAt = Number.NaN;
    const raw = await http.send(request, (at) => {
      startedAt = this.stampAt(at);
    });
    // A call that never reached a socket (the load ended) has no duration to record.
    if (!Number.isNaN(startedAt)) this.record(step, startedAt, raw);
    else this.last = { status: raw.status, outcome: raw.outcome, error: raw.error, step };
    return response(raw);
  }

  private stepOf(options: FlowCallOptions | undefined): string {
    this.made++;
    return options?.step ?? `call${this.made}`;
  }

  /** A call goes out now: the message's first call is its sent time. */
  private stamp(): number {
    return this.stampAt(this.shared.now());
  }

  private stampAt(at: number): number {
    if (this.written === 0) {
      this.message.sent = at;
      this.shared.events.written(at, 1);
    }
    this.written++;
    return at;
  }

  private record(step: string, startedAt: number, result: FlowCallResult): void {
    const at = this.shared.now();
    this.last = { status: result.status, outcome: result.outcome, error: result.error, step };
    this.shared.events.step(step, at - startedAt, result.outcome, at);
  }
}

/**
 * The call's promise, marked handled: a call the flow did not await that throws (a bad URL, a bad header) must not be
 * an unhandled rejection, which would end the worker and cut its ledger short; an await still gets the error.
 */
function handled<T>(call: Promise<T>): Promise<T> {
  call.catch(() => {});
  return call;
}

function text(body: unknown): string {
  return typeof body === "string" ? body : JSON.stringify(body);
}

function response(raw: RawResponse): FlowHttpResponse {
  return {
    status: raw.status,
    outcome: raw.outcome,
    error: raw.error,
    headers: raw.headers,
    body: raw.body,
    json<T>(): T {
      return JSON.parse(raw.body) as T;
    },
  };
}
