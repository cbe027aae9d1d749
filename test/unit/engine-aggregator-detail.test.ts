// The detail a live watcher gets with each closed row: the second's counts by channel and step, and its histograms.
import { describe, expect, it } from "vitest";
import type { LoadSecond } from "../../contracts/load-summary.ts";
import { Aggregator, type SecondDetail } from "../../loadtests/engine/aggregator.ts";
import { Histogram } from "../../loadtests/engine/histogram.ts";
import { SecondStats } from "../../loadtests/engine/second-stats.ts";

function second(t: number, http: number, sqs: number, latencyMs: number) {
  const s = new SecondStats(t);
  s.sent = http + sqs;
  s.acc = http;
  s.rej = sqs;
  s.channel("http").sent = http;
  s.channel("http").acc = http;
  s.channel("sqs").sent = sqs;
  s.channel("sqs").rej = sqs;
  for (let i = 0; i < http + sqs; i++) {
    s.intended.recordMs(latencyMs);
    s.lag.recordMs(1);
  }
  s.step("create", latencyMs, "acc");
  s.step("create", latencyMs, "rej");
  return s.data();
}

describe("Aggregator live detail", () => {
  it("gives each closed row its channels, steps and histograms, both shards merged; gap rows an empty detail", () => {
    const seen: Array<{ row: LoadSecond; detail: SecondDetail }> = [];
    const agg = new Aggregator(2, (row, detail) => seen.push({ row, detail }));
    agg.add(0, { closed: [second(100, 3, 1, 5), second(102, 1, 0, 7)], through: 103, inFlight: 0 });
    agg.add(1, { closed: [second(100, 2, 0, 50)], through: 103, inFlight: 0 });
    agg.finish();

    expect(seen.map((s) => s.row.t)).toEqual([100, 101, 102]);
    const [first, gap, third] = seen;
    expect(first?.detail.byChannel).toEqual({
      http: { sent: 5, acc: 5, rej: 0, unk: 0 },
      sqs: { sent: 1, acc: 0, rej: 1, unk: 0 },
    });
    expect(first?.detail.steps).toEqual({ create: { calls: 4, acc: 2, rej: 2, unk: 0 } });
    const latency = Histogram.from(first?.detail.latency as SecondDetail["latency"]);
    expect([latency.count, latency.min, latency.max]).toEqual([6, 5, 50]);
    expect(first?.detail.sendLag.count).toBe(6);
    expect(gap?.detail).toEqual({
      byChannel: {},
      steps: {},
      latency: expect.objectContaining({ count: 0, buckets: [] }),
      sendLag: expect.objectContaining({ count: 0, buckets: [] }),
    });
    expect(third?.detail.byChannel).toEqual({ http: { sent: 1, acc: 1, rej: 0, unk: 0 } });
    // The snapshot is the second's own: the reused histograms were reset only after it was taken.
    expect(third?.detail.latency.count).toBe(1);
  });
});
