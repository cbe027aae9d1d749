// Pure: the few figures a run is compared on across nights (throttle onset, client p95/p99, drain time, e2e p99).
import type { LoadSummary } from "../../contracts/load-summary.ts";
import type { Verdict } from "../../contracts/verdict.ts";
import type { RunResult } from "../../reports/index.ts";

export interface ComparableMetrics {
  /** Offered rate (msg/s) at which rejections began; null when none began. Lower is worse. */
  throttleOnsetRps: number | null;
  clientP95Ms: number | null;
  clientP99Ms: number | null;
  drainSeconds: number | null;
  e2eP99Ms: number | null;
}

export function comparableMetrics(
  result: RunResult,
  summary: LoadSummary | null,
  verdict: Verdict | null,
): ComparableMetrics {
  let throttleOnsetRps: number | null = null;
  let drainSeconds: number | null = null;
  for (const finding of result.findings) {
    if (finding.kind === "throttleOnset") throttleOnsetRps = finding.offeredRate;
    if (finding.kind === "drain") drainSeconds = finding.drainSeconds;
  }
  return {
    throttleOnsetRps,
    clientP95Ms: summary?.latency.intended?.p95 ?? null,
    clientP99Ms: summary?.latency.intended?.p99 ?? null,
    drainSeconds,
    e2eP99Ms: verdict?.e2eLatency?.p99 ?? null,
  };
}
