// constant-arrival-rate: its schema resolves durations to ms; peak rate, scaling, overrides, rate plan and phases.
import { describe, expect, it } from "vitest";
import { constantArrivalRate } from "../../executors/constant-arrival-rate.ts";

const config = (input: Record<string, unknown> = {}) =>
  constantArrivalRate.schema.parse({ executor: "constant-arrival-rate", rate: 30, duration: "2m", ...input });

describe("constant-arrival-rate", () => {
  it("resolves the user's strings to milliseconds, with k6's defaults", () => {
    expect(config({ timeUnit: "1m", gracefulStop: "5s" })).toEqual({
      executor: "constant-arrival-rate",
      rate: 30,
      timeUnitMs: 60_000,
      durationMs: 120_000,
      gracefulStopMs: 5000,
      maxInFlight: 10_000,
      channels: { http: 1 },
      thresholds: {},
      chaos: [],
    });
    expect(config()).toMatchObject({ timeUnitMs: 1000, gracefulStopMs: 10_000 });
  });

  it.each([
    [{ duration: "soon" }, ["duration"]],
    [{ timeUnit: "0s" }, ["timeUnit"]],
    [{ rate: 0 }, ["rate"]],
  ])("refuses %j", (input, path) => {
    const result = constantArrivalRate.schema.safeParse({
      executor: "constant-arrival-rate",
      rate: 1,
      duration: "1s",
      ...input,
    });
    expect(result.error?.issues.map((i) => i.path)).toEqual([path]);
  });

  it("checks its resolved form as plan.json stores it", () => {
    const c = config();
    expect(constantArrivalRate.resolvedSchema.parse(c)).toEqual(c);
    expect(constantArrivalRate.resolvedSchema.safeParse({ ...c, durationMs: "2m" }).success).toBe(false);
  });

  it("peaks at its rate, per second whatever the time unit", () => {
    expect(constantArrivalRate.peakRatePerSecond(config())).toBe(30);
    expect(constantArrivalRate.peakRatePerSecond(config({ rate: 600, timeUnit: "1m" }))).toBe(10);
    expect(constantArrivalRate.vus(config())).toBeUndefined();
  });

  it("plans one piece at the rate per millisecond", () => {
    expect(constantArrivalRate.ratePieces(config({ rate: 4, duration: "2s" }))).toEqual([
      { durationMs: 2000, from: 0.004, to: 0.004 },
    ]);
    expect(constantArrivalRate.durationMs(config())).toBe(120_000);
  });

  it("scales its rate, and takes a rate and a duration override", () => {
    expect(constantArrivalRate.scaled(config(), 3).rate).toBe(90);
    expect(constantArrivalRate.withOverrides(config(), { rate: 300, durationMs: 5000 })).toMatchObject({
      rate: 300,
      durationMs: 5000,
    });
    expect(constantArrivalRate.withOverrides(config(), { durationMs: 5000 })).toMatchObject({ rate: 30 });
  });

  it("is one phase, labelled with its rate and time unit", () => {
    expect(constantArrivalRate.phases(config({ timeUnit: "1m" }))).toEqual([
      { durationMs: 120_000, label: "constant 30/1m" },
    ]);
  });
});
