// Inline SVG line charts on a shared time axis, with phase and chaos bands; no script, no external resource.
import { html, type SafeHtml, trusted } from "./escape.ts";

export interface ChartSeries {
  name: string;
  color: string;
  /** [epoch seconds, value]; NaN values break the line. */
  points: ReadonlyArray<readonly [number, number]>;
}

export interface Band {
  start: number;
  end: number;
  label: string;
  /** chaosFailed: a fault that could not be injected, drawn apart so nobody reads effects into it. */
  kind: "phase" | "chaos" | "chaosFailed" | "drain";
  /** A short name drawn inside the band's top edge (chaos steps), so adjacent windows read apart. */
  tag?: string;
}

export interface TimeAxis {
  t0: number;
  t1: number;
  /** Load start: tick labels are relative to it (+30s, +2m). */
  origin: number;
  bands: Band[];
}

export interface ChartSpec {
  id: string;
  title: string;
  unit: string;
  series: ChartSeries[];
  height?: number;
}

export const chartWidth = 960;
const margin = { left: 60, right: 14, top: 10, bottom: 22 };
const plotWidth = chartWidth - margin.left - margin.right;

/** True when some series has a value inside the axis (a sample before the load or a period after it does not count). */
export function hasData(spec: ChartSpec, axis: TimeAxis): boolean {
  return spec.series.some((s) => clip(s.points, axis).some((p) => Number.isFinite(p[1])));
}

/** Points inside the axis only: samples taken before the load or after the drain would draw outside the plot. */
export function clip(
  points: ReadonlyArray<readonly [number, number]>,
  axis: TimeAxis,
): ReadonlyArray<readonly [number, number]> {
  const first = points[0];
  const last = points.at(-1);
  if (first === undefined || last === undefined || (first[0] >= axis.t0 && last[0] <= axis.t1)) return points;
  return points.filter((p) => p[0] >= axis.t0 && p[0] <= axis.t1);
}

/**
 * A CloudWatch series as steps: each value holds over its period, so a 60 s sum shows across the seconds it covers
 * (and a period that began before the load still shows inside it), clipped to the axis.
 */
export function periodSteps(
  points: ReadonlyArray<readonly [number, number]>,
  periodSeconds: number,
  axis: TimeAxis,
): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  for (let i = 0; i < points.length; i++) {
    const [t, v] = points[i] as readonly [number, number];
    const from = Math.max(t, axis.t0);
    const to = Math.min(t + periodSeconds, axis.t1);
    if (to <= from) continue;
    const previous = points[i - 1];
    // A period missing from the grid, or unknown (NaN), is a gap in the data: break the line there.
    if (previous !== undefined && previous[0] + periodSeconds < t && out.length > 0) out.push([from, Number.NaN]);
    if (Number.isNaN(v)) out.push([from, Number.NaN]);
    else out.push([from, v], [to, v]);
  }
  return out;
}

export function lineChart(spec: ChartSpec, axis: TimeAxis): SafeHtml {
  const height = spec.height ?? 170;
  const plotHeight = height - margin.top - margin.bottom;
  const span = Math.max(1, axis.t1 - axis.t0);
  const x = (t: number): number => margin.left + ((t - axis.t0) / span) * plotWidth;
  let max = 0;
  for (const s of spec.series) {
    for (const p of clip(s.points, axis)) if (Number.isFinite(p[1]) && p[1] > max) max = p[1];
  }
  const top = niceCeiling(max);
  const y = (v: number): number => margin.top + plotHeight - (v / top) * plotHeight;

  const bands = axis.bands.map((b) => {
    const x0 = x(Math.max(axis.t0, b.start));
    const w = Math.max(1, x(Math.min(axis.t1, b.end)) - x0);
    const rect = html`<rect class="band ${b.kind}" x="${fx(x0)}" y="${margin.top}" width="${fx(w)}" height="${plotHeight}"><title>${b.label}</title></rect>`;
    return b.tag === undefined
      ? rect
      : html`${rect}<text class="band-tag" x="${fx(x0 + 3)}" y="${margin.top + 10}">${b.tag}</text>`;
  });
  const yTicks = [0, top / 2, top].map(
    (v) =>
      html`<line class="grid" x1="${margin.left}" x2="${chartWidth - margin.right}" y1="${fx(y(v))}" y2="${fx(y(v))}"/><text class="tick" x="${margin.left - 6}" y="${fx(y(v) + 4)}" text-anchor="end">${formatValue(v)}</text>`,
  );
  const xTicks = timeTicks(axis).map(
    (t) =>
      html`<line class="grid" x1="${fx(x(t))}" x2="${fx(x(t))}" y1="${margin.top}" y2="${margin.top + plotHeight}"/><text class="tick" x="${fx(x(t))}" y="${height - 6}" text-anchor="middle">${relative(t - axis.origin)}</text>`,
  );
  const lines = spec.series.map((s) => {
    const d = pathData(downsample(clip(s.points, axis), axis, plotWidth), x, y);
    return html`<path class="series" d="${trusted(d)}" stroke="${s.color}"><title>${s.name}</title></path>`;
  });
  const legend = spec.series.map((s) => html`<span class="key"><i style="background:${s.color}"></i>${s.name}</span>`);
  return html`<figure class="chart" id="${spec.id}"><figcaption>${spec.title}${spec.unit === "" ? "" : html` <small>(${spec.unit})</small>`} ${legend}</figcaption><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${chartWidth} ${height}" width="100%" role="img" aria-label="${spec.title}">${bands}${yTicks}${xTicks}${lines}</svg></figure>`;
}

