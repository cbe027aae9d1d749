// The app's metrics registry: what one drain turns into CloudWatch data, and the cumulative stats.
import { describe, expect, it } from "vitest";
import { MetricsRegistry } from "../../local/app/metrics.ts";

describe("MetricsRegistry", () => {
  it("drains sums, timings and peaks per series, then starts afresh", () => {
    const m = new MetricsRegistry({ now: () => 0 });
    const fn = { FunctionName: "f" };
    m.count("AWS/Lambda", "Invocations", fn);
    m.count("AWS/Lambda", "Invocations", fn, 2);
    m.timing("AWS/Lambda", "Duration", fn, 10);
    m.timing("AWS/Lambda", "Duration", fn, 30);
    m.peak("AWS/Lambda", "ConcurrentExecutions", fn, 3);
    m.peak("AWS/Lambda", "ConcurrentExecutions", fn, 1);
    m.tally("local:RecordsFailed", 4);
    const at = new Date(0);
    const dims = [{ Name: "FunctionName", Value: "f" }];
    expect(m.drain().get("AWS/Lambda")).toEqual([
      { MetricName: "Invocations", Dimensions: dims, Timestamp: at, Unit: "Count", Value: 3 },
      {
        MetricName: "Duration",
        Dimensions: dims,
        Timestamp: at,
        Unit: "Milliseconds",
        StatisticValues: { SampleCount: 2, Sum: 40, Minimum: 10, Maximum: 30 },
      },
      { MetricName: "ConcurrentExecutions", Dimensions: dims, Timestamp: at, Unit: "Count", Value: 3 },
    ]);
    expect(m.drain().size).toBe(0);
    expect(m.stats()).toEqual({ "AWS/Lambda:Invocations": 3, "local:RecordsFailed": 4 });
  });

  it("stamps a data point with the start of the period its observations fell in, not with the flush time", () => {
    let now = 12_300;
    const m = new MetricsRegistry({ now: () => now, periodMs: 1_000 });
    const fn = { FunctionName: "f" };
    m.count("AWS/Lambda", "Throttles", fn);
    now = 12_900;
    m.count("AWS/Lambda", "Throttles", fn, 2);
    now = 13_050;
    m.count("AWS/Lambda", "Throttles", fn, 4);
    now = 17_000; // the publisher flushes seconds later
    const points = (m.drain().get("AWS/Lambda") ?? []).map((d) => [d.Timestamp?.getTime(), d.Value]);
    expect(points).toEqual([
      [12_000, 3],
      [13_000, 4],
    ]);
    expect(m.drain().size).toBe(0);
  });
});
