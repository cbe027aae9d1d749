// Delivery to a rule's SQS target: retries with backoff, the target DLQ with EventBridge's attributes, in-flight throttling.
import { describe, expect, it } from "vitest";
import { TargetDelivery, type TargetDeliveryDeps } from "../../local/app/eventbridge/delivery.ts";
import { MetricsRegistry } from "../../local/app/metrics.ts";

function setup(over: Partial<TargetDeliveryDeps> = {}) {
  let now = 0;
  const timers: Array<{ at: number; fn: () => void }> = [];
  const sent: string[] = [];
  const dead: Array<{ body: string; attributes: Record<string, string> }> = [];
  const delays: number[] = [];
  const metrics = new MetricsRegistry();
  const delivery = new TargetDelivery({
    ruleName: "r",
    ruleArn: "arn:rule",
    targetArn: "arn:queue",
    send: async (body) => void sent.push(body),
    sendToDlq: async (body, attributes) => void dead.push({ body, attributes }),
    policy: () => ({ maximumRetryAttempts: 3, maximumEventAgeSeconds: 3600, baseDelayMs: 100, maxDelayMs: 10_000 }),
    failureRate: () => 0,
    maxInFlight: 64,
    metrics,
    random: () => 0.5,
    now: () => now,
    schedule: (fn, ms) => {
      delays.push(ms);
      timers.push({ at: now + ms, fn });
    },
    log: () => undefined,
    ...over,
  });
  /** Runs every due timer, letting the microtasks between them settle. */
  const runTimers = async () => {
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setImmediate(r));
      const next = timers.sort((a, b) => a.at - b.at).shift();
      if (next === undefined) return;
      now = next.at;
      next.fn();
    }
  };
  return { delivery, sent, dead, delays, metrics, runTimers };
}

describe("TargetDelivery", () => {
  it("delivers at once when the target answers", async () => {
    const s = setup();
    s.delivery.deliver("e1");
    await s.runTimers();
    expect(s.sent).toEqual(["e1"]);
    expect(s.metrics.stats()).toMatchObject({ "AWS/Events:Invocations": 1, "AWS/Events:TriggeredRules": 1 });
    expect(s.delivery.pending).toBe(0);
  });

  it("retries a failing target with growing delays, then dead-letters with EventBridge's attributes", async () => {
    const s = setup({ failureRate: () => 1 });
    s.delivery.deliver("e1");
    await s.runTimers();
    expect(s.sent).toEqual([]);
    expect(s.delays).toEqual([75, 150, 300]);
    expect(s.dead).toEqual([
      {
        body: "e1",
        attributes: {
          RULE_ARN: "arn:rule",
          TARGET_ARN: "arn:queue",
          ERROR_CODE: "SQS.AWS.SimpleQueueService.NonExistentQueue",
          ERROR_MESSAGE: "The specified queue does not exist (injected target failure).",
          EXHAUSTED_RETRY_CONDITION: "MaximumRetryAttempts",
          RETRY_ATTEMPTS: "3",
        },
      },
    ]);
    expect(s.metrics.stats()).toMatchObject({
      "AWS/Events:RetryInvocationAttempts": 3,
      "AWS/Events:FailedInvocations": 1,
      "AWS/Events:InvocationsSentToDlq": 1,
      "AWS/Events:Invocations": 1,
    });
    expect(s.delivery.pending).toBe(0);
  });

  it("gives up when the event is older than the maximum age", async () => {
    const s = setup({
      failureRate: () => 1,
      policy: () => ({ maximumRetryAttempts: 185, maximumEventAgeSeconds: 1, baseDelayMs: 400, maxDelayMs: 400 }),
    });
    s.delivery.deliver("e1");
    await s.runTimers();
    expect(s.dead[0]?.attributes.EXHAUSTED_RETRY_CONDITION).toBe("MaximumEventAgeInSeconds");
  });

  it("holds deliveries beyond the in-flight limit and counts them as ThrottledRules", async () => {
    const releases: Array<() => void> = [];
    const s = setup({
      maxInFlight: 1,
      send: () => new Promise<void>((resolve) => releases.push(resolve)),
    });
    s.delivery.deliver("e1");
    s.delivery.deliver("e2");
    expect(s.delivery.pending).toBe(2);
    expect(s.metrics.stats()["AWS/Events:ThrottledRules"]).toBe(1);
    releases.shift()?.();
    await new Promise((r) => setImmediate(r));
    expect(releases).toHaveLength(1);
    releases.shift()?.();
    await new Promise((r) => setImmediate(r));
    expect(s.delivery.pending).toBe(0);
  });
});
