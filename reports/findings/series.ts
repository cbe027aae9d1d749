// Dense per-second series on the run's time axis, and the "which series moved in this window" test the findings share.
import type { QueueSample } from "../samples.ts";
import { round } from "./format.ts";
import type { EvidenceSource, Mover, TimeWindow } from "./types.ts";

/** The run's time axis: epoch seconds [t0, t1). */
export interface Axis {
  t0: number;
  t1: number;
}

export interface NamedSeries {
  name: string;
  source: EvidenceSource;
  /** One value per second of the axis; NaN where nothing was observed. */
  values: Float64Array;
}

export function emptySeries(axis: Axis): Float64Array {
  return new Float64Array(Math.max(0, axis.t1 - axis.t0)).fill(Number.NaN);
}

/** Points [t, v] spread over the axis, each value held until the next point (a CloudWatch period, a sample interval). */
export function holdSeries(
  axis: Axis,
  points: ReadonlyArray<readonly [number, number]>,
  maxHold: number,
): Float64Array {
  const out = emptySeries(axis);
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as readonly [number, number];
    const next = points[i + 1];
    const end = Math.min(axis.t1, next === undefined ? p[0] + maxHold : Math.min(next[0], p[0] + maxHold));
    for (let t = Math.max(axis.t0, p[0]); t < end; t++) out[t - axis.t0] = p[1];
  }
  return out;
}

/** Points [t, count] summed into their second (counts by send second, arrivals). */
export function countSeries(axis: Axis, points: ReadonlyArray<readonly [number, number]>): Float64Array {
  const out = new Float64Array(Math.max(0, axis.t1 - axis.t0));
  for (const [t, v] of points) {
    const i = t - axis.t0;
    if (i >= 0 && i < out.length) out[i] = (out[i] as number) + v;
  }
  return out;
}

/** Total depth per queue, per sample time (epoch seconds). */
export function depthPoints(samples: readonly QueueSample[], queue: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const s of samples) {
    if (s.queue === queue) out.push([Math.floor(s.t / 1000), s.visible + s.notVisible + s.delayed]);
  }
  return out;
}

/** Arrivals into a queue as the positive steps of its depth (a DLQ is not consumed during a run, so steps are arrivals). */
export function arrivalPoints(depths: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 1; i < depths.length; i++) {
    const step = (depths[i] as readonly [number, number])[1] - (depths[i - 1] as readonly [number, number])[1];
    if (step > 0) out.push([(depths[i] as readonly [number, number])[0], step]);
  }
  return out;
}

function stats(
  values: Float64Array,
  from: number,
  to: number,
  inside: boolean,
): { mean: number; sd: number; n: number } {
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < values.length; i++) {
    if (i >= from && i < to) {
      if (!inside) continue;
    } else if (inside) continue;
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    n++;
    sum += v;
    sq += v * v;
  }
  const mean = n === 0 ? Number.NaN : sum / n;
  return { mean, sd: n === 0 ? Number.NaN : Math.sqrt(Math.max(0, sq / n - mean * mean)), n };
}

/**
 * Series whose mean inside the window stands out from the rest of the run, strongest first. The score divides the
 * difference by the outside spread (plus a floor, so a flat-zero series that twitches once does not score infinity).
 */
export function movers(axis: Axis, window: TimeWindow, series: readonly NamedSeries[], limit = 3): Mover[] {
  const from = window.start - axis.t0;
  const to = window.end - axis.t0;
  const out: Mover[] = [];
  for (const s of series) {
    const inside = stats(s.values, from, to, true);
    const outside = stats(s.values, from, to, false);
    if (inside.n === 0 || outside.n === 0) continue;
    const diff = inside.mean - outside.mean;
    const floor = Math.max(1e-9, 0.05 * Math.abs(outside.mean), 0.5);
    const score = diff / (outside.sd + floor);
    if (Math.abs(score) >= 2) {
      out.push({
        series: s.name,
        source: s.source,
        inside: round(inside.mean),
        outside: round(outside.mean),
        score: round(score),
      });
    }
  }
  return out.sort((a, b) => Math.abs(b.score) - Math.abs(a.score)).slice(0, limit);
}

export function sum(values: ArrayLike<number>, from = 0, to = values.length): number {
  let total = 0;
  for (let i = Math.max(0, from); i < Math.min(values.length, to); i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) total += v;
  }
  return total;
}

/** The middle value (the upper one of an even count), or undefined for none: what findings call a typical level. */
export function median(values: readonly number[]): number | undefined {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
