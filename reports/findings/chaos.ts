// Finding: each chaos window (chaos.json) and what happened inside it compared with just before it.
import type { ChaosWindow } from "../../contracts/plan-file.ts";
import type { FindingContext } from "./context.ts";
import { fmt, isoMs, ms, round, span } from "./format.ts";
import { movers, sum } from "./series.ts";
import type { ChaosFinding, ChaosStats } from "./types.ts";

export function chaosFindings(ctx: FindingContext): ChaosFinding[] {
  return ctx.input.chaos.map((w) => one(ctx, w));
}

function one(ctx: FindingContext, w: ChaosWindow): ChaosFinding {
  const start = Math.floor(w.start / 1000);
  const end = Math.max(start + 1, Math.ceil((w.end ?? ctx.input.loadEnd) / 1000));
  const length = end - start;
  const endMs = w.end ?? ctx.input.loadEnd;
  const leadIn = leadInSeconds(ctx, end - start);
  const inside = stats(ctx, start, end, leadIn);
  // The same length just before the fault (within the load) is the baseline it is compared with.
  const beforeStart = Math.max(ctx.loadStartS, start - length);
  const before = stats(ctx, beforeStart, start, 0);
  const window = { start, end };
  const moved = movers(ctx.axis, window, ctx.candidates);
  const damage = inside.lost + inside.deadLettered;
  const params = Object.entries(w.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  const error = w.error ?? null;
  return {
    kind: "chaos",
    severity: error !== null ? "problem" : inside.lost > 0 ? "problem" : damage > 0 ? "warning" : "info",
    title: `Chaos: ${w.action}${params === "" ? "" : ` (${params})`}`,
    summary:
      error !== null
        ? `The fault could not be injected as planned: ${error.replace(/\.$/, "")}.`
        : `During the ${span(endMs - w.start)} of ${w.action} from ${isoMs(w.start)}${w.end === null ? " to the load's end" : ""}, ${pct(inside.rejectedShare)} of sends were rejected ` +
          `(before: ${pct(before.rejectedShare)}), client p99 latency peaked at ${inside.p99 === null ? "n/a" : ms(inside.p99)} ` +
          `(before: ${before.p99 === null ? "n/a" : ms(before.p99)}), ${fmt(inside.dlqArrivals)} messages reached a DLQ, ` +
          `${fmt(inside.lost)} IDs sent in it (or just before, still queued) were lost and ${fmt(inside.deadLettered)} dead-lettered.` +
          (moved.length > 0
            ? ` Moved most: ${moved.map((m) => `${m.series} (${m.outside} -> ${m.inside})`).join(", ")}.`
            : ""),
    window,
    action: w.action,
    startMs: w.start,
    endMs: w.end,
    params: w.params,
    error,
    inside,
    before,
    movers: moved,
    evidence: [
      {
        label: "window",
        value: `${isoMs(w.start)} .. ${w.end === null ? "not ended (load end)" : isoMs(w.end)}`,
        source: "chaos",
      },
      {
        label: "sent inside / before",
        value: `${fmt(inside.sent)} / ${fmt(before.sent)}`,
        source: ctx.input.clientSource,
      },
      {
        label: "lost / dead-lettered IDs harmed",
        value: `${fmt(inside.lost)} / ${fmt(inside.deadLettered)} (sent in the window or up to ${leadIn} s before it, still queued when it began)`,
        source: "verify",
      },
      {
        label: "DLQ arrivals in the window",
        value: fmt(inside.dlqArrivals),
        source: ctx.dlqArrivals?.source ?? "samples",
      },
      ...moved.map((m) => ({
        label: `${m.series} inside vs elsewhere`,
        value: `${m.inside} vs ${m.outside}`,
        source: m.source,
      })),
    ],
  };
}

/**
 * Messages sent shortly before a fault are still queued when it begins, and are harmed by it: IDs sent that long
 * before the window (the p99 end-to-end latency, rounded up, plus the second the send time is bucketed in) count as
 * inside it. Capped at the window's length so a slow pipeline does not swallow the whole run.
 */
function leadInSeconds(ctx: FindingContext, windowSeconds: number): number {
  const p99 = ctx.input.verdict?.e2eLatency?.p99;
  const wanted = p99 === undefined ? 1 : Math.ceil(p99 / 1000) + 1;
  return Math.max(0, Math.min(wanted, windowSeconds));
}

function stats(ctx: FindingContext, start: number, end: number, leadIn: number): ChaosStats {
  const from = start - ctx.axis.t0;
  const to = end - ctx.axis.t0;
  const sent = sum(ctx.client.sent, from, to);
  const rej = sum(ctx.client.rej, from, to);
  let p99: number | null = null;
  for (let i = Math.max(0, from); i < Math.min(ctx.client.p99.length, to); i++) {
    const v = ctx.client.p99[i] as number;
    if (!Number.isNaN(v)) p99 = Math.max(p99 ?? 0, v);
  }
  const bySecond = ctx.input.verdict?.bySecond ?? {};
  const within = (points: ReadonlyArray<readonly [number, number]> | undefined): number =>
    (points ?? []).reduce((n, [t, c]) => (t >= start - leadIn && t < end ? n + c : n), 0);
  return {
    seconds: Math.max(0, end - start),
    sent,
    rejectedShare: sent === 0 ? 0 : round(rej / sent, 4),
    p99,
    dlqArrivals: ctx.dlqArrivals === null ? 0 : sum(ctx.dlqArrivals.values, from, to),
    lost: within(bySecond.lost),
    deadLettered: within(bySecond.deadLettered),
  };
}

function pct(share: number): string {
  return `${round(share * 100, 1)} %`;
}
