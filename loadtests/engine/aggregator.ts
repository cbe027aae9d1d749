// Main-thread side of the stats: merges shard reports into totals (live) and closed seconds (once every shard passed them).
import type { LatencySummary, LoadSecond } from "../../contracts/load-summary.ts";
import { Histogram, type HistogramData } from "./histogram.ts";
import type { SecondData, ShardReport } from "./second-stats.ts";
import type { StepTotals } from "./step-totals.ts";
import type { MetricsView } from "./thresholds.ts";

interface OutcomeCounts {
  acc: number;
  rej: number;
  unk: number;
}

/**
 * What a live watcher gets beside each closed row (load-summary.json keeps only the row): the second's counts by
 * channel and by flow step, and its latency and send-lag histograms, so a metrics output can export distributions.
 */
export interface SecondDetail {
  byChannel: Record<string, OutcomeCounts & { sent: number }>;
  steps: Record<string, OutcomeCounts & { calls: number }>;
  /** Intended send to outcome. */
  latency: HistogramData;
  /** Actual minus intended send time. */
  sendLag: HistogramData;
}

export type SecondListener = (row: LoadSecond, detail: SecondDetail) => void;

interface OpenSecond {
  row: LoadSecond;
  intended: Histogram;
  lag: Histogram;
  fireLag: Histogram;
  byChannel: SecondDetail["byChannel"];
  steps: SecondDetail["steps"];
}

const emptyHistogram: HistogramData = { buckets: [], count: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: 0 };

export function latencySummary(h: Histogram): LatencySummary | null {
  if (h.count === 0) return null;
  const p = (q: number) => percentileMs(h, q) ?? 0;
  return { count: h.count, p50: p(50), p90: p(90), p95: p(95), p99: p(99), max: Math.round(h.max * 100) / 100 };
}

/** A percentile in ms to hundredths, as load-summary.json keeps them; null when the histogram is empty. */
function percentileMs(h: Histogram, q: number): number | null {
  const v = h.percentile(q);
  return v === null ? null : Math.round(v * 100) / 100;
}

function emptyRow(t: number, inFlight: number): LoadSecond {
  return {
    t,
    planned: 0,
    sent: 0,
    written: 0,
    dropped: 0,
    acc: 0,
    rej: 0,
    unk: 0,
    inFlight,
    latency: null,
    sendLagP99: null,
    fireLagP99: null,
    status: {},
  };
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, value] of Object.entries(from)) into[key] = (into[key] ?? 0) + value;
}

interface ChannelCounts {
  sent: number;
  acc: number;
  rej: number;
  unk: number;
}

/** Adds one shard-second's counts of a channel into a table of them (the run's totals, or a second's detail). */
function addChannel(into: Record<string, ChannelCounts>, ch: string, c: ChannelCounts): void {
  const to = into[ch] ?? { sent: 0, acc: 0, rej: 0, unk: 0 };
  to.sent += c.sent;
  to.acc += c.acc;
  to.rej += c.rej;
  to.unk += c.unk;
  into[ch] = to;
}

/** Adds a flow step's call counts (the run's totals, or a second's detail). */
function addStepCounts(
  into: { calls: number; acc: number; rej: number; unk: number },
  from: { calls: number; acc: number; rej: number; unk: number },
): void {
  into.calls += from.calls;
  into.acc += from.acc;
  into.rej += from.rej;
  into.unk += from.unk;
}

export class Aggregator {
  readonly intended = new Histogram();
  readonly duration = new Histogram();
  readonly lag = new Histogram();
  readonly fireLag = new Histogram();
  planned = 0;
  sent = 0;
  dropped = 0;
  acc = 0;
  rej = 0;
  unk = 0;
  readonly byChannel: Record<string, { sent: number; acc: number; rej: number; unk: number }> = {};
  readonly status: Record<string, number> = {};
  readonly perSecond: LoadSecond[] = [];
  /** A flow's calls by step (empty on the declarative path). */
  readonly steps: Record<string, StepTotals> = {};
  /** The newest closed second, for the progress line. */
  last: LoadSecond | null = null;
  private readonly open = new Map<number, OpenSecond>();
  /** Histograms of closed seconds, emptied for the next ones: a run of any length uses a handful. */
  private readonly spare: Histogram[] = [];
  private readonly through: number[];
  private readonly inFlightOf: number[];
  /** Told of each row as it closes (gap rows too), in order; see RunLoadOptions.onSecond. */
  private readonly onSecond: SecondListener | undefined;

  constructor(shards: number, onSecond?: SecondListener) {
    this.through = new Array<number>(shards).fill(0);
    this.inFlightOf = new Array<number>(shards).fill(0);
    this.onSecond = onSecond;
  }

