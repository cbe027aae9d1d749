// Latency histogram (HdrHistogram-like, ~0.1% precision): fixed memory however many values, exact counts, percentiles.

const exactBits = 11;
const exact = 1 << exactBits; // values below 2048 ms are kept exactly
const subBuckets = exact >>> 1; // 1024 sub-buckets per power of two above that
const maxExponent = 32;

/** A histogram's state as plain data (e.g. sent from another thread). */
export interface HistogramData {
  readonly counts: Float64Array;
  readonly count: number;
  readonly max: number;
  readonly negative: number;
}

export class LatencyHistogram implements HistogramData {
  readonly counts = new Float64Array(exact + maxExponent * subBuckets);
  count = 0;
  max = 0;
  /** Values below zero (clock skew between sender and sink): counted as 0, and reported. */
  negative = 0;

  record(valueMs: number): void {
    if (!Number.isFinite(valueMs)) return;
    let v = Math.round(valueMs);
    if (v < 0) {
      this.negative++;
      v = 0;
    }
    const counts = this.counts;
    counts[bucketOf(v)] = (counts[bucketOf(v)] as number) + 1;
    this.count++;
    if (v > this.max) this.max = v;
  }

  merge(other: HistogramData): void {
    for (let i = 0; i < other.counts.length; i++)
      this.counts[i] = (this.counts[i] as number) + (other.counts[i] as number);
    this.count += other.count;
    this.negative += other.negative;
    if (other.max > this.max) this.max = other.max;
  }

  /** The smallest recorded value v such that at least p% of values are <= v (nearest rank), bucket-rounded. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] as number;
      if (seen >= rank) return Math.min(upperValueOf(i), this.max);
    }
    return this.max;
  }
}

function bucketOf(v: number): number {
  if (v < exact) return v;
  const e = Math.min(Math.floor(Math.log2(v)) - (exactBits - 1), maxExponent);
  const sub = Math.floor(v / 2 ** e) - subBuckets;
  return exact + (e - 1) * subBuckets + Math.min(sub, subBuckets - 1);
}

/** Highest value that falls in bucket i, so percentiles never under-report. */
function upperValueOf(i: number): number {
  if (i < exact) return i;
  const e = Math.floor((i - exact) / subBuckets) + 1;
  const sub = ((i - exact) % subBuckets) + subBuckets;
  return (sub + 1) * 2 ** e - 1;
}
