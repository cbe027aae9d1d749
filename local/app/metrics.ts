// In-process CloudWatch metrics under AWS's names: counters, timings and peak gauges, drained into PutMetricData batches.
import type { MetricDatum } from "@aws-sdk/client-cloudwatch";

export type Namespace = "AWS/Lambda" | "AWS/ApiGateway" | "AWS/Events";

interface Series {
  namespace: Namespace;
  name: string;
  dimensions: Record<string, string>;
  unit: "Count" | "Milliseconds";
  kind: "sum" | "timing" | "peak";
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** One series per namespace, name and dimensions; cumulative totals survive the drains for `stats`. */
export class MetricsRegistry {
  private readonly series = new Map<string, Series>();
  private readonly totals = new Map<string, number>();

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

  /** Everything observed since the last drain, as CloudWatch data points stamped `at`. */
  drain(at: Date): Map<Namespace, MetricDatum[]> {
    const out = new Map<Namespace, MetricDatum[]>();
    for (const s of this.series.values()) {
      if (s.count === 0) continue;
      const datum: MetricDatum = {
        MetricName: s.name,
        Dimensions: Object.entries(s.dimensions).map(([Name, Value]) => ({ Name, Value })),
        Timestamp: at,
        Unit: s.unit,
      };
      if (s.kind === "sum") datum.Value = s.sum;
      else if (s.kind === "peak") datum.Value = s.max;
      else datum.StatisticValues = { SampleCount: s.count, Sum: s.sum, Minimum: s.min, Maximum: s.max };
      const list = out.get(s.namespace) ?? [];
      list.push(datum);
      out.set(s.namespace, list);
      s.count = 0;
      s.sum = 0;
      s.min = Number.POSITIVE_INFINITY;
      s.max = Number.NEGATIVE_INFINITY;
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
    const key = `${namespace}\u0000${name}\u0000${JSON.stringify(dimensions)}`;
    let s = this.series.get(key);
    if (s === undefined) {
      s = {
        namespace,
        name,
        dimensions,
        unit,
        kind,
        count: 0,
        sum: 0,
        min: Number.POSITIVE_INFINITY,
        max: Number.NEGATIVE_INFINITY,
      };
      this.series.set(key, s);
    }
    return s;
  }
}
