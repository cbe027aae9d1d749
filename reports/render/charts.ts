// The report's charts, all on one time axis: load, latency, queue and DLQ depth, verifier classes, platform metrics.
import { messageClasses } from "../../contracts/verdict.ts";
import type { ChaosFinding, DrainFinding } from "../findings/types.ts";
import { metricGrid } from "../metric-grid.ts";
import { loadWindow, type RunData } from "../run-data.ts";
import { asyncCharts } from "./async-charts.ts";
import { type Band, type ChartSeries, type ChartSpec, periodSteps, type TimeAxis } from "./chart-spec.ts";
import { scenarioBands } from "./phases.ts";

const palette = ["#2563eb", "#16a34a", "#dc2626", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#4b5563"];

export function buildCharts(
  data: RunData,
  drain: DrainFinding | null,
  chaos: ChaosFinding[],
): { axis: TimeAxis; charts: ChartSpec[] } {
  const window = loadWindow(data);
  const loadStartS = Math.floor(window.start / 1000);
  const loadEndS = Math.ceil(window.end / 1000);
  const bands: Band[] = scenarioBands(data.plan?.scenario ?? null, loadStartS, loadEndS);
  if (drain?.drainSeconds != null && drain.drainSeconds > 0) {
    bands.push({
      start: loadEndS,
      end: loadEndS + drain.drainSeconds,
      label: `drain ${drain.drainSeconds} s`,
      kind: "drain",
    });
  }
  for (const c of chaos) {
    if (c.window === null) continue;
    const failed = c.error !== null;
    // Drawn to the millisecond as it really happened, each with its own edge and name, so adjacent windows stay apart.
    bands.push({
      start: c.startMs / 1000,
      end: (c.endMs ?? window.end) / 1000,
      label: failed ? `${c.title}: not injected (${c.error})` : c.title,
      kind: failed ? "chaosFailed" : "chaos",
      tag: c.action,
    });
  }
  let t1 = loadEndS;
  for (const b of bands) t1 = Math.max(t1, b.end);
  for (const s of data.samples) t1 = Math.max(t1, Math.ceil(s.t / 1000));
  const axis: TimeAxis = { t0: loadStartS, t1: Math.max(t1, loadStartS + 1), origin: loadStartS, bands };

  const c = data.client;
  const col = (name: string, i: number, pick: (s: (typeof c)[number]) => number | null): ChartSeries => ({
    name,
    color: palette[i % palette.length] as string,
    points: c.map((s) => [s.t, pick(s) ?? Number.NaN] as const),
  });
  // Written to the wire below offered: messages waited in the engine (for a connection) before the target saw them.
  // Older load summaries and a series rebuilt from the ledger have no such count; the line is left out then.
  const written = c.some((s) => s.written !== null) ? [col("written to the wire", 5, (s) => s.written)] : [];
  const charts: ChartSpec[] = [
    {
      id: "chart-load",
      title: "Load: offered, accepted and rejected per second",
      unit: "messages/s",
      series: [
        col("offered (planned)", 7, (s) => s.offered),
        ...written,
        col("accepted", 1, (s) => s.acc),
        col("rejected", 2, (s) => s.rej),
        col("HTTP 429", 3, (s) => s.throttled),
        col("unknown outcome", 4, (s) => s.unk),
      ],
    },
    {
      id: "chart-latency",
      title: "Client latency from intended send time",
      unit: "ms",
      series: [col("p50", 0, (s) => s.p50), col("p95", 3, (s) => s.p95), col("p99", 2, (s) => s.p99)],
    },
  ];
  const dlqNames = new Set((data.plan?.target.dlqs ?? []).map((d) => d.name));
  const queueNames = [...new Set(data.samples.map((s) => s.queue))];
  const depth = (names: string[]): ChartSeries[] =>
    names.map((q, i) => ({
      name: q,
      color: palette[i % palette.length] as string,
      points: data.samples
        .filter((s) => s.queue === q)
        .map((s) => [s.t / 1000, s.visible + s.notVisible + s.delayed] as const),
    }));
  const queues = queueNames.filter((q) => !dlqNames.has(q));
  const dlqs = queueNames.filter((q) => dlqNames.has(q));
  if (queues.length > 0)
    charts.push({
      id: "chart-queues",
      title: "Queue depth (visible + in flight + delayed)",
      unit: "messages",
      series: depth(queues),
    });
  if (dlqs.length > 0) charts.push({ id: "chart-dlqs", title: "DLQ depth", unit: "messages", series: depth(dlqs) });
  const bySecond = data.verdict?.bySecond ?? {};
  const classSeries = messageClasses
    .filter((k) => k !== "delivered" && k !== "rejected" && (bySecond[k]?.length ?? 0) > 0)
    .map((k, i) => ({
      name: k,
      color: palette[(i + 2) % palette.length] as string,
      points: dense(bySecond[k] ?? [], loadStartS, loadEndS),
    }));
  if (classSeries.length > 0) {
    charts.push({
      id: "chart-classes",
      title: "Verifier: problem IDs by send second",
      unit: "IDs",
      series: classSeries,
    });
  }
  const saga = data.verdict?.saga;
  if (saga !== undefined) {
    const outcome = (name: string, color: number, points: ReadonlyArray<readonly [number, number]>): ChartSeries => ({
      name,
      color: palette[color] as string,
      points: dense(points, loadStartS, loadEndS),
    });
    charts.push({
      id: "chart-saga",
      title: "Saga outcomes by send second (from the step tables)",
      unit: "sagas",
      series: [
        outcome("completed", 1, saga.bySecond.completed),
        outcome("compensated", 3, saga.bySecond.compensated),
        outcome("half done", 2, saga.bySecond.halfDone),
      ],
    });
  }
  const period = data.metrics?.periodSeconds ?? 60;
  const metricWindow = {
    start: Math.floor((data.metrics?.start ?? 0) / 1000),
    end: Math.ceil((data.metrics?.end ?? 0) / 1000),
  };
  charts.push(...asyncCharts(data.metrics?.series ?? [], period, metricWindow, axis));
  for (const [i, m] of (data.metrics?.series ?? []).entries()) {
    if (m.points.length === 0) continue;
    charts.push({
      id: `chart-metric-${i}`,
      title: `${m.label} (${m.namespace} ${m.metricName}, ${m.stat} per ${period} s)`,
      unit: m.unit,
      height: 120,
      series: [
        {
          name: m.label,
          color: palette[i % palette.length] as string,
          points: periodSteps(metricGrid(m, period, metricWindow), period, axis),
        },
      ],
    });
  }
  return { axis, charts };
}

/** Sparse [second, count] as a line that returns to zero between bursts. */
function dense(
  points: ReadonlyArray<readonly [number, number]>,
  from: number,
  to: number,
): Array<readonly [number, number]> {
  const map = new Map(points);
  const start = Math.min(from, points[0]?.[0] ?? from);
  const end = Math.max(to, (points.at(-1)?.[0] ?? to) + 1);
  const out: Array<readonly [number, number]> = [];
  for (let t = start; t < end; t++) out.push([t, map.get(t) ?? 0]);
  return out;
}

/**
 * The chart shown above the fold, beside the verdict: the IDs the verifier found wrong by send second when there are
 * any (what failed, and when), else a DLQ that filled, else the load (offered against accepted).
 */
export function headlineChart(charts: readonly ChartSpec[]): ChartSpec | null {
  const byId = (id: string) => charts.find((c) => c.id === id);
  const filled = (c: ChartSpec | undefined) => c?.series.some((s) => s.points.some((p) => p[1] > 0)) === true;
  const classes = byId("chart-classes");
  if (filled(classes)) return classes ?? null;
  const dlqs = byId("chart-dlqs");
  if (filled(dlqs)) return dlqs ?? null;
  return byId("chart-load") ?? charts[0] ?? null;
}
