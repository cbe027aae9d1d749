// k6 thresholds: parsing (with errors before any load), evaluation on totals, abortOnFail with delayAbortEval.
import { describe, expect, it } from "vitest";
import { scenarioSchema } from "../../config/schema-scenario.ts";
import { ThresholdConfigError } from "../../loadtests/engine/errors.ts";
import { Histogram } from "../../loadtests/engine/histogram.ts";
import {
  abortingThreshold,
  evaluate,
  type MetricsView,
  parseThreshold,
  parseThresholds,
} from "../../loadtests/engine/thresholds.ts";

function view(partial: Partial<MetricsView> & { durations?: number[] } = {}): MetricsView {
  const duration = new Histogram();
  for (const d of partial.durations ?? []) duration.recordMs(d);
  return {
    duration,
    intended: partial.intended ?? duration,
    completed: partial.completed ?? 0,
    failed: partial.failed ?? 0,
    sent: partial.sent ?? 0,
    dropped: partial.dropped ?? 0,
    elapsedMs: partial.elapsedMs ?? 10_000,
  };
}

const hundred = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100 ms

describe("parseThreshold", () => {
  it.each([
    ["http_req_duration", "p(95)<500", { aggregation: "p", percentile: 95, operator: "<", bound: 500 }],
    ["http_req_duration", " p(99.9) <= 1200.5 ", { aggregation: "p", percentile: 99.9, operator: "<=", bound: 1200.5 }],
    ["http_req_intended", "avg<200", { aggregation: "avg", operator: "<", bound: 200 }],
    ["http_req_failed", "rate<0.01", { aggregation: "rate", operator: "<", bound: 0.01 }],
    ["iterations", "count>100", { aggregation: "count", operator: ">", bound: 100 }],
    ["dropped_iterations", "count==0", { aggregation: "count", operator: "==", bound: 0 }],
  ])("%s %s", (metric, expression, expected) => {
    expect(parseThreshold(metric, expression)).toMatchObject({ metric, ...expected, abortOnFail: false });
  });

  it.each([
    ["http_reqs_total", "count>1", "names a metric the engine does not produce"],
    ["http_req_duration", "p95<500", "is not a k6 threshold expression"],
    ["http_req_duration", "rate<0.1", "a trend metric does not have"],
    ["http_req_failed", "p(95)<1", "a rate metric does not have"],
    ["http_req_duration", "p(101)<1", "percentile above 100"],
  ])("refuses %s %s (exit 4)", (metric, expression, reason) => {
    const attempt = () => parseThreshold(metric, expression);
    expect(attempt).toThrow(ThresholdConfigError);
    expect(attempt).toThrow(reason);
    try {
      attempt();
    } catch (error) {
      expect((error as ThresholdConfigError).exitCode).toBe(4);
    }
  });

  it("reads a scenario's thresholds, plain and with abort options", () => {
    const scenario = scenarioSchema.parse({
      executor: "constant-arrival-rate",
      rate: 1,
      duration: "1s",
      thresholds: {
        http_req_failed: ["rate<0.05", { threshold: "rate<0.5", abortOnFail: true, delayAbortEval: "5s" }],
      },
    });
    expect(parseThresholds(scenario).map((t) => [t.expression, t.abortOnFail, t.delayAbortEvalMs])).toEqual([
      ["rate<0.05", false, 0],
      ["rate<0.5", true, 5000],
    ]);
  });
});

