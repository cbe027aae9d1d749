// Finding: the load engine itself fell behind its plan (send lag) or dropped arrivals at maxInFlight, so the target
// was offered less, or less evenly, than the scenario says. Without it a reader would blame the target for the
// generator's limits (a saturated core, too few workers), as closed-loop tools silently do.

import type { FindingContext } from "./context.ts";
import { isoSecond, ms } from "./format.ts";
import type { EngineLagFinding, Evidence } from "./types.ts";

/** A second whose arrivals left over 50 ms late (p99) was not offered as planned: well above timer and GC jitter. */
export const lagLimitMs = 50;

export function engineLag(ctx: FindingContext): EngineLagFinding | null {
  // The ledger has no plan, so neither the lag nor drops can be told from it.
  if (ctx.input.clientSource !== "load-summary") return null;
  const seconds = ctx.input.client;
  let lagging = 0;
  let waiting = 0;
  let dropped = 0;
  let worst: { t: number; lag: number; written: number | null; offered: number } | null = null;
  let first: number | null = null;
  let last: number | null = null;
  for (const s of seconds) {
    dropped += s.dropped;
    const lag = s.sendLagP99;
    const late = lag !== null && lag > lagLimitMs;
    if (late) lagging++;
    // Fired on time but written late: every connection was busy, waiting on the target's answers.
    if (late && s.fireLagP99 !== null && s.fireLagP99 < lagLimitMs / 2) waiting++;
    if (lag !== null && (worst === null || lag > worst.lag))
      worst = { t: s.t, lag, written: s.written, offered: s.offered };
    if (late || s.dropped > 0) {
      first ??= s.t;
      last = s.t;
    }
  }
  if (lagging === 0 && dropped === 0) return null;
  const evidence: Evidence[] = [];
  if (worst !== null)
    evidence.push({
      label: "worst second's send-lag p99",
      value: `${ms(worst.lag)} at ${isoSecond(worst.t)}`,
      source: "load-summary",
    });
  // What reached the wire in that second against the plan: the shortfall the target really saw.
  if (worst !== null && worst.written !== null)
    evidence.push({
      label: "written to the wire in that second",
      value: `${worst.written.toLocaleString("en-US")} of ${worst.offered.toLocaleString("en-US")} planned`,
      source: "load-summary",
    });
  evidence.push({
    label: `seconds with send-lag p99 over ${lagLimitMs} ms`,
    value: `${lagging} of ${seconds.length}`,
    source: "load-summary",
  });
  if (dropped > 0)
    evidence.push({
      label: "arrivals dropped at maxInFlight",
      value: dropped.toLocaleString("en-US"),
      source: "load-summary",
    });
  const parts: string[] = [];
  if (lagging > 0) {
    const why =
      waiting === lagging
        ? "it fired them on time, but every connection was busy: they waited for the target's answers to free one (HTTP/1.1 carries one request at a time)"
        : waiting === 0
          ? "the engine itself was late to fire them (short of CPU, or paused)"
          : `in ${waiting} of them every connection was busy, waiting for the target's answers; in the others the engine itself was late`;
    parts.push(
      `in ${lagging} second(s) messages left over ${lagLimitMs} ms after their planned time (p99; worst ${ms(worst?.lag ?? 0)}): ${why}`,
    );
  }
  if (dropped > 0)
    parts.push(
      `${dropped.toLocaleString("en-US")} planned arrival(s) were not sent because maxInFlight messages were already waiting for an answer (they have no ID and no ledger record)`,
    );
  return {
    kind: "engineLag",
    severity: "warning",
    title: "The load engine fell behind its plan",
    summary:
      `${parts.join("; ")}. The target was offered less, or less evenly, than the scenario planned; latencies from the ` +
      "intended send time include this lag. More workers or segments (more connections and CPU), a larger maxInFlight, " +
      "or a lower rate keep the engine on plan.",
    window: first === null || last === null ? null : { start: first, end: last + 1 },
    laggingSeconds: lagging,
    waitingForConnections: waiting,
    lagLimitMs,
    worstLagMs: worst?.lag ?? null,
    worstAt: worst?.t ?? null,
    dropped,
    evidence,
  };
}
