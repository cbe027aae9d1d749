// The open-model arrival plan: when the k-th arrival of a scenario is due, with k6's linear interpolation between stages.
//
// The rate is piecewise linear in time, so the number of arrivals due by time t is its integral N(t), a piecewise
// quadratic. Arrival k (0-based) is due at the t where N(t) = k, found in closed form per piece: no drift however
// long the run, and any subset of k (a worker's stripe) can be timed without walking the others.
import { type RatePiece, ratePieces, type ScenarioConfig } from "../../executors/index.ts";

interface Piece {
  startMs: number;
  durationMs: number;
  /** Arrivals per millisecond at the start of the piece. */
  fromRate: number;
  /** Change of the rate per millisecond, per millisecond. */
  slope: number;
  /** N(startMs). */
  before: number;
}

export interface ArrivalPlan {
  readonly durationMs: number;
  /** How many arrivals the whole plan holds (every segment and worker together). */
  readonly total: number;
  /** Milliseconds from the start at which arrival k is due; k must be below total. */
  timeOf(k: number): number;
  /** Planned arrivals per second at a time, for display. */
  ratePerSecondAt(ms: number): number;
}

export function arrivalPlan(scenario: ScenarioConfig): ArrivalPlan {
  return new Plan(ratePieces(scenario));
}

/** A class, so that every shard's loop (and the warm-up's) calls the same timeOf (the hot-path rule, README.md). */
class Plan implements ArrivalPlan {
  readonly durationMs: number;
  readonly total: number;
  private readonly pieces: Piece[] = [];
  private cursor = 0;

  constructor(rates: readonly RatePiece[]) {
    let startMs = 0;
    let before = 0;
    for (const p of rates) {
      const slope = p.durationMs === 0 ? 0 : (p.to - p.from) / p.durationMs;
      this.pieces.push({ startMs, durationMs: p.durationMs, fromRate: p.from, slope, before });
      before += ((p.from + p.to) / 2) * p.durationMs;
      startMs += p.durationMs;
    }
    this.durationMs = startMs;
    // Arrival k is due where N(t) = k, so arrivals 0 .. ceil(N(T)) - 1 fall before the end. The epsilon absorbs
    // floating-point sums such as 0.1 * 3 that land a hair above a whole number.
    this.total = Math.max(0, Math.ceil(before - 1e-6));
  }

  timeOf(k: number): number {
    const pieces = this.pieces;
    let i = this.cursor;
    if (i >= pieces.length || (pieces[i] as Piece).before > k) i = 0;
    while (i + 1 < pieces.length && (pieces[i + 1] as Piece).before <= k) i++;
    // Skip zero-rate pieces: nothing is due inside them.
    this.cursor = i;
    const piece = pieces[i] as Piece;
    const m = k - piece.before;
    if (m <= 0) return piece.startMs;
    const a = piece.fromRate;
    const disc = a * a + 2 * piece.slope * m;
    // t = 2m / (a + sqrt(a² + 2bm)): the stable root of (b/2)t² + at - m = 0, also right for b = 0.
    const t = (2 * m) / (a + Math.sqrt(Math.max(disc, 0)));
    return piece.startMs + (Number.isFinite(t) ? Math.min(t, piece.durationMs) : piece.durationMs);
  }

  ratePerSecondAt(at: number): number {
    for (const piece of this.pieces) {
      if (at < piece.startMs + piece.durationMs) return (piece.fromRate + piece.slope * (at - piece.startMs)) * 1000;
    }
    return 0;
  }
}
