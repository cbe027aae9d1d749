// LatencyHistogram: exact below 2 s, within 0.1% above, never under-reporting a percentile.
import { describe, expect, it } from "vitest";
import { LatencyHistogram } from "../../verifier/histogram.ts";

describe("LatencyHistogram", () => {
  it("is exact for small values (nearest-rank percentiles)", () => {
    const h = new LatencyHistogram();
    for (let v = 1; v <= 100; v++) h.record(v);
    expect([h.percentile(50), h.percentile(90), h.percentile(99), h.percentile(100), h.max, h.count]).toEqual([
      50, 90, 99, 100, 100, 100,
    ]);
  });

  it("stays within 0.1% above 2 s and never reports below the true value", () => {
    const h = new LatencyHistogram();
    const values = [2047, 2048, 5_000, 123_456, 3_600_000];
    for (const v of values) h.record(v);
    values.forEach((v, i) => {
      const p = h.percentile(((i + 1) / values.length) * 100);
      expect(p).toBeGreaterThanOrEqual(v);
      expect(p).toBeLessThanOrEqual(v * 1.001);
    });
  });

  it("counts negative latencies (clock skew) as 0 and reports them", () => {
    const h = new LatencyHistogram();
    h.record(-5);
    h.record(Number.NaN);
    expect([h.count, h.negative, h.percentile(50)]).toEqual([1, 1, 0]);
  });

  it("merges", () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    a.record(10);
    b.record(30);
    a.merge(b);
    expect([a.count, a.percentile(100), a.max]).toEqual([2, 30, 30]);
  });
});
