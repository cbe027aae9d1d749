// A log-linear latency histogram (HdrHistogram's layout, 2 significant digits): fixed memory, mergeable, cheap to record.
//
// Values are recorded in microseconds. Below 256 µs every value has its own bucket; above, each power of two is
// split into 128 linear sub-buckets, so a recorded value is off by at most 1/128 (< 0.8%). 3,328 counters cover
// 0 µs .. 71 minutes, the same for a 10-second smoke and a 30-minute soak: memory stays flat however long the run.

const subBits = 7;
const subCount = 1 << subBits; // 128
const linearLimit = subCount << 1; // 256
export const bucketCount = (32 - subBits) * subCount + subCount; // 3,328
const maxMicros = 0xffff_ffff;

export function bucketOf(micros: number): number {
  const v = micros <= 0 ? 0 : micros >= maxMicros ? maxMicros : Math.floor(micros);
  if (v < linearLimit) return v;
  const shift = 31 - Math.clz32(v) - subBits;
  return shift * subCount + (v >>> shift);
}

/** The highest value (µs) that lands in a bucket: percentiles answer with it, so they never understate. */
export function bucketHigh(index: number): number {
  if (index < linearLimit) return index;
  const shift = Math.floor(index / subCount) - 1;
  const mantissa = index - shift * subCount;
  return (mantissa + 1) * 2 ** shift - 1;
}

export class Histogram {
  readonly counts: Uint32Array;
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = 0;

  constructor(counts: Uint32Array = new Uint32Array(bucketCount)) {
    this.counts = counts;
  }

  /** Records a duration given in milliseconds. */
  recordMs(ms: number): void {
    const micros = ms * 1000;
    const index = bucketOf(micros);
    this.counts[index] = (this.counts[index] as number) + 1;
    this.count++;
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
  }

  /** Adds a snapshot (from another thread, or another histogram of this one). */
  merge(other: HistogramData): void {
    if (other.count === 0) return;
    const counts = this.counts;
    const pairs = other.buckets;
    for (let i = 0; i < pairs.length; i += 2) {
      const at = pairs[i] as number;
      counts[at] = (counts[at] as number) + (pairs[i + 1] as number);
    }
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  /** The value (ms) at or below which `p` percent of the recorded values lie; null when empty. */
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    if (p >= 100) return this.max;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    const counts = this.counts;
    for (let i = 0; i < bucketCount; i++) {
      seen += counts[i] as number;
      if (seen >= rank) return Math.min(bucketHigh(i) / 1000, this.max);
    }
    return this.max;
  }

  mean(): number | null {
    return this.count === 0 ? null : this.sum / this.count;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sum = 0;
    this.min = Number.POSITIVE_INFINITY;
    this.max = 0;
  }

  /**
   * A compact copy that can cross a worker boundary: the non-empty buckets only (a second's latencies fill a few
   * hundred of the 3,328 at most), as a plain array. Full copies of the counters, four per second per shard, piled up
   * off-heap on the main thread, which allocates little and so collects rarely (docs/engine-performance.md, "Memory of
   * shard threads and histograms").
   */
  snapshot(): HistogramData {
    const buckets: number[] = [];
    const counts = this.counts;
    if (this.count > 0)
      for (let i = 0; i < bucketCount; i++) {
        const c = counts[i] as number;
        if (c !== 0) buckets.push(i, c);
      }
    return { buckets, count: this.count, sum: this.sum, min: this.min, max: this.max };
  }

  static from(data: HistogramData): Histogram {
    const h = new Histogram();
    h.merge(data);
    return h;
  }
}

export interface HistogramData {
  /** Bucket index and count, pairs in one array, for the non-empty buckets. */
  buckets: number[];
  count: number;
  sum: number;
  min: number;
  max: number;
}