/** Keeps at most two points (min and max) per pixel column, so a 1-hour run stays small and spikes stay visible. */
export function downsample(
  points: ReadonlyArray<readonly [number, number]>,
  axis: TimeAxis,
  columns: number,
): Array<readonly [number, number]> {
  if (points.length <= columns * 2) return [...points];
  const span = Math.max(1, axis.t1 - axis.t0);
  const out: Array<readonly [number, number]> = [];
  let column = -1;
  let lo: readonly [number, number] | null = null;
  let hi: readonly [number, number] | null = null;
  const flush = () => {
    if (lo === null || hi === null) return;
    if (lo === hi) out.push(lo);
    else if (lo[0] <= hi[0]) out.push(lo, hi);
    else out.push(hi, lo);
  };
  for (const p of points) {
    if (!Number.isFinite(p[1])) {
      flush();
      lo = hi = null;
      out.push(p);
      continue;
    }
    const c = Math.floor(((p[0] - axis.t0) / span) * columns);
    if (c !== column) {
      flush();
      column = c;
      lo = hi = p;
    } else {
      if (lo === null || p[1] < lo[1]) lo = p;
      if (hi === null || p[1] > hi[1]) hi = p;
    }
  }
  flush();
  return out;
}

function pathData(
  points: ReadonlyArray<readonly [number, number]>,
  x: (t: number) => number,
  y: (v: number) => number,
): string {
  let d = "";
  let pen = false;
  for (const [t, v] of points) {
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${fx(x(t))} ${fx(y(v))}`;
    pen = true;
  }
  return d;
}

function fx(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

export function niceCeiling(v: number): number {
  if (v <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= v) return step * magnitude;
  return 10 * magnitude;
}

function formatValue(v: number): string {
  if (v >= 1_000_000) return `${+(v / 1_000_000).toFixed(2)}M`;
  if (v >= 1000) return `${+(v / 1000).toFixed(2)}k`;
  return `${+v.toFixed(2)}`;
}

const tickSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

function timeTicks(axis: TimeAxis): number[] {
  const span = axis.t1 - axis.t0;
  const step = tickSteps.find((s) => span / s <= 10) ?? 3600 * Math.ceil(span / 36_000);
  const out: number[] = [];
  const first = axis.origin + Math.ceil((axis.t0 - axis.origin) / step) * step;
  for (let t = first; t <= axis.t1; t += step) out.push(t);
  return out;
}

function relative(seconds: number): string {
  const sign = seconds < 0 ? "-" : "+";
  const s = Math.abs(seconds);
  if (s < 60) return `${sign}${s}s`;
  if (s < 3600) return `${sign}${Math.floor(s / 60)}m${s % 60 === 0 ? "" : `${s % 60}s`}`;
  return `${sign}${Math.floor(s / 3600)}h${s % 3600 === 0 ? "" : `${Math.floor((s % 3600) / 60)}m`}`;
}
