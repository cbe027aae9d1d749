// The mapping from closed seconds to exported instruments: cumulative sums by channel/outcome/step, histograms, times.
import { type DataPoint, DataPointType, type Histogram, type MetricData } from "@opentelemetry/sdk-metrics";
import { describe, expect, it } from "vitest";
import type { LoadSecond } from "../../contracts/load-summary.ts";
import { Histogram as EngineHistogram } from "../../loadtests/engine/histogram.ts";
import type { SecondDetail } from "../../loadtests/engine/index.ts";
import { latencyBoundsSeconds } from "../../runner/outputs/instruments.ts";
import { LoadMetrics } from "../../runner/outputs/load-metrics.ts";

const labels = { runId: "r1", target: "local", scenario: "smoke" };
const run = { "harness.run.id": "r1", "harness.target": "local", "harness.scenario": "smoke" };

function row(t: number, counts: Partial<LoadSecond> = {}): LoadSecond {
  return {
    t,
    planned: 0,
    sent: 0,
    written: 0,
    dropped: 0,
    acc: 0,
    rej: 0,
    unk: 0,
    inFlight: 0,
    latency: null,
    sendLagP99: null,
    fireLagP99: null,
    status: {},
    ...counts,
  };
}

function histogramOf(...ms: number[]) {
  const h = new EngineHistogram();
  for (const v of ms) h.recordMs(v);
  return h.snapshot();
}

function detail(input: Partial<SecondDetail> = {}): SecondDetail {
  return { byChannel: {}, steps: {}, latency: histogramOf(), sendLag: histogramOf(), ...input };
}

/** name -> the data points, with attributes minus the run's three (asserted once on every point). */
function byName(metrics: MetricData[]): Record<string, Array<{ attributes: Record<string, unknown>; value: unknown }>> {
  const out: Record<string, Array<{ attributes: Record<string, unknown>; value: unknown }>> = {};
  for (const m of metrics) {
    out[m.descriptor.name] = (m.dataPoints as Array<DataPoint<unknown>>).map((p) => {
      expect(p.attributes).toMatchObject(run);
      const { "harness.run.id": _, "harness.target": __, "harness.scenario": ___, ...rest } = p.attributes;
      return { attributes: rest, value: p.value };
    });
  }
  return out;
}

