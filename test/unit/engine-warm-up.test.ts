// The warm-up's first pass is timed so that an epoch second turns half-way through it, and it starts soon enough.
import { describe, expect, it } from "vitest";
import { acrossASecond } from "../../loadtests/engine/warm-up.ts";

describe("acrossASecond", () => {
  it("starts 5 ms to about a second from now, with a second turning half-way through the first pass", () => {
    for (const now of [
      1_700_000_000_000, 1_700_000_000_004.5, 1_700_000_000_500, 1_700_000_000_874, 1_700_000_000_999,
    ]) {
      const start = acrossASecond(now);
      expect(start - now).toBeGreaterThanOrEqual(5);
      expect(start - now).toBeLessThanOrEqual(1_005);
      // Half of the 250 ms first pass after the start, a second turns.
      expect((start + 125) % 1000).toBe(0);
    }
  });
});
