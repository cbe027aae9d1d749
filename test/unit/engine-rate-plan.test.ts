// Arrival plans: constant rates, k6-style linear interpolation between stages, zero-rate stages, totals.
import { describe, expect, it } from "vitest";
import { type ScenarioInput, scenarioSchema } from "../../config/schema-scenario.ts";
import { arrivalPlan } from "../../loadtests/engine/rate-plan.ts";

const plan = (input: ScenarioInput) => arrivalPlan(scenarioSchema.parse(input));

/** Arrivals due in each whole second of the plan. */
function perSecond(p: ReturnType<typeof plan>): number[] {
  const counts = new Array<number>(Math.ceil(p.durationMs / 1000)).fill(0);
  for (let k = 0; k < p.total; k++) {
    const s = Math.floor(p.timeOf(k) / 1000);
    counts[s] = (counts[s] ?? 0) + 1;
  }
  return counts;
}

describe("arrivalPlan", () => {
  it("spaces a constant rate evenly from time 0", () => {
    const p = plan({ executor: "constant-arrival-rate", rate: 4, duration: "2s" });
    expect(p.total).toBe(8);
    expect(Array.from({ length: 8 }, (_, k) => p.timeOf(k))).toEqual([0, 250, 500, 750, 1000, 1250, 1500, 1750]);
  });

  it("honours timeUnit", () => {
    const p = plan({ executor: "constant-arrival-rate", rate: 30, timeUnit: "1m", duration: "1m" });
    expect(p.total).toBe(30);
    expect(p.timeOf(1)).toBeCloseTo(2000, 9);
  });

  it("interpolates a ramp linearly: arrivals per second follow the integral of the rate", () => {
    // 0 -> 100/s over 10 s: second i holds the area under the rate, 5 + 10i arrivals. An arrival due exactly on a
    // second boundary may land a float's width either side of it, hence the tolerance of one per second.
    const p = plan({ executor: "ramping-arrival-rate", startRate: 0, stages: [{ duration: "10s", target: 100 }] });
    expect(p.total).toBe(500);
    const counts = perSecond(p);
    counts.forEach((c, i) => {
      expect(Math.abs(c - (5 + 10 * i))).toBeLessThanOrEqual(1);
    });
    // Cumulative counts never drift: after second i, N(i+1) = 5(i+1)² arrivals, within one.
    let sum = 0;
    counts.forEach((c, i) => {
      sum += c;
      expect(Math.abs(sum - 5 * (i + 1) ** 2)).toBeLessThanOrEqual(1);
    });
    // Off a boundary, the time of arrival k is the closed-form root: N(t) = 5t² = k.
    expect(p.timeOf(125)).toBeCloseTo(5000, 6);
    expect(p.timeOf(45)).toBeCloseTo(3000, 6);
  });

  it("holds, ramps down and skips a zero-rate stage", () => {
    const p = plan({
      executor: "ramping-arrival-rate",
      startRate: 10,
      stages: [
        { duration: "2s", target: 10 },
        { duration: "1s", target: 0 },
        { duration: "2s", target: 0 },
        { duration: "1s", target: 20 },
      ],
    });
    // 20 + 5 + 0 + 10 arrivals.
    expect(p.total).toBe(35);
    expect(perSecond(p).reduce((a, b) => a + b, 0)).toBe(35);
    expect(perSecond(p).slice(3, 5)).toEqual([0, 0]);
    for (let k = 1; k < p.total; k++) expect(p.timeOf(k)).toBeGreaterThanOrEqual(p.timeOf(k - 1));
    expect(p.ratePerSecondAt(3500)).toBe(0);
    expect(p.ratePerSecondAt(5500)).toBeCloseTo(10, 9);
  });

  it("answers any k directly, in any order (a worker's stripe)", () => {
    const p = plan({ executor: "ramping-arrival-rate", startRate: 50, stages: [{ duration: "4s", target: 500 }] });
    const forward = Array.from({ length: p.total }, (_, k) => p.timeOf(k));
    for (const k of [p.total - 1, 3, 700, 0, 1234 % p.total]) expect(p.timeOf(k)).toBe(forward[k]);
    expect(forward.at(-1)).toBeLessThan(4000);
  });

  it("has no arrivals for a closed-model scenario", () => {
    expect(plan({ executor: "constant-vus", vus: 3, duration: "1s" }).total).toBe(0);
  });
});
