// Finding: the load engine itself fell behind its plan, in a sustained way, so the target was offered less evenly
// than the scenario says. Without it a reader would blame the target for the generator's limits (a saturated core,
// too few workers), as closed-loop tools silently do. A late second while messages wait for a free connection is the
// target's slowness, not the engine's: target-saturated.ts reads those.

import type { ClientSecond } from "../client-series.ts";
import type { FindingContext } from "./context.ts";
import { isoSecond, ms } from "./format.ts";
import type { EngineLagFinding, Evidence } from "./types.ts";

/** A second whose arrivals left over 50 ms late (p99) was not offered as planned: well above timer and GC jitter. */
export const lagLimitMs = 50;
/** One late second is a pause (a GC, the machine); this many in a row is an engine that cannot keep the plan. */
export const sustainedSeconds = 3;

/** The engine's own part of a second's lag: the scheduler's fire lag, or the send lag where that was not recorded. */
function ownLag(s: ClientSecond): number | null {
  return s.fireLagP99 ?? s.sendLagP99;
}

/** Fired on time and written late: every connection was busy, waiting for the target's answers. */
export function waitedForConnections(s: ClientSecond): boolean {
  return s.sendLagP99 !== null && s.sendLagP99 > lagLimitMs && s.fireLagP99 !== null && s.fireLagP99 < lagLimitMs / 2;
}

export function engineLag(ctx: FindingContext): EngineLagFinding | null {
  // The ledger has no plan, so the lag cannot be told from it.
  if (ctx.input.clientSource !== "load-summary") return null;
  const seconds = ctx.input.client;
  const runs: Array<{ from: number; to: number }> = [];
  let open: { from: number; to: number } | null = null;
  for (let i = 0; i < seconds.length; i++) {
    const s = seconds[i] as ClientSecond;
    const lag = ownLag(s);
    const late = lag !== null && lag > lagLimitMs && !waitedForConnections(s);
    if (late) {
      if (open === null) open = { from: i, to: i };
      else open.to = i;
    }
    if ((!late || i === seconds.length - 1) && open !== null) {
      if (open.to - open.from + 1 >= sustainedSeconds) runs.push(open);
      open = null;
    }
  }
  if (runs.length === 0) return null;
  let lagging = 0;
  let longest = 0;
  let worst: { t: number; lag: number } | null = null;
  for (const run of runs) {
    lagging += run.to - run.from + 1;
    longest = Math.max(longest, run.to - run.from + 1);
    for (let i = run.from; i <= run.to; i++) {
      const s = seconds[i] as ClientSecond;
      const lag = ownLag(s) ?? 0;
      if (worst === null || lag > worst.lag) worst = { t: s.t, lag };
    }
  }
  const first = seconds[runs[0]?.from ?? 0] as ClientSecond;
  const last = seconds[runs.at(-1)?.to ?? 0] as ClientSecond;
  const evidence: Evidence[] = [
    {
      label: "worst second's fire lag p99",
      value: `${ms(worst?.lag ?? 0)} at ${isoSecond(worst?.t ?? first.t)}`,
      source: "load-summary",
    },
    {
      label: `seconds late by over ${lagLimitMs} ms, in runs of ${sustainedSeconds} or more`,
      value: `${lagging} of ${seconds.length} (longest run ${longest} s)`,
      source: "load-summary",
    },
  ];
  return {
    kind: "engineLag",
    severity: "warning",
    title: "The load engine fell behind its plan",
    summary:
      `For ${lagging} second(s), in runs of ${sustainedSeconds} or more (longest ${longest} s), the engine itself fired ` +
      `messages over ${lagLimitMs} ms after their planned time (p99; worst ${ms(worst?.lag ?? 0)}), short of CPU or ` +
      "paused: the target was offered less evenly than the scenario planned, and latencies from the intended send " +
      "time include this lag. More workers or segments, or a lower rate, keep the engine on plan.",
    window: { start: first.t, end: last.t + 1 },
    laggingSeconds: lagging,
    longestRunSeconds: longest,
    lagLimitMs,
    worstLagMs: worst?.lag ?? null,
    worstAt: worst?.t ?? null,
    evidence,
  };
}
