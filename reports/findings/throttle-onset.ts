// Finding: the offered rate at which the target began to reject (throttle onset), and the ceiling it held after.
import type { FindingContext } from "./context.ts";
import { fmt, isoSecond } from "./format.ts";
import { median, sum } from "./series.ts";
import type { ThrottleOnsetFinding } from "./types.ts";

/** A second "rejects" when at least this share of what was sent was rejected (and at least one message). */
const minShare = 0.01;
/** Onset needs rejections in this many of the next `span` seconds, so one stray 4xx is not an onset. */
const sustain = 3;
const span = 5;

export function throttleOnset(ctx: FindingContext): ThrottleOnsetFinding | null {
  const { sent, rej, acc, offered, throttled } = ctx.client;
  // Throttling only (429, ThrottlingException): a validation 4xx is the target saying no, not slow down.
  const rejecting = (i: number): boolean => {
    const s = sent[i] as number;
    const r = throttled[i] as number;
    return s > 0 && r >= 1 && r >= minShare * s;
  };
  let onset = -1;
  for (let i = 0; i < sent.length && onset < 0; i++) {
    if (!rejecting(i)) continue;
    let hits = 0;
    let seen = 0;
    for (let j = i; j < sent.length && seen < span; j++) {
      if ((sent[j] as number) > 0) seen++;
      if (rejecting(j)) hits++;
    }
    if (hits >= Math.min(sustain, seen)) onset = i;
  }
  if (onset < 0) return null;

  const at = ctx.axis.t0 + onset;
  const accepted: number[] = [];
  for (let i = onset; i < sent.length; i++) if (rejecting(i)) accepted.push(acc[i] as number);
  const ceiling = median(accepted) ?? 0;
  const offeredAt = (offered[onset] as number) > 0 ? (offered[onset] as number) : (sent[onset] as number);
  const period = ctx.input.metricsPeriodSeconds;
  const rejectedTotal = sum(rej);
  const throttledTotal = sum(throttled);
  const platformThrottles = ctx.input.metrics
    .filter((m) => m.role === "throttle" && m.points.some(([t, v]) => v > 0 && t + period > at))
    .map((m) => m.label);
  const source = ctx.input.clientSource;
  const offset = at - ctx.loadStartS;
  // A fault injected at the onset explains it better than the offered rate: it is named instead.
  const chaos =
    ctx.input.chaos.find(
      (w) => w.error === undefined && w.start < (at + 1) * 1000 && (w.end ?? ctx.input.loadEnd) >= at * 1000,
    ) ?? null;
  const cause =
    chaos === null
      ? `when the offered rate reached ${fmt(offeredAt)}/s`
      : `inside the chaos window of ${chaos.action} (from ${new Date(chaos.start).toISOString()}), at an offered rate of ${fmt(offeredAt)}/s: the fault, not the offered rate, set it off`;
  return {
    kind: "throttleOnset",
    severity: "warning",
    title: "Throttling began",
    summary:
      `Rejections began at ${isoSecond(at)} (+${offset} s), ${cause}; ` +
      `from then on the target accepted about ${fmt(ceiling)}/s and rejected ${fmt(rejectedTotal)} messages` +
      (throttledTotal > 0 ? ` (${fmt(throttledTotal)} of them HTTP 429).` : "."),
    window: { start: at, end: at + 1 },
    at,
    offeredRate: offeredAt,
    acceptedRate: acc[onset] as number,
    rejectedRate: rej[onset] as number,
    acceptedCeiling: ceiling,
    rejectedTotal,
    throttled429Total: throttledTotal,
    platformThrottles,
    chaosAction: chaos?.action ?? null,
    evidence: [
      { label: "onset second", value: `${isoSecond(at)} (+${offset} s)`, source },
      {
        label: "that second",
        value: `offered ${fmt(offeredAt)}, sent ${fmt(sent[onset] as number)}, accepted ${fmt(acc[onset] as number)}, rejected ${fmt(rej[onset] as number)}`,
        source,
      },
      { label: "accepted ceiling (median of rejecting seconds)", value: `${fmt(ceiling)}/s`, source },
      { label: "rejected in total", value: `${fmt(rejectedTotal)} (429: ${fmt(throttledTotal)})`, source },
      ...(platformThrottles.length > 0
        ? [
            {
              label: "platform throttle metrics above zero",
              value: platformThrottles.join(", "),
              source: "metrics" as const,
            },
          ]
        : []),
    ],
  };
}
