// The report's charts as data: series on one time axis with phase and chaos bands, and the geometry that keeps them small.

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

/** Keeps at most two points (min and max) per column, so a very long run stays small and spikes stay visible. */
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

export function niceCeiling(v: number): number {
  if (v <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= v) return step * magnitude;
  return 10 * magnitude;
}
