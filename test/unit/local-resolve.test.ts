// A running local stack resolves to a target the rest of the harness reads exactly like an AWS one.
import { describe, expect, it } from "vitest";
import { dlqSchema, localTargetSchema, queueSchema, sinkSchema } from "../../config/schema-target.ts";
import { resolveLocalTarget } from "../../local/resolve.ts";
import type { LocalState } from "../../local/state.ts";

const target = localTargetSchema.parse({ kind: "local" });
const q = (name: string) => `http://127.0.0.1:4566/000000000000/${name}`;

function state(over: Partial<LocalState> = {}): LocalState {
  return {
    schemaVersion: 1,
    status: "up",
    ownerPid: 1,
    startedAt: "2026-11-26T00:00:00Z",
    targetName: "local",
    target,
    region: "us-east-1",
    services: [],
    endpoints: {
      sqs: "http://127.0.0.1:1",
      dynamodb: "http://127.0.0.1:2",
      cloudwatch: "http://127.0.0.1:3",
      events: "http://127.0.0.1:4",
      gateway: "http://127.0.0.1:5",
      control: "http://127.0.0.1:6",
    },
    resources: {
      ingestQueueUrl: q("orders-ingest"),
      ingestQueueArn: "arn:aws:sqs:us-east-1:000000000000:orders-ingest",
      eventsQueueArn: "arn:aws:sqs:us-east-1:000000000000:orders-events",
      ingestDlqUrl: q("orders-ingest-dlq"),
      eventsQueueUrl: q("orders-events"),
      eventsDlqUrl: q("orders-events-dlq"),
      eventsTargetDlqUrl: q("orders-events-target-dlq"),
      table: "orders-sink",
      busName: "orders",
      ruleName: "orders-to-queue",
      source: "harness.load",
      detailType: "OrderPlaced",
      functionName: "orders-consumer",
      apiName: "orders",
    },
    ...over,
  };
}

describe("resolveLocalTarget", () => {
  it("points every client at its emulator, EventBridge at the stand-in, and passes the config schemas", () => {
    const resolved = resolveLocalTarget(state(), "local", target);
    expect(resolved.aws.endpoints).toEqual({
      sqs: "http://127.0.0.1:1",
      dynamodb: "http://127.0.0.1:2",
      cloudwatch: "http://127.0.0.1:3",
      events: "http://127.0.0.1:4",
    });
    expect(resolved.http?.url).toBe("http://127.0.0.1:5/orders");
    expect(resolved.control).toEqual({ url: "http://127.0.0.1:6" });
    for (const queue of resolved.queues) expect(queueSchema.parse(queue)).toEqual(queue);
    for (const dlq of resolved.dlqs) expect(dlqSchema.parse(dlq)).toEqual(dlq);
    for (const sink of resolved.sinks) expect(sinkSchema.parse(sink)).toEqual(sink);
    expect(resolved.dlqs.map((d) => [d.name, d.idPath])).toEqual([
      ["ingest-dlq", "id"],
      ["events-dlq", "detail.id"],
      ["events-target-dlq", "detail.id"],
    ]);
  });

  it("refuses a stack that is still starting", () => {
    expect(() => resolveLocalTarget(state({ status: "starting" }), "local", target)).toThrow(/still starting/);
  });
});
