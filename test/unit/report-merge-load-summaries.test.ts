// A run's segments' load summaries read as one for its report: counts exact, percentiles an upper bound, a threshold
// held only where every segment held it.
import { describe, expect, it } from "vitest";
import type { LoadSecond, LoadSummary } from "../../contracts/load-summary.ts";
import { mergeLoadSummaries } from "../../reports/merge-load-summaries.ts";

const latency = (p: number, count: number) => ({ count, p50: p, p90: p, p95: p, p99: p * 2, max: p * 3 });

function second(t: number, sent: number, p: number): LoadSecond {
  return {
    t,
    planned: sent,
    sent,
    written: sent,
    dropped: 0,
    acc: sent,
    rej: 0,
    unk: 0,
    inFlight: 0,
    latency: latency(p, sent),
    sendLagP99: p / 10,
    fireLagP99: p / 20,
    status: { "202": sent },
  };
}

function segment(index: number, p: number, ok: boolean): LoadSummary {
  return {
    schemaVersion: 1,
    runId: "r",
    scenario: "steady",
    segment: { index, count: 2 },
    workers: 2,
    startedAt: 1_000 + index,
    endedAt: 5_000 + index,
    plannedArrivals: 120,
    sent: 120,
    dropped: 0,
    acc: 119,
    rej: 1,
    unk: 0,
    byChannel: { http: { sent: 120, acc: 119, rej: 1, unk: 0 } },
    status: { "202": 119, "429": 1 },
    latency: { intended: latency(p, 120), actual: latency(p, 120) },
    thresholds: [{ metric: "http_req_duration", expression: "p(95)<500", ok, value: p, abortOnFail: false }],
    aborted: null,
    interrupted: false,
    perSecond: [second(1, 60, p), second(2, 60, p)],
  };
}

describe("mergeLoadSummaries", () => {
  it("adds the counts, keeps the highest percentiles, and holds a threshold only where every segment held it", () => {
    const merged = mergeLoadSummaries([segment(1, 10, true), segment(2, 30, false)]);
    expect(merged).toMatchObject({
      segment: null,
      workers: 4,
      startedAt: 1_001,
      endedAt: 5_002,
      plannedArrivals: 240,
      sent: 240,
      acc: 238,
      rej: 2,
      byChannel: { http: { sent: 240, acc: 238, rej: 2, unk: 0 } },
      status: { "202": 238, "429": 2 },
      latency: { intended: { count: 240, p50: 30, p99: 60, max: 90 } },
      thresholds: [
        { metric: "http_req_duration", expression: "p(95)<500", ok: false, value: null, abortOnFail: false },
      ],
    });
    expect(merged.perSecond.map((s) => [s.t, s.sent, s.written, s.latency?.p99, s.sendLagP99, s.status])).toEqual([
      [1, 120, 120, 60, 3, { "202": 120 }],
      [2, 120, 120, 60, 3, { "202": 120 }],
    ]);
  });

  it("holds a threshold that every segment held, with its value when they agree", () => {
    const [threshold] = mergeLoadSummaries([segment(1, 10, true), segment(2, 10, true)]).thresholds;
    expect(threshold).toMatchObject({ ok: true, value: 10 });
  });
});

describe("a flow's steps over segments", () => {
  it("adds the counts, keeps the highest percentiles, and leaves a declarative run without steps", () => {
    const a: LoadSummary = {
      ...segment(1, 10, true),
      steps: { token: { calls: 10, acc: 9, rej: 1, unk: 0, duration: latency(10, 10) } },
    };
    const b: LoadSummary = {
      ...segment(2, 30, true),
      steps: {
        token: { calls: 5, acc: 5, rej: 0, unk: 0, duration: latency(30, 5) },
        order: { calls: 4, acc: 3, rej: 0, unk: 1, duration: null },
      },
    };
    expect(mergeLoadSummaries([a, b]).steps).toEqual({
      token: { calls: 15, acc: 14, rej: 1, unk: 0, duration: latency(30, 15) },
      order: { calls: 4, acc: 3, rej: 0, unk: 1, duration: null },
    });
    expect("steps" in mergeLoadSummaries([segment(1, 10, true), segment(2, 30, true)])).toBe(false);
  });
});
