// Finding: the target saturated. It could not answer what was offered: latency climbed with the load, outcomes became
// unknown (timeouts, answers still missing at the graceful stop), messages waited for a free connection, arrivals were
// dropped at maxInFlight. Distinct from the engine falling behind (engine-lag.ts): here the engine kept its plan.

import type { ClientSecond } from "../client-series.ts";
import type { FindingContext } from "./context.ts";
import { sustainedSeconds, waitedForConnections } from "./engine-lag.ts";
import { isoSecond, ms } from "./format.ts";
import { median } from "./series.ts";
import type { Evidence, TargetSaturatedFinding } from "./types.ts";

/** Unknown outcomes worth a finding: at least this share of those sent, and at least minUnknown of them. */
const unknownShareBound = 0.01;
const minUnknown = 10;
/** Latency that climbed this many times over its early level, and past climbedPastMs, is the target's queueing. */
const climbFactor = 10;
const climbedPastMs = 1_000;

export function targetSaturated(ctx: FindingContext): TargetSaturatedFinding | null {
  const all = ctx.input.client;
  const seconds = all.filter((s) => s.sent > 0 || s.dropped > 0);
  if (seconds.length === 0) return null;
  const status = ctx.input.statusMix ?? {};
  // Totals over every second: a timeout lands up to the client's timeout after the last send.
  const sent = all.reduce((sum, s) => sum + s.sent, 0);
  const unknown = all.reduce((sum, s) => sum + s.unk, 0);
  const dropped = all.reduce((sum, s) => sum + s.dropped, 0);
  const timeouts = status.timeout ?? 0;
  const interrupted = status.interrupted ?? 0;
  const waiting = seconds.filter(waitedForConnections);
  const early =
    median(
      seconds
        .slice(0, Math.max(sustainedSeconds, Math.ceil(seconds.length / 10)))
        .map((s) => s.p99)
        .filter((p): p is number => p !== null),
    ) ?? null;
  let worst: ClientSecond | null = null;
  for (const s of seconds) if (s.p99 !== null && (worst === null || s.p99 > (worst.p99 ?? 0))) worst = s;
  const unknownShare = sent === 0 ? 0 : unknown / sent;
  const climbed =
    early !== null && worst?.p99 != null && worst.p99 >= climbedPastMs && worst.p99 >= climbFactor * Math.max(early, 1);
  const manyUnknown = unknown >= minUnknown && unknownShare >= unknownShareBound;
  if (!climbed && !manyUnknown && dropped === 0 && waiting.length < sustainedSeconds) return null;

  const parts: string[] = [];
  const evidence: Evidence[] = [];
  if (climbed && worst !== null && early !== null) {
    parts.push(`client latency p99 climbed from ${ms(early)} early in the load to ${ms(worst.p99 ?? 0)}`);
    evidence.push({
      label: "client latency p99, early and worst second",
      value: `${ms(early)}; ${ms(worst.p99 ?? 0)} at ${isoSecond(worst.t)} (offered ${worst.offered.toLocaleString("en-US")}/s)`,
      source: "load-summary",
    });
  }
  if (manyUnknown) {
    const why = [
      timeouts > 0 ? `${timeouts.toLocaleString("en-US")} timed out` : "",
      interrupted > 0 ? `${interrupted.toLocaleString("en-US")} still unanswered at the graceful stop` : "",
    ].filter((w) => w !== "");
    parts.push(
      `${unknown.toLocaleString("en-US")} of ${sent.toLocaleString("en-US")} outcomes (${(unknownShare * 100).toFixed(1)} %) are unknown${why.length > 0 ? ` (${why.join(", ")})` : ""}`,
    );
    evidence.push({ label: "unknown outcomes", value: `${unknown} of ${sent}`, source: "load-summary" });
  }
  if (dropped > 0) {
    parts.push(
      `${dropped.toLocaleString("en-US")} planned arrival(s) were not sent because maxInFlight messages were already waiting for an answer`,
    );
    evidence.push({ label: "arrivals dropped at maxInFlight", value: String(dropped), source: "load-summary" });
  }
  if (waiting.length > 0) {
    parts.push(`in ${waiting.length} second(s) messages were fired on time and waited for a free connection`);
    evidence.push({ label: "seconds waiting for a connection", value: String(waiting.length), source: "load-summary" });
  }
  const symptomatic = seconds.filter(
    (s) => s.unk > 0 || s.dropped > 0 || waitedForConnections(s) || (climbed && (s.p99 ?? 0) >= climbedPastMs),
  );
  const first = symptomatic[0] ?? seconds[0];
  const last = symptomatic.at(-1) ?? seconds.at(-1);
  // Saturation is load-dependent evidence; unknown outcomes alone at a steady load are a target that fails to answer
  // some requests, whatever the load: said so, not blamed on the offered rate.
  const saturated = climbed || dropped > 0 || waiting.length >= sustainedSeconds;
  return {
    kind: "targetSaturated",
    saturated,
    severity: unknownShare >= 0.1 || dropped > 0 ? "problem" : "warning",
    title: saturated ? "The target saturated" : "Outcomes unknown",
    summary:
      (saturated
        ? `The target could not keep up with the offered load: ${parts.join("; ")}. `
        : `The target left some requests without an answer, with no sign of saturation (latency did not climb, no message waited for a connection): ${parts.join("; ")}. `) +
      "Unknown outcomes prove nothing either way, so this run's verdict rests on fewer messages. " +
      (saturated
        ? "Lower the rate, raise the target's capacity (API throttle, consumer concurrency), or, for a planned overload, expect these and gate them with maxUnknownShare."
        : "Check the target's timeouts and errors for these requests (the ledger names them), or raise http.timeoutMs if the target is slow by design."),
    window: first === undefined || last === undefined ? null : { start: first.t, end: last.t + 1 },
    unknown,
    unknownShare,
    timeouts,
    interrupted,
    dropped,
    waitingSeconds: waiting.length,
    latencyP99Early: early,
    latencyP99Worst: worst?.p99 ?? null,
    latencyWorstAt: worst?.t ?? null,
    evidence,
  };
}
