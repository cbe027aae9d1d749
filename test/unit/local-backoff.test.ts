// EventBridge's retry timing: exponential steps with equal jitter, bounded by attempts and event age.
import { describe, expect, it } from "vitest";
import { backoffDelay, type RetryPolicy, retryDecision } from "../../local/app/eventbridge/backoff.ts";

const policy: RetryPolicy = {
  maximumRetryAttempts: 3,
  maximumEventAgeSeconds: 60,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
};

describe("backoffDelay", () => {
  it.each([
    [1, 50, 100],
    [2, 100, 200],
    [3, 200, 400],
    [5, 500, 1_000],
    [20, 500, 1_000],
  ])("retry %i waits between %i and %i ms", (retry, low, high) => {
    expect(backoffDelay(retry, policy, () => 0)).toBe(low);
    expect(backoffDelay(retry, policy, () => 1)).toBe(high);
  });
});

describe("retryDecision", () => {
  it("retries until the maximum attempts, then says which limit was hit", () => {
    expect(retryDecision(0, 0, policy)).toEqual({ retry: true });
    expect(retryDecision(2, 0, policy)).toEqual({ retry: true });
    expect(retryDecision(3, 0, policy)).toEqual({ retry: false, exhausted: "MaximumRetryAttempts" });
  });

  it("stops when the event is older than the maximum age", () => {
    expect(retryDecision(0, 60_000, policy)).toEqual({ retry: false, exhausted: "MaximumEventAgeInSeconds" });
  });
});
