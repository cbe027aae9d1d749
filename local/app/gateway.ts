// The API Gateway stand-in: POST /orders, stage throttling (429), request validation (400), direct SQS integration
// (SendMessage, 200 with the SQS response), integration timeout (504), answering with API Gateway's own messages.
// The integration's sends go out in SendMessageBatch requests (send-batcher.ts); each request still waits for its own entry.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Faults } from "../controls.ts";
import type { GatewayAuth } from "./auth/check.ts";
import { readBody, sendJson } from "./http.ts";
import type { MetricsRegistry } from "./metrics.ts";
import type { SendEntry, SentEntry } from "./send-batcher.ts";
import type { TokenBucket } from "./token-bucket.ts";

export interface GatewayDeps {
  /** Enqueues one message on the ingest queue; resolves once SQS confirmed this very message. */
  send: (entry: SendEntry) => Promise<SentEntry>;
  apiName: string;
  bucket: TokenBucket;
  faults: () => Faults;
  metrics: MetricsRegistry;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** `gateway.auth`: the check each request passes, and the local issuer's token endpoint (auth/check.ts). */
  auth?: GatewayAuth;
  /**
   * `POST /saga` (the local target's `saga`): the direct Step Functions integration, StartExecution named with the
   * body's `id`; its status and body are relayed as API Gateway's integration response relays them.
   */
  startExecution?: (body: string) => { status: number; body: unknown };
}

const timedOut = Symbol("timedOut");

/** The body API Gateway's request validator would accept for the orders model: an object with `id` and `sentAt`. */
export function validOrderBody(text: string): boolean {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body !== "object" || body === null || Array.isArray(body)) return false;
    const { id, sentAt } = body as Record<string, unknown>;
    return typeof id === "string" && id.length > 0 && typeof sentAt === "number" && Number.isFinite(sentAt);
  } catch {
    return false;
  }
}

export function gatewayHandler(deps: GatewayDeps) {
  const dims = { ApiName: deps.apiName };
  const { metrics } = deps;

  const integrate = async (body: string) => {
    const latency = deps.faults().gatewayLatencyMs;
    if (latency > 0) await deps.sleep(latency);
    return deps.send({ MessageBody: body, MessageAttributes: { path: { DataType: "String", StringValue: "http" } } });
  };

  const respond = (res: ServerResponse, started: number, status: number, body: unknown) => {
    metrics.count("AWS/ApiGateway", "Count", dims);
    metrics.count("AWS/ApiGateway", "4XXError", dims, status >= 400 && status < 500 ? 1 : 0);
    metrics.count("AWS/ApiGateway", "5XXError", dims, status >= 500 ? 1 : 0);
    metrics.timing("AWS/ApiGateway", "Latency", dims, deps.now() - started);
    sendJson(res, status, body, "application/json", { "x-amzn-requestid": crypto.randomUUID() });
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = deps.now();
    if (deps.auth !== undefined && (await deps.auth.serveToken(req, res))) return;
    const path = (req.url ?? "/").split("?")[0];
    const saga = path === "/saga" && deps.startExecution !== undefined;
    if ((path !== "/orders" && !saga) || req.method !== "POST") {
      req.resume();
      return respond(res, started, 403, { message: "Missing Authentication Token" });
    }
    // Stage throttling comes before anything else, as on API Gateway.
    if (!deps.bucket.take()) {
      req.resume();
      return respond(res, started, 429, { message: "Too Many Requests" });
    }
    let body: string;
    try {
      body = await readBody(req);
    } catch {
      return respond(res, started, 413, { message: "Request Too Long" });
    }
    const refused = await deps.auth?.check(req, body);
    if (refused !== undefined) return respond(res, started, refused.status, { message: refused.message });
    if (!validOrderBody(body)) return respond(res, started, 400, { message: "Invalid request body" });
    if (saga && deps.startExecution !== undefined) {
      const answer = deps.startExecution(body);
      return respond(res, started, answer.status, answer.body);
    }

    const integrationStarted = deps.now();
    const send = integrate(body);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof timedOut>((resolve) => {
      timer = setTimeout(() => resolve(timedOut), deps.faults().gatewayTimeoutMs);
    });
    try {
      // On timeout the SendMessage is not cancelled: the message may still arrive, which is why clients count 504 as unknown.
      const result = await Promise.race([send, timeout]);
      if (result === timedOut) {
        send.catch(() => undefined);
        return respond(res, started, 504, { message: "Endpoint request timed out" });
      }
      metrics.timing("AWS/ApiGateway", "IntegrationLatency", dims, deps.now() - integrationStarted);
      return respond(res, started, 200, {
        SendMessageResponse: {
          ResponseMetadata: { RequestId: result.requestId ?? crypto.randomUUID() },
          SendMessageResult: { MD5OfMessageBody: result.MD5OfMessageBody, MessageId: result.MessageId },
        },
      });
    } catch {
      return respond(res, started, 500, { message: "Internal server error" });
    } finally {
      clearTimeout(timer);
    }
  };
}
