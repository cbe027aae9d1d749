// PutEvents as the EventBridge stand-in answers it: per-entry results, quota throttling, envelopes and rule matches.
import { describe, expect, it } from "vitest";
import { type PutEventsContext, putEvents, ValidationError } from "../../local/app/eventbridge/put-events.ts";

function context(tokens = Number.POSITIVE_INFINITY): PutEventsContext {
  let left = tokens;
  let n = 0;
  return {
    buses: new Set(["default", "orders"]),
    rules: [{ name: "r", busName: "orders", pattern: { source: ["harness.load"] } }],
    account: "000000000000",
    region: "us-east-1",
    takeQuota: () => left-- > 0,
    newId: () => `e-${++n}`,
    now: () => new Date("2026-11-26T12:00:00.123Z"),
  };
}

const entry = (over: Record<string, unknown> = {}) => ({
  EventBusName: "orders",
  Source: "harness.load",
  DetailType: "OrderPlaced",
  Detail: '{"id":"x","sentAt":1}',
  ...over,
});

describe("putEvents", () => {
  it("accepts entries, builds the envelope and matches the rule", () => {
    const out = putEvents({ Entries: [entry()] }, context());
    expect(out.entries).toEqual([{ EventId: "e-1" }]);
    expect(out.failed).toBe(0);
    expect(out.accepted[0]?.envelope).toEqual({
      version: "0",
      id: "e-1",
      "detail-type": "OrderPlaced",
      source: "harness.load",
      account: "000000000000",
      time: "2026-11-26T12:00:00Z",
      region: "us-east-1",
      resources: [],
      detail: { id: "x", sentAt: 1 },
    });
    expect(out.accepted[0]?.rules.map((r) => r.name)).toEqual(["r"]);
  });

  it("answers each bad entry with its own error code and keeps the good ones", () => {
    const out = putEvents(
      {
        Entries: [
          entry({ Source: "" }),
          entry({ Detail: "[1]" }),
          entry({ EventBusName: "arn:aws:events:us-east-1:000000000000:event-bus/nope" }),
          entry({ EventBusName: "arn:aws:events:us-east-1:000000000000:event-bus/orders", Source: "other" }),
        ],
      },
      context(),
    );
    expect(out.entries.map((e) => ("ErrorCode" in e ? e.ErrorCode : "ok"))).toEqual([
      "InvalidArgument",
      "MalformedDetail",
      "ResourceNotFoundException",
      "ok",
    ]);
    expect(out.failed).toBe(3);
    expect(out.accepted[0]?.rules).toEqual([]);
  });

  it("throttles entries past the quota with ThrottlingException", () => {
    const out = putEvents({ Entries: [entry(), entry(), entry()] }, context(2));
    expect(out.entries.map((e) => ("ErrorCode" in e ? e.ErrorCode : "ok"))).toEqual([
      "ok",
      "ok",
      "ThrottlingException",
    ]);
    expect(out.throttled).toBe(1);
    expect(out.failed).toBe(1);
  });

  it.each([[[]], [Array.from({ length: 11 }, () => ({}))], [undefined]])(
    "rejects a request with %j entries",
    (entries) => {
      expect(() => putEvents({ Entries: entries }, context())).toThrow(ValidationError);
    },
  );
});