  get inFlight(): number {
    return this.inFlightOf.reduce((a, b) => a + b, 0);
  }

  add(shard: number, report: ShardReport): void {
    for (const s of report.closed) this.merge(s);
    this.through[shard] = report.through;
    this.inFlightOf[shard] = report.inFlight;
    this.close(Math.min(...this.through));
  }

  /** A shard that ended reports no more: it no longer holds seconds open. */
  retire(shard: number): void {
    this.through[shard] = Number.POSITIVE_INFINITY;
    this.inFlightOf[shard] = 0;
    this.close(Math.min(...this.through));
  }

  finish(): void {
    this.close(Number.POSITIVE_INFINITY);
  }

  view(elapsedMs: number): MetricsView {
    return {
      duration: this.duration,
      intended: this.intended,
      completed: this.acc + this.rej + this.unk,
      failed: this.rej + this.unk,
      sent: this.sent,
      dropped: this.dropped,
      elapsedMs,
      steps: this.steps,
    };
  }

  private merge(s: SecondData): void {
    this.planned += s.planned;
    this.sent += s.sent;
    this.dropped += s.dropped;
    this.acc += s.acc;
    this.rej += s.rej;
    this.unk += s.unk;
    for (const [ch, c] of Object.entries(s.byChannel)) addChannel(this.byChannel, ch, c);
    addCounts(this.status, s.status);
    this.intended.merge(s.intended);
    this.duration.merge(s.duration);
    this.lag.merge(s.lag);
    this.fireLag.merge(s.fireLag);
    if (s.steps !== undefined)
      for (const [name, step] of Object.entries(s.steps)) {
        let into = this.steps[name];
        if (into === undefined) {
          into = { calls: 0, acc: 0, rej: 0, unk: 0, duration: new Histogram() };
          this.steps[name] = into;
        }
        addStepCounts(into, step);
        into.duration.merge(step.duration);
      }

    let open = this.open.get(s.t);
    if (open === undefined) {
      open = {
        row: emptyRow(s.t, 0),
        intended: this.spare.pop() ?? new Histogram(),
        lag: this.spare.pop() ?? new Histogram(),
        fireLag: this.spare.pop() ?? new Histogram(),
        byChannel: {},
        steps: {},
      };
      this.open.set(s.t, open);
    }
    const row = open.row;
    row.planned += s.planned;
    row.sent += s.sent;
    row.written = (row.written ?? 0) + s.written;
    row.dropped += s.dropped;
    row.acc += s.acc;
    row.rej += s.rej;
    row.unk += s.unk;
    addCounts(row.status, s.status);
    open.intended.merge(s.intended);
    open.lag.merge(s.lag);
    open.fireLag.merge(s.fireLag);
    for (const [ch, c] of Object.entries(s.byChannel))
      if (c.sent + c.acc + c.rej + c.unk > 0) addChannel(open.byChannel, ch, c);
    if (s.steps !== undefined)
      for (const [name, step] of Object.entries(s.steps)) {
        const into = open.steps[name] ?? { calls: 0, acc: 0, rej: 0, unk: 0 };
        addStepCounts(into, step);
        open.steps[name] = into;
      }
  }

  private close(before: number): void {
    const ready = [...this.open.keys()].filter((t) => t < before).sort((a, b) => a - b);
    for (const t of ready) {
      // A second in which nothing happened still gets its row, so the series has no holes to misread.
      for (let gap = (this.last?.t ?? t) + 1; gap < t; gap++) this.push(emptyRow(gap, this.inFlight), null);
      const open = this.open.get(t) as OpenSecond;
      this.open.delete(t);
      open.row.latency = latencySummary(open.intended);
      open.row.sendLagP99 = percentileMs(open.lag, 99);
      open.row.fireLagP99 = percentileMs(open.fireLag, 99);
      open.row.inFlight = this.inFlight;
      this.push(open.row, open);
      for (const h of [open.intended, open.lag, open.fireLag]) {
        h.reset();
        this.spare.push(h);
      }
      this.last = open.row;
    }
  }

  /** The row into the summary, and to the listener with its detail (made only when someone listens). */
  private push(row: LoadSecond, open: OpenSecond | null): void {
    this.perSecond.push(row);
    if (this.onSecond === undefined) return;
    this.onSecond(
      row,
      open === null
        ? { byChannel: {}, steps: {}, latency: emptyHistogram, sendLag: emptyHistogram }
        : {
            byChannel: open.byChannel,
            steps: open.steps,
            latency: open.intended.snapshot(),
            sendLag: open.lag.snapshot(),
          },
    );
  }
}
