// ramping-arrival-rate: stages resolved to ms; peak, scaling, overrides that keep the shape, rate plan and phases.
import { describe, expect, it } from "vitest";
import { OverrideRefusedError } from "../../executors/errors.ts";
import { rampingArrivalRate } from "../../executors/ramping-arrival-rate.ts";

const config = (input: Record<string, unknown> = {}) =>
  rampingArrivalRate.schema.parse({
    executor: "ramping-arrival-rate",
    startRate: 10,
    stages: [
      { duration: "2s", target: 100 },
      { duration: "4s", target: 100 },
      { duration: "2s", target: 0 },
    ],
    ...input,
  });

describe("ramping-arrival-rate", () => {
  it("resolves every stage's duration to milliseconds", () => {
    expect(config()).toMatchObject({
      startRate: 10,
      timeUnitMs: 1000,
      gracefulStopMs: 10_000,
      stages: [
        { durationMs: 2000, target: 100 },
        { durationMs: 4000, target: 100 },
        { durationMs: 2000, target: 0 },
      ],
    });
    expect(rampingArrivalRate.resolvedSchema.parse(config())).toEqual(config());
  });

  it("refuses no stages and a stage without a duration", () => {
    expect(rampingArrivalRate.schema.safeParse({ executor: "ramping-arrival-rate", stages: [] }).success).toBe(false);
    const result = rampingArrivalRate.schema.safeParse({
      executor: "ramping-arrival-rate",
      stages: [{ duration: "later", target: 1 }],
    });
    expect(result.error?.issues.map((i) => i.path)).toEqual([["stages", 0, "duration"]]);
  });

  it("peaks at its highest stage target or start rate, per second", () => {
    expect(rampingArrivalRate.peakRatePerSecond(config())).toBe(100);
    expect(rampingArrivalRate.peakRatePerSecond(config({ startRate: 300, timeUnit: "1m" }))).toBe(5);
    expect(rampingArrivalRate.vus(config())).toBeUndefined();
  });

  it("plans one linear piece per stage, from the start rate", () => {
    expect(rampingArrivalRate.ratePieces(config())).toEqual([
      { durationMs: 2000, from: 0.01, to: 0.1 },
      { durationMs: 4000, from: 0.1, to: 0.1 },
      { durationMs: 2000, from: 0.1, to: 0 },
    ]);
    expect(rampingArrivalRate.durationMs(config())).toBe(8000);
  });

  it("scales the start rate and every target", () => {
    const scaled = rampingArrivalRate.scaled(config(), 2);
    expect([scaled.startRate, ...scaled.stages.map((s) => s.target)]).toEqual([20, 200, 200, 0]);
  });

  it("makes a rate override the new peak and stretches the stages to a duration override", () => {
    const c = rampingArrivalRate.withOverrides(config(), { rate: 50, durationMs: 4000 });
    expect(c.startRate).toBe(5);
    expect(c.stages).toEqual([
      { durationMs: 1000, target: 50 },
      { durationMs: 2000, target: 50 },
      { durationMs: 1000, target: 0 },
    ]);
  });

  it("refuses a rate override when every target is 0", () => {
    const flat = config({ startRate: 0, stages: [{ duration: "1s", target: 0 }] });
    expect(() => rampingArrivalRate.withOverrides(flat, { rate: 10 })).toThrow(OverrideRefusedError);
    expect(() => rampingArrivalRate.withOverrides(flat, { rate: 10 })).toThrow("no peak to scale");
  });

  it("names each stage's phase by where the rate goes", () => {
    expect(rampingArrivalRate.phases(config())).toEqual([
      { durationMs: 2000, label: "stage 1: ramp up 10 -> 100/1s" },
      { durationMs: 4000, label: "stage 2: hold 100 -> 100/1s" },
      { durationMs: 2000, label: "stage 3: ramp down 100 -> 0/1s" },
    ]);
  });
});
