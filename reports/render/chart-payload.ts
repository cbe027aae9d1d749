// The charts' data as the page's inline JSON: times in seconds from the load start (to the millisecond), one row per second.
import { type ChartSpec, clip, downsample, type TimeAxis } from "./chart-spec.ts";

/** Points kept per series: a per-second series of a 1 h run (3,600 points) is kept whole; a day-long soak is thinned. */
export const maxColumns = 8_000;

export interface PayloadBand {
  /** Seconds from the load start, to the millisecond. */
  start: number;
  end: number;
  kind: "phase" | "chaos" | "chaosFailed" | "drain";
  label: string;
  /** The chaos action, drawn inside the band so adjacent windows read apart. */
  tag: string | null;
}

export interface PayloadSeries {
  name: string;
  color: string;
  /** Own x values, when they differ from the chart's shared ones (queue samples, CloudWatch periods). */
  x?: number[];
  /** null is a gap in the data (an unknown value), drawn as a break in the line. */
  y: Array<number | null>;
}

export interface PayloadChart {
  id: string;
  title: string;
  unit: string;
  height: number;
  /** Shared x values of every series that has no x of its own. */
  x: number[] | null;
  series: PayloadSeries[];
}

export interface ChartPayload {
  /** Load start, epoch milliseconds: the page shows absolute times from it. */
  originMs: number;
  /** The x range every panel opens on (and returns to on double-click), seconds from the load start. */
  x0: number;
  x1: number;
  bands: PayloadBand[];
  charts: PayloadChart[];
}

const ms = (v: number): number => Math.round(v * 1000) / 1000;
const value = (v: number): number | null => (Number.isFinite(v) ? Math.round(v * 100) / 100 : null);

export function chartPayload(axis: TimeAxis, charts: readonly ChartSpec[]): ChartPayload {
  const rel = (t: number): number => ms(t - axis.origin);
  return {
    originMs: axis.origin * 1000,
    x0: rel(axis.t0),
    x1: rel(axis.t1),
    bands: axis.bands.map((b) => ({
      start: rel(b.start),
      end: rel(b.end),
      kind: b.kind,
      label: b.label,
      tag: b.tag ?? null,
    })),
    charts: charts.map((spec) => {
      const series = spec.series.map((s) => {
        const points = downsample(clip(s.points, axis), axis, maxColumns);
        return {
          name: s.name,
          color: s.color,
          x: points.map((p) => rel(p[0])),
          y: points.map((p) => value(p[1])),
        };
      });
      // Client series all share the load's seconds: their x is written once for the chart.
      const first = series[0]?.x ?? null;
      const shared = first !== null && series.every((s) => sameValues(s.x, first)) ? first : null;
      return {
        id: spec.id,
        title: spec.title,
        unit: spec.unit,
        height: spec.height ?? 170,
        x: shared,
        series: series.map((s) => (shared === null ? s : { name: s.name, color: s.color, y: s.y })),
      };
    }),
  };
}

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** JSON safe inside a <script> element: no "<" survives, so no string from the target can close the element. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
