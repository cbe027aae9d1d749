// When the engine itself fails, the run still has a load summary: empty, and saying why (the verdict becomes unknown).
import type { LoadSummary } from "../contracts/load-summary.ts";

export function crashedSummary(
  runId: string,
  scenario: string,
  segment: { index: number; count: number } | null,
  error: unknown,
): LoadSummary {
  const now = Date.now();
  return {
    schemaVersion: 1,
    runId,
    scenario,
    segment,
    startedAt: now,
    endedAt: now,
    plannedArrivals: 0,
    sent: 0,
    dropped: 0,
    acc: 0,
    rej: 0,
    unk: 0,
    byChannel: {},
    status: {},
    latency: { intended: null, actual: null },
    thresholds: [],
    aborted: { reason: `engine crashed: ${error instanceof Error ? error.message : String(error)}`, at: now },
    interrupted: false,
    perSecond: [],
  };
}
