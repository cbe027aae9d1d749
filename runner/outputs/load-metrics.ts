// The run's metrics as OpenTelemetry data: each closed second's row folded into running totals, read as cumulative data points.
import type { Attributes, HrTime } from "@opentelemetry/api";
import {
  AggregationTemporality,
  DataPointType,
  type MetricData,
  type MetricDescriptor,
  type Histogram as OtelHistogram,
} from "@opentelemetry/sdk-metrics";
import type { LoadSecond } from "../../contracts/load-summary.ts";
import { bucketCount, bucketHigh } from "../../loadtests/engine/histogram.ts";
import type { HistogramData, SecondDetail } from "../../loadtests/engine/index.ts";
import { attributeNames, instruments, latencyBoundsSeconds, outcomeValues, runAttributeNames } from "./instruments.ts";

export interface RunLabels {
  runId: string;
  target: string;
  scenario: string;
}

/** For each engine histogram bucket, the exported bucket its lowest value falls in (exact to the engine's resolution). */
const exportedBucketOf: Uint8Array = (() => {
  const map = new Uint8Array(bucketCount);
  for (let i = 0; i < bucketCount; i++) {
    const lowSeconds = (i === 0 ? 0 : bucketHigh(i - 1) + 1) / 1e6;
    let k = 0;
    while (k < latencyBoundsSeconds.length && lowSeconds > (latencyBoundsSeconds[k] as number)) k++;
    map[i] = k;
  }
  return map;
})();

/** A cumulative explicit-bucket histogram in seconds, fed with the engine's per-second histograms (ms). */
class RunningHistogram {
  readonly counts = new Array<number>(latencyBoundsSeconds.length + 1).fill(0);
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  add(data: HistogramData): void {
    if (data.count === 0) return;
    const pairs = data.buckets;
    for (let i = 0; i < pairs.length; i += 2) {
      const k = exportedBucketOf[pairs[i] as number] as number;
      this.counts[k] = (this.counts[k] as number) + (pairs[i + 1] as number);
    }
    this.count += data.count;
    this.sum += data.sum / 1000;
    this.min = Math.min(this.min, data.min / 1000);
    this.max = Math.max(this.max, data.max / 1000);
  }

  value(): OtelHistogram {
    return {
      buckets: { boundaries: [...latencyBoundsSeconds], counts: [...this.counts] },
      count: this.count,
      sum: this.sum,
      ...(this.count === 0 ? {} : { min: this.min, max: this.max }),
    };
  }
}

/** Counters keyed by their attribute values, in first-seen order so exports list series stably. */
class CounterSet {
  private readonly values = new Map<string, { attributes: Attributes; value: number }>();

  add(key: string, attributes: () => Attributes, by: number): void {
    if (by === 0 && this.values.has(key)) return;
    const entry = this.values.get(key);
    if (entry === undefined) this.values.set(key, { attributes: attributes(), value: by });
    else entry.value += by;
  }

  entries(): Array<{ attributes: Attributes; value: number }> {
    return [...this.values.values()];
  }
}

