// Lambda's internal queue for async invocations, on a hand-driven clock: AWS's retry schedule, event age, throttles,
// the destination record and DLQ attributes, and the retry-drop bug naming only IDs nothing wrote.
import { describe, expect, it } from "vitest";
import { errorRetryDelayMs, throttleDelayMs, tooOld } from "../../local/app/async/backoff.ts";
import { destinationRecord, dlqAttributes } from "../../local/app/async/destination.ts";
import { type AsyncFaults, InternalQueue, messageIdOfEvent } from "../../local/app/async/internal-queue.ts";
import { functionNameOf } from "../../local/app/async/invoke-api.ts";
import type { InvokeOutcome } from "../../local/app/functions/worker-pool.ts";
import { MetricsRegistry } from "../../local/app/metrics.ts";

const arn = "arn:aws:lambda:us-east-1:000000000000:function:orders-async";

function harness(options: { fail: (attempt: number) => boolean; faults?: Partial<AsyncFaults>; maxRetry?: number }) {
  let now = 1_000;
  const timers: Array<{ at: number; fn: () => void }> = [];
  const attempts = new Map<string, number>();
  const destination: unknown[] = [];
  const dlq: Array<{ body: string; attributes: Record<string, string> }> = [];
  const harmed: string[] = [];
  const delays: number[] = [];
  const metrics = new MetricsRegistry({ now: () => now });
  const queue = new InternalQueue({
    functionName: "orders-async",
    functionArn: arn,
    invoke: async (event, requestId): Promise<InvokeOutcome> => {
      const id = (event as { id: string }).id;
      const n = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, n);
      return options.fail(n)
        ? { ok: false, requestId, errorType: "Error", errorMessage: `attempt ${n} failed` }
        : { ok: true, requestId, value: null };
    },
    sendToDestination: async (body) => void destination.push(JSON.parse(body)),
    sendToDlq: async (body, attributes) => void dlq.push({ body, attributes }),
    policy: () => ({ maximumRetryAttempts: options.maxRetry ?? 2, maximumEventAgeSeconds: 21_600 }),
    faults: () => ({ errorRate: 0, maxConcurrency: 0, retryDrop: 0, ...options.faults }),
    harm: (id) => harmed.push(id),
    timeScale: 0.01,
    concurrency: 4,
    metrics,
    random: () => 0,
    now: () => now,
    schedule: (fn, ms) => {
      delays.push(ms);
      timers.push({ at: now + ms, fn });
    },
    log: () => undefined,
  });
  /** Runs every timer due, in time order, letting invocations settle between. */
  const settle = async () => {
    for (let round = 0; round < 50; round++) {
      await new Promise((r) => setImmediate(r));
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      if (next === undefined) {
        if (queue.pending === 0) return;
        continue;
      }
      now = Math.max(now, next.at);
      next.fn();
    }
  };
  return { queue, attempts, destination, dlq, harmed, delays, metrics, settle, advance: (ms: number) => (now += ms) };
}

