// Baseline comparison: regressions beyond tolerance are named; noise and missing figures are not.
import { describe, expect, it } from "vitest";
import { resolveScenario, scaleScenario } from "../../executors/index.ts";
import { type CertifiedScenario, certificateVerdict } from "../../runner/certificate.ts";
import { compareMetrics } from "../../runner/compare/compare.ts";
import type { ComparableMetrics } from "../../runner/compare/metrics.ts";

const base: ComparableMetrics = {
  throttleOnsetRps: 1000,
  clientP95Ms: 50,
  clientP99Ms: 100,
  drainSeconds: 10,
  e2eP99Ms: 300,
};

describe("compareMetrics", () => {
  it("finds no regression when nothing moved", () => {
    expect(compareMetrics(base, base).filter((c) => c.regression)).toEqual([]);
  });

  it("names each figure that got worse beyond 20 % and the floor", () => {
    const now = { throttleOnsetRps: 700, clientP95Ms: 52, clientP99Ms: 180, drainSeconds: 11, e2eP99Ms: 900 };
    expect(
      compareMetrics(base, now)
        .filter((c) => c.regression)
        .map((c) => [c.metric, c.note]),
    ).toEqual([
      ["throttleOnsetRps", "worse by 300 (30 %)"],
      ["clientP99Ms", "worse by 80 (80 %)"],
      ["e2eP99Ms", "worse by 600 (200 %)"],
    ]);
  });

  it("ignores a large relative change that is below the absolute floor", () => {
    const tiny = { ...base, clientP95Ms: 1 };
    expect(compareMetrics(tiny, { ...tiny, clientP95Ms: 4 }).find((c) => c.metric === "clientP95Ms")?.regression).toBe(
      false,
    );
  });

  it("calls new throttling a regression, and a missing figure not comparable", () => {
    const result = compareMetrics({ ...base, throttleOnsetRps: null, e2eP99Ms: null }, base);
    expect(result.find((c) => c.metric === "throttleOnsetRps")?.regression).toBe(true);
    expect(result.find((c) => c.metric === "e2eP99Ms")).toMatchObject({
      regression: false,
      note: "not comparable (missing on one side)",
    });
  });
});

describe("scaleScenario", () => {
  it("multiplies every rate of a ramping scenario", () => {
    const scaled = scaleScenario(
      resolveScenario({
        executor: "ramping-arrival-rate",
        startRate: 10,
        timeUnit: "1s",
        stages: [{ duration: "5s", target: 100 }],
        maxInFlight: 10,
        channels: { http: 1 },
        thresholds: {},
        chaos: [],
        gracefulStop: "10s",
      }),
      3,
    );
    expect(scaled.executor === "ramping-arrival-rate" && [scaled.startRate, scaled.stages[0]?.target]).toEqual([
      30, 300,
    ]);
  });
});

describe("certificateVerdict", () => {
  const s = (status: CertifiedScenario["status"]): CertifiedScenario => ({
    scenario: "x",
    rateMultiplier: 1,
    runId: null,
    exitCode: 0,
    status,
    valid: true,
    ledgerDigest: null,
    report: null,
  });
  it.each([
    [[], "unknown"],
    [[s("pass"), s("pass")], "pass"],
    [[s("pass"), s("unknown")], "unknown"],
    [[s("unknown"), s("fail")], "fail"],
  ] as const)("%j -> %s", (scenarios, verdict) => expect(certificateVerdict(scenarios)).toBe(verdict));
});