export function hrTimeOf(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

/**
 * Running totals of one run. `add` folds in a closed second (the row load-summary.json keeps, and its detail by channel
 * and step); `collect` reads every series as a cumulative data point from the load's start to the end of the newest
 * second, so a collector that missed an interval still gets exact totals from the next one.
 */
export class LoadMetrics {
  private readonly run: Attributes;
  private startMs: number | undefined;
  private endMs = 0;
  private seconds = 0;
  private planned = 0;
  private written = 0;
  private dropped = 0;
  private inFlight = 0;
  private readonly sent = new CounterSet();
  private readonly outcomes = new CounterSet();
  private readonly steps = new CounterSet();
  private readonly latency = new RunningHistogram();
  private readonly sendLag = new RunningHistogram();

  constructor(labels: RunLabels) {
    this.run = {
      [runAttributeNames.runId]: labels.runId,
      [runAttributeNames.target]: labels.target,
      [runAttributeNames.scenario]: labels.scenario,
    };
  }

  /** The closed seconds folded in so far. */
  get intervals(): number {
    return this.seconds;
  }

  /** The load's time 0 (the cumulative series' start); the first row's second when never told. */
  start(ms: number): void {
    this.startMs ??= ms;
  }

  add(row: LoadSecond, detail: SecondDetail | undefined): void {
    this.startMs ??= row.t * 1000;
    this.endMs = (row.t + 1) * 1000;
    this.seconds++;
    this.planned += row.planned;
    this.written += row.written ?? 0;
    this.dropped += row.dropped;
    this.inFlight = row.inFlight;
    // By channel from the detail; whatever the detail does not account for still counts, under channel "unknown".
    let sent = row.sent;
    const left = { acc: row.acc, rej: row.rej, unk: row.unk };
    for (const [channel, c] of Object.entries(detail?.byChannel ?? {})) {
      this.addChannel(channel, c.sent, c);
      sent -= c.sent;
      left.acc -= c.acc;
      left.rej -= c.rej;
      left.unk -= c.unk;
    }
    if (sent !== 0 || left.acc !== 0 || left.rej !== 0 || left.unk !== 0) this.addChannel("unknown", sent, left);
    for (const [step, s] of Object.entries(detail?.steps ?? {}))
      for (const outcome of ["acc", "rej", "unk"] as const)
        this.steps.add(
          `${step}\u0000${outcome}`,
          () => ({ ...this.run, [attributeNames.step]: step, [attributeNames.outcome]: outcomeValues[outcome] }),
          s[outcome],
        );
    if (detail !== undefined) {
      this.latency.add(detail.latency);
      this.sendLag.add(detail.sendLag);
    }
  }

  private addChannel(channel: string, sent: number, counts: { acc: number; rej: number; unk: number }): void {
    this.sent.add(channel, () => ({ ...this.run, [attributeNames.channel]: channel }), sent);
    for (const outcome of ["acc", "rej", "unk"] as const)
      this.outcomes.add(
        `${channel}\u0000${outcome}`,
        () => ({ ...this.run, [attributeNames.channel]: channel, [attributeNames.outcome]: outcomeValues[outcome] }),
        counts[outcome],
      );
  }

  /** Every series as of the newest second; empty before the first one. */
  collect(): MetricData[] {
    if (this.seconds === 0) return [];
    const startTime = hrTimeOf(this.startMs as number);
    const endTime = hrTimeOf(this.endMs);
    const point = <T>(attributes: Attributes, value: T) => ({ startTime, endTime, attributes, value });
    const sum = (
      descriptor: MetricDescriptor,
      points: Array<{ attributes: Attributes; value: number }>,
    ): MetricData => ({
      descriptor,
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.SUM,
      isMonotonic: true,
      dataPoints: points.map((p) => point(p.attributes, p.value)),
    });
    const histogram = (descriptor: MetricDescriptor, h: RunningHistogram): MetricData => ({
      descriptor,
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: [point(this.run, h.value())],
    });
    const metrics: MetricData[] = [
      sum(instruments.planned, [{ attributes: this.run, value: this.planned }]),
      sum(instruments.sent, this.sent.entries()),
      sum(instruments.written, [{ attributes: this.run, value: this.written }]),
      sum(instruments.dropped, [{ attributes: this.run, value: this.dropped }]),
      sum(instruments.outcomes, this.outcomes.entries()),
      {
        descriptor: instruments.inFlight,
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.GAUGE,
        dataPoints: [{ startTime: endTime, endTime, attributes: this.run, value: this.inFlight }],
      },
      histogram(instruments.latency, this.latency),
      histogram(instruments.sendLag, this.sendLag),
    ];
    const steps = this.steps.entries();
    if (steps.length > 0) metrics.push(sum(instruments.stepCalls, steps));
    return metrics;
  }
}
