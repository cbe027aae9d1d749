// What every finding reads: the run's time axis and its series (client, queues, DLQ arrivals, platform metrics) built once.
import type { ChaosWindow } from "../../contracts/plan-file.ts";
import type { Verdict } from "../../contracts/verdict.ts";
import type { ClientSecond } from "../client-series.ts";
import { metricGrid } from "../metric-grid.ts";
import type { MetricSeries } from "../metrics-file.ts";
import type { QueueSample } from "../samples.ts";
import {
  type Axis,
  arrivalPoints,
  countSeries,
  depthPoints,
  emptySeries,
  holdSeries,
  median,
  type NamedSeries,
} from "./series.ts";
import type { EvidenceSource } from "./types.ts";

export interface FindingsInput {
  client: ClientSecond[];
  clientSource: "load-summary" | "ledger";
  samples: QueueSample[];
  /** Watched (non-DLQ) queue names and DLQ names, as the target config names them. */
  queues: string[];
  dlqs: string[];
  metrics: MetricSeries[];
  metricsPeriodSeconds: number;
  /** Window the metrics were collected over, epoch seconds (the grid missing periods are filled on). */
  metricsWindow?: { start: number; end: number };
  verdict: Verdict | null;
  /** Load window, epoch ms. */
  loadStart: number;
  loadEnd: number;
  chaos: ChaosWindow[];
  /** The load's outcomes by status or error ("200", "429", "timeout", "interrupted"); absent when not known. */
  statusMix?: Record<string, number>;
  /** The target's http.auth type (plan.json), so a 401/403 finding can say what was sent. */
  httpAuth?: string | null;
}

export interface FindingContext {
  input: FindingsInput;
  axis: Axis;
  loadStartS: number;
  loadEndS: number;
  client: {
    offered: Float64Array;
    sent: Float64Array;
    acc: Float64Array;
    rej: Float64Array;
    throttled: Float64Array;
    unk: Float64Array;
    p99: Float64Array;
  };
  dlqArrivals: { values: Float64Array; source: EvidenceSource } | null;
  /** Every series a window can be tested against ("which metric moved"). */
  candidates: NamedSeries[];
}

export function buildContext(input: FindingsInput): FindingContext {
  const loadStartS = Math.floor(input.loadStart / 1000);
  const loadEndS = Math.ceil(input.loadEnd / 1000);
  let last = loadEndS;
  for (const c of input.client) last = Math.max(last, c.t + 1);
  for (const s of input.samples) last = Math.max(last, Math.floor(s.t / 1000) + 1);
  for (const w of input.chaos) last = Math.max(last, Math.ceil((w.end ?? w.start) / 1000));
  const axis: Axis = { t0: Math.min(loadStartS, input.client[0]?.t ?? loadStartS), t1: last };

  const clientField = (pick: (c: ClientSecond) => number | null): Float64Array => {
    const out = emptySeries(axis);
    for (const c of input.client) {
      const v = pick(c);
      const i = c.t - axis.t0;
      if (v !== null && i >= 0 && i < out.length) out[i] = v;
    }
    return out;
  };
  const client = {
    offered: clientField((c) => c.offered),
    sent: clientField((c) => c.sent),
    acc: clientField((c) => c.acc),
    rej: clientField((c) => c.rej),
    throttled: clientField((c) => c.throttled),
    unk: clientField((c) => c.unk),
    p99: clientField((c) => c.p99),
  };
  const clientSource = input.clientSource;
  const candidates: NamedSeries[] = [
    { name: "accepted/s", source: clientSource, values: client.acc },
    { name: "rejected/s", source: clientSource, values: client.rej },
    { name: "unknown outcome/s", source: clientSource, values: client.unk },
    { name: "client p99 latency (ms)", source: clientSource, values: client.p99 },
  ];
  const sampleHold = sampleInterval(input.samples) * 2;
  for (const q of [...input.queues, ...input.dlqs]) {
    const points = depthPoints(input.samples, q);
    if (points.length > 0) {
      candidates.push({ name: `${q} depth`, source: "samples", values: holdSeries(axis, points, sampleHold) });
    }
  }
  // Counts CloudWatch did not publish are zeros, so "Errors rose inside the window" is seen against the zeros around it.
  const metricsWindow = input.metricsWindow ?? { start: axis.t0, end: axis.t1 };
  for (const m of input.metrics) {
    if (m.points.length === 0) continue;
    candidates.push({
      name: m.label,
      source: "metrics",
      values: holdSeries(axis, metricGrid(m, input.metricsPeriodSeconds, metricsWindow), input.metricsPeriodSeconds),
    });
  }
  const dlqArrivals = buildDlqArrivals(input, axis);
  if (dlqArrivals !== null) candidates.push({ name: "DLQ arrivals", ...dlqArrivals });
  return { input, axis, loadStartS, loadEndS, client, dlqArrivals, candidates };
}

/** Most common gap between samples of one queue, in seconds (the sampler's interval as it really ran). */
function sampleInterval(samples: readonly QueueSample[]): number {
  const first = samples[0]?.queue;
  const times = samples.filter((s) => s.queue === first).map((s) => s.t);
  if (times.length < 2) return 5;
  const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
  return Math.max(1, Math.round((median(gaps) as number) / 1000));
}

/** DLQ arrivals per second: from the sampler's depths, else CloudWatch's DLQ metrics, else the verifier's send seconds. */
function buildDlqArrivals(input: FindingsInput, axis: Axis): { values: Float64Array; source: EvidenceSource } | null {
  const fromSamples = input.dlqs.flatMap((q) => arrivalPoints(depthPoints(input.samples, q)));
  if (fromSamples.length > 0) return { values: countSeries(axis, fromSamples), source: "samples" };
  const dlqMetrics = input.metrics.filter((m) => m.role === "dlq");
  const fromMetrics = dlqMetrics.flatMap((m) => m.points.filter((p) => p[1] > 0));
  if (fromMetrics.length > 0) return { values: countSeries(axis, fromMetrics), source: "metrics" };
  const bySend = input.verdict?.bySecond.deadLettered ?? [];
  if (bySend.length > 0) return { values: countSeries(axis, bySend), source: "verify" };
  return null;
}