describe("LoadMetrics", () => {
  it("has nothing to export before the first second", () => {
    expect(new LoadMetrics(labels).collect()).toEqual([]);
  });

  it("maps a row and its detail to sums by channel and outcome, a gauge and two histograms", () => {
    const metrics = new LoadMetrics(labels);
    metrics.start(99_500);
    metrics.add(
      row(100, { planned: 12, sent: 11, written: 10, dropped: 1, acc: 8, rej: 2, unk: 1, inFlight: 4 }),
      detail({
        byChannel: { http: { sent: 9, acc: 7, rej: 2, unk: 0 }, sqs: { sent: 2, acc: 1, rej: 0, unk: 1 } },
        latency: histogramOf(0.5, 3, 3, 120),
        sendLag: histogramOf(2),
      }),
    );
    const data = metrics.collect();
    expect(data.map((m) => [m.descriptor.name, m.dataPointType])).toEqual([
      ["harness.load.planned", DataPointType.SUM],
      ["harness.load.sent", DataPointType.SUM],
      ["harness.load.written", DataPointType.SUM],
      ["harness.load.dropped", DataPointType.SUM],
      ["harness.load.outcomes", DataPointType.SUM],
      ["harness.load.in_flight", DataPointType.GAUGE],
      ["harness.load.latency", DataPointType.HISTOGRAM],
      ["harness.load.send_lag", DataPointType.HISTOGRAM],
    ]);
    const points = byName(data);
    expect(points["harness.load.planned"]).toEqual([{ attributes: {}, value: 12 }]);
    expect(points["harness.load.sent"]).toEqual([
      { attributes: { "harness.channel": "http" }, value: 9 },
      { attributes: { "harness.channel": "sqs" }, value: 2 },
    ]);
    expect(points["harness.load.written"]).toEqual([{ attributes: {}, value: 10 }]);
    expect(points["harness.load.dropped"]).toEqual([{ attributes: {}, value: 1 }]);
    expect(points["harness.load.outcomes"]).toEqual([
      { attributes: { "harness.channel": "http", "harness.outcome": "accepted" }, value: 7 },
      { attributes: { "harness.channel": "http", "harness.outcome": "rejected" }, value: 2 },
      { attributes: { "harness.channel": "http", "harness.outcome": "unknown" }, value: 0 },
      { attributes: { "harness.channel": "sqs", "harness.outcome": "accepted" }, value: 1 },
      { attributes: { "harness.channel": "sqs", "harness.outcome": "rejected" }, value: 0 },
      { attributes: { "harness.channel": "sqs", "harness.outcome": "unknown" }, value: 1 },
    ]);
    expect(points["harness.load.in_flight"]).toEqual([{ attributes: {}, value: 4 }]);
    const latency = points["harness.load.latency"]?.[0]?.value as Histogram;
    // 0.5 ms <= 1 ms; 3 ms twice in (2.5, 5] ms; 120 ms in (100, 250] ms: bounds are seconds.
    const counts = new Array(latencyBoundsSeconds.length + 1).fill(0);
    counts[0] = 1;
    counts[latencyBoundsSeconds.indexOf(0.005)] = 2;
    counts[latencyBoundsSeconds.indexOf(0.25)] = 1;
    expect(latency.buckets).toEqual({ boundaries: [...latencyBoundsSeconds], counts });
    expect(latency.count).toBe(4);
    expect(latency.sum).toBeCloseTo(0.1265, 6);
    expect([latency.min, latency.max]).toEqual([0.0005, 0.12]);
    // Cumulative from the load's start to the end of the newest second.
    for (const m of data.filter((d) => d.dataPointType !== DataPointType.GAUGE))
      for (const p of m.dataPoints)
        expect([p.startTime, p.endTime]).toEqual([
          [99, 500_000_000],
          [101, 0],
        ]);
  });

  it("adds each second to the totals: a later collect holds both, and its interval ends one second later", () => {
    const metrics = new LoadMetrics(labels);
    const http = (sent: number, acc: number) => detail({ byChannel: { http: { sent, acc, rej: 0, unk: 0 } } });
    metrics.add(row(100, { planned: 5, sent: 5, acc: 5 }), http(5, 5));
    metrics.add(row(101), detail());
    metrics.add(
      row(102, { planned: 7, sent: 7, acc: 6, unk: 1 }),
      detail({ byChannel: { http: { sent: 7, acc: 6, rej: 0, unk: 1 } } }),
    );
    const data = metrics.collect();
    const points = byName(data);
    expect(points["harness.load.planned"]).toEqual([{ attributes: {}, value: 12 }]);
    expect(points["harness.load.sent"]).toEqual([{ attributes: { "harness.channel": "http" }, value: 12 }]);
    expect(points["harness.load.outcomes"]?.map((p) => p.value)).toEqual([11, 0, 1]);
    expect(metrics.intervals).toBe(3);
    // Without a load-start, the first row's second is the start.
    expect([data[0]?.dataPoints[0]?.startTime, data[0]?.dataPoints[0]?.endTime]).toEqual([
      [100, 0],
      [103, 0],
    ]);
  });

  it("counts what no channel accounts for under channel unknown, so the totals always equal the rows'", () => {
    const metrics = new LoadMetrics(labels);
    metrics.add(row(100, { sent: 4, acc: 3, rej: 1 }), undefined);
    const points = byName(metrics.collect());
    expect(points["harness.load.sent"]).toEqual([{ attributes: { "harness.channel": "unknown" }, value: 4 }]);
    expect(points["harness.load.outcomes"]?.map((p) => p.value)).toEqual([3, 1, 0]);
    expect((points["harness.load.latency"]?.[0]?.value as Histogram | undefined)?.count).toBe(0);
  });

  it("exports a flow's steps by step and outcome", () => {
    const metrics = new LoadMetrics(labels);
    const steps = { create: { calls: 3, acc: 2, rej: 0, unk: 1 }, confirm: { calls: 2, acc: 2, rej: 0, unk: 0 } };
    metrics.add(
      row(100, { sent: 2, acc: 2 }),
      detail({ byChannel: { http: { sent: 2, acc: 2, rej: 0, unk: 0 } }, steps }),
    );
    const points = byName(metrics.collect());
    expect(points["harness.flow.step.calls"]).toEqual([
      { attributes: { "harness.flow.step": "create", "harness.outcome": "accepted" }, value: 2 },
      { attributes: { "harness.flow.step": "create", "harness.outcome": "rejected" }, value: 0 },
      { attributes: { "harness.flow.step": "create", "harness.outcome": "unknown" }, value: 1 },
      { attributes: { "harness.flow.step": "confirm", "harness.outcome": "accepted" }, value: 2 },
      { attributes: { "harness.flow.step": "confirm", "harness.outcome": "rejected" }, value: 0 },
      { attributes: { "harness.flow.step": "confirm", "harness.outcome": "unknown" }, value: 0 },
    ]);
  });
});
