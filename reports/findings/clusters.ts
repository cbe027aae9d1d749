// Finding: whether lost, dead-lettered or duplicated IDs cluster in a time window, and which series moved in that window.
import type { MessageClass } from "../../contracts/verdict.ts";
import type { FindingContext } from "./context.ts";
import { fmt, isoSecond, round } from "./format.ts";
import { movers } from "./series.ts";
import type { ClusterFinding, Severity } from "./types.ts";

const classes: ReadonlyArray<{ name: MessageClass; label: string; severity: Severity }> = [
  { name: "lost", label: "lost", severity: "problem" },
  { name: "deadLettered", label: "dead-lettered", severity: "warning" },
  { name: "duplicated", label: "duplicated", severity: "warning" },
  { name: "rejectedButDelivered", label: "rejected but delivered", severity: "warning" },
];

/** The densest window holding this share of a class's IDs is its cluster. */
const coverShare = 0.8;
/** Clustered when that window is at most this share of the load (and a handful of seconds at least). */
const maxWindowShare = 0.25;
const minCount = 3;

export function clusters(ctx: FindingContext): ClusterFinding[] {
  const bySecond = ctx.input.verdict?.bySecond ?? {};
  const out: ClusterFinding[] = [];
  const loadSeconds = Math.max(1, ctx.loadEndS - ctx.loadStartS);
  for (const c of classes) {
    const points = (bySecond[c.name] ?? []).filter((p) => p[1] > 0).sort((a, b) => a[0] - b[0]);
    const count = points.reduce((n, p) => n + p[1], 0);
    if (count === 0) continue;
    const w = densestWindow(points, Math.ceil(count * coverShare));
    const window = { start: w.start, end: w.end + 1 };
    const length = window.end - window.start;
    const clustered = count >= minCount && length <= Math.max(5, maxWindowShare * loadSeconds);
    const moved = clustered ? movers(ctx.axis, window, ctx.candidates) : [];
    const faults = clustered
      ? ctx.input.chaos.filter((w) => overlaps(window, w.start, w.end ?? ctx.input.loadEnd))
      : [];
    const share = round(w.inside / count, 3);
    const offset = window.start - ctx.loadStartS;
    out.push({
      kind: "cluster",
      severity: c.severity,
      title: clustered
        ? `${capital(c.label)} IDs cluster in ${length} s`
        : `${capital(c.label)} IDs spread over the run`,
      summary: clustered
        ? `${fmt(w.inside)} of ${fmt(count)} ${c.label} IDs (${Math.round(share * 100)} %) were sent between ` +
          `${isoSecond(window.start)} and ${isoSecond(window.end)} (+${offset} s, ${length} s long)` +
          (moved.length > 0
            ? `; in that window ${moved.map((m) => `${m.series} went from ${m.outside} to ${m.inside}`).join(", ")}.`
            : "; no collected series moved noticeably in that window.") +
          (faults.length > 0 ? ` It overlaps the chaos window of ${faults.map((w) => w.action).join(", ")}.` : "")
        : `${fmt(count)} ${c.label} IDs, spread over ${length} s of a ${loadSeconds} s load: no single window explains them.`,
      window,
      messageClass: c.name,
      count,
      inside: w.inside,
      share,
      clustered,
      movers: moved,
      evidence: [
        {
          label: `${c.label} IDs by send second`,
          value: `${fmt(count)} in ${points.length} distinct seconds`,
          source: "verify",
        },
        {
          label: `densest window with ${Math.round(coverShare * 100)} % of them`,
          value: `${isoSecond(window.start)} .. ${isoSecond(window.end)} (${length} s)`,
          source: "verify",
        },
        ...faults.map((w) => ({
          label: "chaos window overlapping",
          value: `${w.action} ${isoSecond(Math.floor(w.start / 1000))} .. ${w.end === null ? "load end" : isoSecond(Math.ceil(w.end / 1000))}`,
          source: "chaos" as const,
        })),
        ...moved.map((m) => ({
          label: `${m.series} in the window vs elsewhere`,
          value: `${m.inside} vs ${m.outside} (score ${m.score})`,
          source: m.source,
        })),
      ],
    });
  }
  return out;
}

/** Shortest span of seconds whose counts reach `need` (two pointers over the sorted seconds). */
export function densestWindow(
  points: ReadonlyArray<readonly [number, number]>,
  need: number,
): { start: number; end: number; inside: number } {
  let best = { start: points[0]?.[0] ?? 0, end: points.at(-1)?.[0] ?? 0, inside: 0 };
  let bestLength = Number.POSITIVE_INFINITY;
  let lo = 0;
  let running = 0;
  for (let hi = 0; hi < points.length; hi++) {
    running += (points[hi] as readonly [number, number])[1];
    while (lo < hi && running - (points[lo] as readonly [number, number])[1] >= need) {
      running -= (points[lo] as readonly [number, number])[1];
      lo++;
    }
    if (running >= need) {
      const start = (points[lo] as readonly [number, number])[0];
      const end = (points[hi] as readonly [number, number])[0];
      if (end - start < bestLength) {
        bestLength = end - start;
        best = { start, end, inside: running };
      }
    }
  }
  return best;
}

function overlaps(window: { start: number; end: number }, startMs: number, endMs: number): boolean {
  return startMs / 1000 < window.end && endMs / 1000 > window.start;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
