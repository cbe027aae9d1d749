// The log-linear histogram: bucket layout, percentile error under 1%, merging, flat memory.
import { describe, expect, it } from "vitest";
import { bucketCount, bucketHigh, bucketOf, Histogram } from "../../loadtests/engine/histogram.ts";

describe("Histogram", () => {
  it("maps every value to a bucket whose top is within 1/128 above it", () => {
    for (const v of [0, 1, 255, 256, 257, 1000, 65_535, 123_456, 9_999_999, 2 ** 31, 2 ** 32 - 2]) {
      const i = bucketOf(v);
      expect(i).toBeLessThan(bucketCount);
      expect(bucketHigh(i)).toBeGreaterThanOrEqual(v);
      expect(bucketHigh(i) - v).toBeLessThanOrEqual(Math.max(0, v / 128));
    }
    for (let i = 1; i < bucketCount; i++) expect(bucketHigh(i)).toBeGreaterThan(bucketHigh(i - 1));
  });

  it("answers percentiles within 1% of the exact value", () => {
    const h = new Histogram();
    const values: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const v = 0.05 + ((i * 7919) % 20_000) ** 1.7 / 1000;
      values.push(v);
      h.recordMs(v);
    }
    values.sort((a, b) => a - b);
    for (const p of [50, 90, 95, 99, 99.9]) {
      const exact = values[Math.ceil((p / 100) * values.length) - 1] as number;
      const got = h.percentile(p) as number;
      expect(got).toBeGreaterThanOrEqual(exact * 0.999);
      expect(got).toBeLessThanOrEqual(exact * 1.01);
    }
    expect(h.percentile(100)).toBe(values.at(-1));
    expect(h.mean()).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 6);
  });

  it("merges: two halves give the same answers as the whole", () => {
    const whole = new Histogram();
    const a = new Histogram();
    const b = new Histogram();
    for (let i = 1; i <= 1000; i++) {
      whole.recordMs(i / 10);
      (i % 2 === 0 ? a : b).recordMs(i / 10);
    }
    const merged = Histogram.from(a.snapshot());
    merged.merge(b.snapshot());
    for (const p of [1, 50, 99]) expect(merged.percentile(p)).toBe(whole.percentile(p));
    expect([merged.count, merged.min, merged.max]).toEqual([1000, 0.1, 100]);
    // A snapshot holds only the non-empty buckets, and says the same as the live histogram.
    expect(a.snapshot().buckets.length).toBe(2 * new Set([...a.counts.keys()].filter((i) => a.counts[i] !== 0)).size);
    // Merged from snapshots, every counter is what recording all the values in one histogram gave.
    expect(merged.counts).toEqual(whole.counts);
    expect(merged.sum).toBeCloseTo(whole.sum, 9);
  });

  it("is empty-safe", () => {
    const h = new Histogram();
    expect([h.percentile(99), h.mean(), h.count]).toEqual([null, null, 0]);
  });
});
