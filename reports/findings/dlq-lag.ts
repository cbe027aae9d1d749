// Finding: how long after throttling began the DLQs started to fill, and the lag at which the two series move together.
import type { FindingContext } from "./context.ts";
import { fmt, isoSecond, round } from "./format.ts";
import { countSeries, sum } from "./series.ts";
import type { DlqLagFinding, EvidenceSource } from "./types.ts";

/** Longest lag searched: retries exhausting maxReceiveCount x visibility timeout rarely exceed this. */
const maxLagSeconds = 900;
const minCorrelation = 0.3;

export function dlqLag(ctx: FindingContext): DlqLagFinding | null {
  const dlq = ctx.dlqArrivals;
  if (dlq === null) return null;
  const throttle = throttleSignal(ctx);
  if (throttle === null) return null;
  const throttleIndex = firstPositive(throttle.values);
  const dlqIndex = firstPositive(dlq.values);
  if (throttleIndex < 0 || dlqIndex < 0) return null;
  const throttleStart = ctx.axis.t0 + throttleIndex;
  const dlqStart = ctx.axis.t0 + dlqIndex;
  const lagSeconds = dlqStart - throttleStart;
  // Compare at the coarser of the two resolutions (a 60 s CloudWatch period, a 5 s sample), or the lag is noise.
  const bucket = Math.max(
    throttle.resolution,
    dlq.source === "metrics" ? ctx.input.metricsPeriodSeconds : 1,
    dlqResolution(ctx),
  );
  const correlatedLagSeconds = bestLag(throttle.values, dlq.values, bucket);
  const dlqArrivals = sum(dlq.values);
  const dlqFrom = describeSource(dlq.source);
  // Without samples or DLQ metrics only the send seconds of dead-lettered IDs are known, not their arrival times.
  const what = dlq.source === "verify" ? "IDs that ended in a DLQ were first sent" : "Dead-letter arrivals began";
  return {
    kind: "dlqLag",
    // Arrivals that precede the throttling have another cause (errors, a fault): say so rather than imply one.
    severity: lagSeconds >= 0 ? "warning" : "info",
    title: lagSeconds >= 0 ? "DLQ arrivals followed throttling" : "DLQ arrivals began before throttling",
    summary:
      lagSeconds >= 0
        ? `${what} ${lagSeconds} s after ${throttle.name} began` +
          (correlatedLagSeconds === null ? "." : ` and track it best at a lag of ${correlatedLagSeconds} s.`) +
          ` ${fmt(dlqArrivals)} arrivals in all (${dlqFrom}).`
        : `${what} ${-lagSeconds} s before ${throttle.name}: throttling does not explain them.`,
    window: { start: Math.min(throttleStart, dlqStart), end: Math.max(throttleStart, dlqStart) + 1 },
    throttleStart,
    dlqStart,
    lagSeconds,
    correlatedLagSeconds,
    dlqArrivals,
    dlqSource: dlq.source,
    evidence: [
      { label: `first second of ${throttle.name}`, value: isoSecond(throttleStart), source: throttle.source },
      { label: "first DLQ arrival", value: `${isoSecond(dlqStart)} (${dlqFrom})`, source: dlq.source },
      { label: "lag", value: `${lagSeconds} s (resolution ${bucket} s)`, source: dlq.source },
      {
        label: "best-correlated lag",
        value: correlatedLagSeconds === null ? "no clear correlation" : `${correlatedLagSeconds} s`,
        source: dlq.source,
      },
    ],
  };
}

/**
 * Throttles that can send a message to a DLQ are the platform's (a throttled Lambda poll, a throttled EventBridge
 * target): API Gateway 4XX are client rejections that never enter a queue. The client's throttles are the fallback.
 */
function throttleSignal(
  ctx: FindingContext,
): { name: string; source: EvidenceSource; values: Float64Array; resolution: number } | null {
  const platform = ctx.input.metrics.filter(
    (m) => m.role === "throttle" && m.namespace !== "AWS/ApiGateway" && m.points.some((p) => p[1] > 0),
  );
  if (platform.length > 0) {
    const period = ctx.input.metricsPeriodSeconds;
    // A period's sum is spread over its seconds: the count happened somewhere inside it, not at its first second.
    const spread = platform.flatMap((m) =>
      m.points.flatMap(([t, v]) => Array.from({ length: period }, (_, k) => [t + k, v / period] as [number, number])),
    );
    return {
      name: platform.map((m) => m.label).join(" + "),
      source: "metrics",
      values: countSeries(ctx.axis, spread),
      resolution: period,
    };
  }
  // The fallback is what the client was told to slow down (429, ThrottlingException); a validation 4xx is no throttle.
  if (sum(ctx.client.throttled) > 0) {
    const values = Float64Array.from(ctx.client.throttled, (v) => (Number.isNaN(v) ? 0 : v));
    return { name: "client throttles", source: ctx.input.clientSource, values, resolution: 1 };
  }
  return null;
}

function firstPositive(values: Float64Array): number {
  for (let i = 0; i < values.length; i++) if ((values[i] as number) > 0) return i;
  return -1;
}

/**
 * Lag (0..max, in whole buckets) maximising the Pearson correlation of cause(t) with effect(t + lag), both summed
 * into buckets of `bucket` seconds; null below a weak correlation.
 */
export function bestLag(cause: Float64Array, effect: Float64Array, bucket = 1): number | null {
  const a = rebucket(cause, bucket);
  const b = rebucket(effect, bucket);
  const n = Math.min(a.length, b.length);
  let best: { lag: number; r: number } | null = null;
  for (let lag = 0; lag <= Math.min(Math.floor(maxLagSeconds / bucket), n - 3); lag++) {
    const r = pearson(a, b, lag, n - lag);
    if (r !== null && (best === null || r > best.r)) best = { lag, r };
  }
  return best !== null && best.r >= minCorrelation ? best.lag * bucket : null;
}

function rebucket(values: Float64Array, bucket: number): Float64Array {
  if (bucket <= 1) return values;
  const out = new Float64Array(Math.ceil(values.length / bucket));
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) out[Math.floor(i / bucket)] = (out[Math.floor(i / bucket)] as number) + v;
  }
  return out;
}

/** The sampler's interval, seen as the gap between DLQ samples. */
function dlqResolution(ctx: FindingContext): number {
  const name = ctx.input.dlqs[0];
  const times = ctx.input.samples.filter((s) => s.queue === name).map((s) => s.t);
  if (times.length < 2) return 1;
  return Math.max(1, Math.round(((times.at(-1) as number) - (times[0] as number)) / 1000 / (times.length - 1)));
}

function pearson(a: Float64Array, b: Float64Array, lag: number, length: number): number | null {
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < length; i++) {
    const x = nz(a[i] as number);
    const y = nz(b[i + lag] as number);
    sa += x;
    sb += y;
    saa += x * x;
    sbb += y * y;
    sab += x * y;
  }
  const cov = sab - (sa * sb) / length;
  const va = saa - (sa * sa) / length;
  const vb = sbb - (sb * sb) / length;
  if (va <= 0 || vb <= 0) return null;
  return round(cov / Math.sqrt(va * vb), 4);
}

function nz(v: number): number {
  return Number.isNaN(v) ? 0 : v;
}

function describeSource(source: EvidenceSource): string {
  if (source === "samples") return "DLQ depth steps from the sampler";
  if (source === "metrics") return "CloudWatch DLQ metrics";
  return "dead-lettered IDs by send second";
}
