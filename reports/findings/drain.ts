// Finding: how long the pipeline took to drain after the load, from the sampler's depths (else the verifier's wait).
import type { FindingContext } from "./context.ts";
import { isoSecond } from "./format.ts";
import type { DrainFinding, Evidence } from "./types.ts";

export function drain(ctx: FindingContext): DrainFinding | null {
  const verdictDrain = ctx.input.verdict?.drain ?? null;
  const measured = drainFromSamples(ctx);
  if (measured === undefined && verdictDrain === null) return null;
  const timedOut = verdictDrain?.timedOut ?? false;
  const remaining = verdictDrain?.remaining ?? {};
  const left = Object.entries(remaining).filter(([, n]) => n > 0);
  const drainSeconds =
    measured ?? (verdictDrain !== null && !timedOut ? Math.round(verdictDrain.waitedMs / 1000) : null);
  const evidence: Evidence[] = [];
  if (measured !== undefined) {
    evidence.push({
      label: "queues empty in the samples",
      value: measured === null ? "never, up to the last sample" : `${measured} s after the load ended`,
      source: "samples",
    });
  }
  if (verdictDrain !== null) {
    evidence.push({
      label: "verifier's drain wait",
      value: `${Math.round(verdictDrain.waitedMs / 1000)} s${timedOut ? ", timed out" : ""}`,
      source: "verify",
    });
  }
  if (left.length > 0) {
    evidence.push({ label: "left in queues", value: left.map(([q, n]) => `${q}: ${n}`).join(", "), source: "verify" });
  }
  const problem = timedOut || left.length > 0;
  return {
    kind: "drain",
    severity: problem ? "problem" : "info",
    title: problem ? "The pipeline did not drain" : "Drain time",
    summary: problem
      ? `The drain timed out${left.length > 0 ? ` with ${left.map(([q, n]) => `${n} in ${q}`).join(", ")}` : ""}; messages still in flight cannot be proven delivered.`
      : drainSeconds === null
        ? "The drain time could not be measured."
        : ctx.input.queues.length === 0
          ? `No queue is watched, so the drain waited only for the sink to stop growing: it settled ${drainSeconds} s after the load ended (${isoSecond(ctx.loadEndS)}).`
          : `Every watched queue was empty ${drainSeconds} s after the load ended (${isoSecond(ctx.loadEndS)}).`,
    window: drainSeconds === null ? null : { start: ctx.loadEndS, end: ctx.loadEndS + drainSeconds },
    drainSeconds,
    timedOut,
    remaining,
    evidence,
  };
}

/** Seconds from load end to the first sample tick where every watched queue is empty; null if never; undefined if no samples. */
function drainFromSamples(ctx: FindingContext): number | null | undefined {
  const queues = ctx.input.queues;
  const samples = ctx.input.samples.filter((s) => queues.includes(s.queue));
  if (queues.length === 0 || samples.length === 0) return undefined;
  const ticks = new Map<number, number[]>();
  for (const s of samples) {
    if (s.t < ctx.input.loadEnd) continue;
    const depths = ticks.get(s.t) ?? [];
    depths.push(s.visible + s.notVisible + s.delayed);
    ticks.set(s.t, depths);
  }
  for (const [t, depths] of [...ticks].sort((a, b) => a[0] - b[0])) {
    if (depths.length === queues.length && depths.every((d) => d === 0)) {
      return Math.max(0, Math.ceil((t - ctx.input.loadEnd) / 1000));
    }
  }
  return null;
}
