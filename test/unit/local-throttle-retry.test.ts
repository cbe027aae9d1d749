// When the event source mapping retries a throttled invoke: backoff doubling to a cap, within the visibility timeout.
import { describe, expect, it } from "vitest";
import { throttleRetryDelayMs } from "../../local/app/consumer/throttle-retry.ts";

describe("throttleRetryDelayMs", () => {
  it("doubles from 50 ms up to 1 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => throttleRetryDelayMs(a, 0, 60_000))).toEqual([
      50, 100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it("retries only while half the visibility timeout is left for the invocation", () => {
    expect(throttleRetryDelayMs(0, 900, 2_000)).toBe(50);
    expect(throttleRetryDelayMs(0, 951, 2_000)).toBeUndefined();
    expect(throttleRetryDelayMs(5, 14_000, 30_000)).toBe(1000);
    expect(throttleRetryDelayMs(5, 14_001, 30_000)).toBeUndefined();
  });
});