describe("the async internal queue", () => {
  it("retries a failing event twice, 1 then 2 (scaled) minutes apart, then sends the record and the event on", async () => {
    const h = harness({ fail: () => true });
    const text = JSON.stringify({ id: "r-s-1", sentAt: 1 });
    h.queue.accept("req-1", text, JSON.parse(text));
    await h.settle();
    expect(h.attempts.get("r-s-1")).toBe(3);
    expect(h.delays).toEqual([600, 1200]);
    expect(h.destination).toEqual([
      {
        version: "1.0",
        timestamp: new Date(2_800).toISOString(),
        requestContext: {
          requestId: "req-1",
          functionArn: `${arn}:$LATEST`,
          condition: "RetriesExhausted",
          approximateInvokeCount: 3,
        },
        requestPayload: { id: "r-s-1", sentAt: 1 },
        responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
        responsePayload: { errorType: "Error", errorMessage: "attempt 3 failed" },
      },
    ]);
    expect(h.dlq).toEqual([
      { body: text, attributes: { RequestID: "req-1", ErrorCode: "200", ErrorMessage: "attempt 3 failed" } },
    ]);
    expect(h.metrics.stats()).toMatchObject({
      "AWS/Lambda:AsyncEventsReceived": 1,
      "AWS/Lambda:Invocations": 3,
      "AWS/Lambda:Errors": 3,
      "AWS/Lambda:AsyncEventsDropped": 1,
    });
    expect(h.queue.pending).toBe(0);
  });

  it("delivers on a retry and sends nothing on", async () => {
    const h = harness({ fail: (n) => n === 1 });
    h.queue.accept("req", '{"id":"a"}', { id: "a" });
    await h.settle();
    expect(h.attempts.get("a")).toBe(2);
    expect([h.destination, h.dlq]).toEqual([[], []]);
  });

  it("with MaximumRetryAttempts 0, one failure is final", async () => {
    const h = harness({ fail: () => true, maxRetry: 0 });
    h.queue.accept("req", '{"id":"a"}', { id: "a" });
    await h.settle();
    expect(h.attempts.get("a")).toBe(1);
    expect(h.destination).toHaveLength(1);
  });

  it("the retry-drop bug drops a due retry of an injected error, records its ID, and sends nothing on", async () => {
    const h = harness({ fail: () => false, faults: { errorRate: 1, retryDrop: 1 } });
    h.queue.accept("req", '{"id":"a"}', { id: "a" });
    await h.settle();
    expect(h.harmed).toEqual(["a"]);
    expect([h.attempts.get("a"), h.destination, h.dlq, h.queue.pending]).toEqual([undefined, [], [], 0]);
  });

  it("the retry-drop bug leaves an event the handler saw alone (it may have been written)", async () => {
    const h = harness({ fail: () => true, faults: { retryDrop: 1 } });
    h.queue.accept("req", '{"id":"a"}', { id: "a" });
    await h.settle();
    expect(h.harmed).toEqual([]);
    expect(h.destination).toHaveLength(1);
  });

  it("invokes a deep queue's events once each, oldest first", async () => {
    const h = harness({ fail: () => false });
    const order: string[] = [];
    const ids = Array.from({ length: 3000 }, (_, i) => `e${i}`);
    for (const id of ids) h.queue.accept(id, JSON.stringify({ id }), { id });
    expect(h.queue.pending).toBe(3000);
    for (let i = 0; i < 200 && h.queue.pending > 0; i++) await new Promise((r) => setImmediate(r));
    for (const [id, n] of h.attempts) if (n === 1) order.push(id);
    expect(order).toEqual(ids);
    expect(h.queue.pending).toBe(0);
  });

  it("throttles events over the concurrency fault and requeues them without spending retries", async () => {
    const h = harness({ fail: () => false, faults: { maxConcurrency: 1 } });
    for (const id of ["a", "b", "c"]) h.queue.accept(id, JSON.stringify({ id }), { id });
    await h.settle();
    expect([...h.attempts.values()]).toEqual([1, 1, 1]);
    expect(h.metrics.stats()["AWS/Lambda:Throttles"]).toBeGreaterThan(0);
    expect(h.destination).toEqual([]);
  });
});

describe("async timing and records", () => {
  it("follows AWS's documented waits, scaled", () => {
    expect([errorRetryDelayMs(1, 1), errorRetryDelayMs(2, 1)]).toEqual([60_000, 120_000]);
    expect([1, 2, 3, 10, 20].map((n) => throttleDelayMs(n, 1))).toEqual([1_000, 2_000, 4_000, 300_000, 300_000]);
    expect([tooOld(599, 60, 0.01), tooOld(600, 60, 0.01)]).toEqual([false, true]);
  });

  it("an event that aged out before any invocation has no response in its record, and a 429 DLQ code", () => {
    const failed = { requestId: "q", payload: { id: "a" }, invokeCount: 0 };
    const record = destinationRecord(failed, "EventAgeExceeded", arn, new Date(0));
    expect(Object.keys(record)).toEqual(["version", "timestamp", "requestContext", "requestPayload"]);
    expect(dlqAttributes(failed, "EventAgeExceeded").ErrorCode).toBe("429");
  });

  it("finds the message ID in a payload or an EventBridge event, and the function in a name or an ARN", () => {
    expect(messageIdOfEvent({ id: "x" })).toBe("x");
    expect(messageIdOfEvent({ id: "uuid", "detail-type": "T", detail: { id: "y" } })).toBe("y");
    expect(messageIdOfEvent(null)).toBeUndefined();
    expect(functionNameOf("orders-async")).toBe("orders-async");
    expect(functionNameOf(encodeURIComponent(`${arn}:$LATEST`))).toBe("orders-async");
    expect(functionNameOf("000000000000:function:orders-async")).toBe("orders-async");
  });
});
