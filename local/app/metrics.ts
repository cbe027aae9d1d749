// In-process CloudWatch metrics under AWS's names: counters, timings and peak gauges, drained into PutMetricData batches.
import type { MetricDatum } from "@aws-sdk/client-cloudwatch";

/** AWS's namespaces, and Local/Lambda for what Lambda does not publish but the local target shows (cold starts). */
export type Namespace = "AWS/Lambda" | "AWS/ApiGateway" | "AWS/Events" | "AWS/States" | "Local/Lambda";

interface Series {
  namespace: Namespace;
  name: string;
  dimensions: Record<string, string>;
  unit: "Count" | "Milliseconds";
  kind: "sum" | "timing" | "peak";
  /** Epoch ms the accumulation began its period: the data point's timestamp, as AWS stamps a period's data. */
  period: number;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/**
 * One series per namespace, name and dimensions; cumulative totals survive the drains for `stats`. Observations are
 * kept per period of `periodMs` and a data point is stamped with its period's start, not with the flush time: a
 * point stamped when it was published would fall a period after the traffic that made it.
 */
export class MetricsRegistry {
  private readonly series = new Map<string, Series>();
  private readonly totals = new Map<string, number>();
  /** Data points of periods that closed before the next drain. */
  private closed: Array<[Namespace, MetricDatum]> = [];
  private readonly now: () => number;
  private readonly periodMs: number;

  constructor(options: { now?: () => number; periodMs?: number } = {}) {
    this.now = options.now ?? Date.now;
    this.periodMs = options.periodMs ?? 1_000;
  }

  count(namespace: Namespace, name: string, dimensions: Record<string, string>, value = 1): void {
    const s = this.get(namespace, name, dimensions, "sum", "Count");
    s.count += 1;
    s.sum += value;
    const key = `${namespace}:${name}`;
    this.totals.set(key, (this.totals.get(key) ?? 0) + value);
  }

  /** A counter kept for `stats` only, never published (no AWS metric has its meaning). */
  tally(name: string, value = 1): void {
    this.totals.set(name, (this.totals.get(name) ?? 0) + value);
  }

  timing(namespace: Namespace, name: string, dimensions: Record<string, string>, ms: number): void {
    const s = this.get(namespace, name, dimensions, "timing", "Milliseconds");
    s.count += 1;
    s.sum += ms;
    s.min = Math.min(s.min, ms);
    s.max = Math.max(s.max, ms);
  }

  /** A level whose peak per period matters (ConcurrentExecutions is reported as its Maximum). */
  peak(namespace: Namespace, name: string, dimensions: Record<string, string>, value: number): void {
    const s = this.get(namespace, name, dimensions, "peak", "Count");
    s.count += 1;
    s.max = Math.max(s.max, value);
  }

  /** Everything observed since the last drain, as CloudWatch data points stamped with the start of their period. */
  drain(): Map<Namespace, MetricDatum[]> {
    const out = new Map<Namespace, MetricDatum[]>();
    const add = (namespace: Namespace, datum: MetricDatum) => {
      const list = out.get(namespace) ?? [];
      list.push(datum);
      out.set(namespace, list);
    };
    for (const [namespace, datum] of this.closed) add(namespace, datum);
    this.closed = [];
    for (const s of this.series.values()) {
      if (s.count === 0) continue;
      add(s.namespace, datumOf(s));
      reset(s);
    }
    return out;
  }

  /** Cumulative sums since start, keyed `Namespace:MetricName` or a tally's name (for the control endpoint and tests). */
  stats(): Record<string, number> {
    return Object.fromEntries([...this.totals].sort(([a], [b]) => a.localeCompare(b)));
  }

  private get(
    namespace: Namespace,
    name: string,
    dimensions: Record<string, string>,
    kind: Series["kind"],
    unit: Series["unit"],
  ): Series {
    const key = `${namespace}\u0000${name}\u0000${dimensionsKey(dimensions)}`;
    const now = this.now();
    const period = now - (now % this.periodMs);
    let s = this.series.get(key);
    if (s === undefined) {
      s = {
        namespace,
        name,
        dimensions,
        unit,
        kind,
        period,
        count: 0,
        sum: 0,
        min: Number.POSITIVE_INFINITY,
        max: Number.NEGATIVE_INFINITY,
      };
      this.series.set(key, s);
    } else if (s.count > 0 && s.period !== period) {
      // A new period began: the old one's data point is complete.
      this.closed.push([s.namespace, datumOf(s)]);
      reset(s);
    }
    s.period = period;
    return s;
  }
}

/** Callers keep one dimensions object per series, so its key is built once, not on every data point. */
const dimensionKeys = new WeakMap<Record<string, string>, string>();
function dimensionsKey(dimensions: Record<string, string>): string {
  let key = dimensionKeys.get(dimensions);
  if (key === undefined) {
    key = JSON.stringify(dimensions);
    dimensionKeys.set(dimensions, key);
  }
  return key;
}

function datumOf(s: Series): MetricDatum {
  const datum: MetricDatum = {
    MetricName: s.name,
    Dimensions: Object.entries(s.dimensions).map(([Name, Value]) => ({ Name, Value })),
    Timestamp: new Date(s.period),
    Unit: s.unit,
  };
  if (s.kind === "sum") datum.Value = s.sum;
  else if (s.kind === "peak") datum.Value = s.max;
  else datum.StatisticValues = { SampleCount: s.count, Sum: s.sum, Minimum: s.min, Maximum: s.max };
  return datum;
}

function reset(s: Series): void {
  s.count = 0;
  s.sum = 0;
  s.min = Number.POSITIVE_INFINITY;
  s.max = Number.NEGATIVE_INFINITY;
}