describe("evaluate", () => {
  it.each([
    // Percentiles answer with their bucket's top (HdrHistogram's highest equivalent value): up to 0.8% high.
    ["http_req_duration", "p(95)<96", true, 95],
    ["http_req_duration", "p(95)<95", false, 95],
    ["http_req_duration", "med<=50.5", true, 50],
    ["http_req_duration", "avg<50", false, 50.5],
    ["http_req_duration", "max<100", false, 100],
    ["http_req_duration", "min>=1", true, 1],
    ["http_req_duration", "count==100", true, 100],
  ])("%s %s on 1..100 ms", (metric, expression, ok, value) => {
    const result = evaluate(parseThreshold(metric, expression), view({ durations: hundred }));
    expect(result).toMatchObject({ metric, expression, ok, abortOnFail: false });
    expect(result.value).toBeGreaterThanOrEqual(value);
    expect(result.value).toBeLessThanOrEqual(value * 1.008);
  });

  it("judges rates and counters", () => {
    const m = view({ completed: 200, failed: 3, sent: 200, dropped: 20, elapsedMs: 4000 });
    expect(evaluate(parseThreshold("http_req_failed", "rate<0.01"), m)).toMatchObject({ ok: false, value: 0.015 });
    expect(evaluate(parseThreshold("iterations", "rate>=50"), m)).toMatchObject({ ok: true, value: 50 });
    expect(evaluate(parseThreshold("dropped_iterations", "count<10"), m)).toMatchObject({ ok: false, value: 20 });
  });

  it("passes a threshold with no samples yet, as k6 does", () => {
    expect(evaluate(parseThreshold("http_req_duration", "p(99)<1"), view())).toMatchObject({ ok: true, value: null });
    expect(evaluate(parseThreshold("http_req_failed", "rate<0.01"), view())).toMatchObject({ ok: true, value: null });
  });
});

describe("abortingThreshold", () => {
  const thresholds = [
    parseThreshold("http_req_failed", "rate<0.1"),
    parseThreshold("http_req_failed", "rate<0.2", { abortOnFail: true, delayAbortEvalMs: 5000 }),
  ];

  it("waits for delayAbortEval, then names the failing abortOnFail threshold", () => {
    const failing = { completed: 100, failed: 50 };
    expect(abortingThreshold(thresholds, view({ ...failing, elapsedMs: 4999 }))).toBeNull();
    expect(abortingThreshold(thresholds, view({ ...failing, elapsedMs: 5000 }))).toMatchObject({
      expression: "rate<0.2",
      ok: false,
      value: 0.5,
      abortOnFail: true,
    });
  });

  it("does not abort on a failing threshold without abortOnFail", () => {
    expect(abortingThreshold(thresholds, view({ completed: 100, failed: 15, elapsedMs: 60_000 }))).toBeNull();
  });
});

describe("k6 tag filters: a flow step's own calls", () => {
  function stepView(): MetricsView {
    const token = new Histogram();
    for (let ms = 1; ms <= 100; ms++) token.recordMs(ms);
    const order = new Histogram();
    order.recordMs(500);
    return {
      ...view({ durations: [1, 2, 3], completed: 10, failed: 0 }),
      steps: {
        token: { calls: 100, acc: 100, rej: 0, unk: 0, duration: token },
        order: { calls: 4, acc: 3, rej: 1, unk: 0, duration: order },
      },
    };
  }

  it.each([
    ["http_req_duration{step:token}", "max<=100", true, 100],
    ["http_req_duration{step:order}", "p(95)<100", false, 500],
    ["http_req_failed{step:order}", "rate<0.1", false, 0.25],
    ["http_req_failed{ step : token }", "rate==0", true, 0],
    ["http_req_duration{step:nocalls}", "max<1", true, null],
    ["http_req_duration", "max<10", true, 3],
  ])("%s %s", (metric, expression, ok, value) => {
    const t = parseThreshold(metric, expression);
    expect(evaluate(t, stepView())).toMatchObject({
      metric,
      ok,
      value: value === null ? null : expect.closeTo(value, 0),
    });
  });

  it("refuses a tag filter the engine cannot apply", () => {
    expect(() => parseThreshold("http_req_intended{step:token}", "p(95)<1")).toThrow(ThresholdConfigError);
    expect(() => parseThreshold("http_req_duration{url:x}", "p(95)<1")).toThrow(/filters on the tag "url"/);
  });
});
