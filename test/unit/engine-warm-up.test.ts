// The warm-up's first pass is timed so that an epoch second turns half-way through it, and it starts soon enough;
// only a shard fast enough to need it is warmed.
import { describe, expect, it } from "vitest";
import { scenarioSchema } from "../../config/schema-scenario.ts";
import { acrossASecond, warmUpFromRate, warmUpWorthIt } from "../../loadtests/engine/warm-up.ts";

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

describe("warmUpWorthIt", () => {
  const shard = (
    input: Record<string, unknown>,
    workers = 1,
    segment: { index: number; count: number } | null = null,
  ) => ({
    scenario: scenarioSchema.parse(input),
    segment,
    worker: 0,
    workers,
  });
  const constant = (rate: number) => ({ executor: "constant-arrival-rate", rate, duration: "2s" });

  it.each([
    ["a shard at the threshold", shard(constant(warmUpFromRate)), true],
    ["a shard just below it", shard(constant(warmUpFromRate - 1)), false],
    ["a smoke load", shard(constant(40)), false],
    ["two workers sharing a rate that is high for one", shard(constant(3_000), 2), false],
    ["two workers at a high rate", shard(constant(4_000), 2), true],
    ["two segments of two workers", shard(constant(8_000), 2, { index: 2, count: 2 }), true],
    [
      "a ramp whose peak is high though it starts low",
      shard({ executor: "ramping-arrival-rate", startRate: 10, stages: [{ duration: "1s", target: 5_000 }] }),
      true,
    ],
    ["a rate per minute", shard({ ...constant(60_000), timeUnit: "1m" }), false],
    ["a closed model, whose rate has no bound", shard({ executor: "constant-vus", vus: 2, duration: "1s" }), true],
  ])("%s", (_label, config, worth) => {
    expect(warmUpWorthIt(config)).toBe(worth);
  });
});
