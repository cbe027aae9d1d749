// The EventBridge stand-in's HTTP face: AWS JSON 1.1 (`X-Amz-Target: AWSEvents.<Operation>`), as the SDK's client speaks it.
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, sendJson } from "../http.ts";
import type { MetricsRegistry } from "../metrics.ts";
import type { TargetDelivery } from "./delivery.ts";
import { type PutEventsContext, putEvents, ValidationError } from "./put-events.ts";

const contentType = "application/x-amz-json-1.1";

export interface EventBridgeDeps {
  context: PutEventsContext;
  /** Rule name to its single SQS target. */
  targets: ReadonlyMap<string, TargetDelivery>;
  metrics: MetricsRegistry;
  busArn: (name: string) => string;
}

function error(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { __type: type, message }, contentType);
}

export function eventBridgeHandler(deps: EventBridgeDeps) {
  const { metrics } = deps;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = String(req.headers["x-amz-target"] ?? "");
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req)) || "{}");
    } catch {
      return error(res, 400, "SerializationException", "Request body is not valid JSON.");
    }
    switch (target) {
      case "AWSEvents.PutEvents": {
        let result: ReturnType<typeof putEvents>;
        try {
          result = putEvents(body, deps.context);
        } catch (caught) {
          if (caught instanceof ValidationError) return error(res, 400, "ValidationException", caught.message);
          throw caught;
        }
        const dims = {};
        metrics.count("AWS/Events", "PutEventsApproximateCallCount", dims);
        metrics.count("AWS/Events", "PutEventsEntriesCount", dims, result.entries.length);
        metrics.count("AWS/Events", "PutEventsFailedEntriesCount", dims, result.failed);
        if (result.throttled > 0) metrics.count("AWS/Events", "PutEventsApproximateThrottledCount", dims);
        for (const { envelope, rules } of result.accepted) {
          if (rules.length > 0) metrics.count("AWS/Events", "MatchedEvents", dims);
          const text = JSON.stringify(envelope);
          for (const rule of rules) deps.targets.get(rule.name)?.deliver(text);
        }
        return sendJson(res, 200, { FailedEntryCount: result.failed, Entries: result.entries }, contentType);
      }
      case "AWSEvents.DescribeEventBus": {
        const name = (body as { Name?: unknown }).Name;
        const bus = typeof name === "string" && name !== "" ? name : "default";
        if (!deps.context.buses.has(bus))
          return error(res, 400, "ResourceNotFoundException", `Event bus ${bus} does not exist.`);
        return sendJson(res, 200, { Name: bus, Arn: deps.busArn(bus) }, contentType);
      }
      default:
        return error(
          res,
          400,
          "UnknownOperationException",
          `The stand-in does not implement ${target || "(no target)"}.`,
        );
    }
  };
}
