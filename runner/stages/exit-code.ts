// The exit code of a run: the gates' verdict, made 99 by an interrupted load and 1 by a regression against a baseline.
import { ExitCode } from "../../common/exit-codes.ts";
import type { LoadSummary } from "../../contracts/load-summary.ts";

export interface RunExitInput {
  /** What the report's gates say (reports' exitCodeFor). */
  gates: number;
  interrupted: boolean;
  /** Metrics worse than the baseline's; 0 without --compare. */
  regressions: number;
}

/** A passing run is failed by an interruption first (a partial load proves nothing), then by a regression. */
export function runExitCode({ gates, interrupted, regressions }: RunExitInput): number {
  if (gates !== ExitCode.ok) return gates;
  if (interrupted) return ExitCode.thresholdsFailed;
  if (regressions > 0) return ExitCode.gateFailed;
  return ExitCode.ok;
}

/** A load-only segment fails when its thresholds failed or its load was aborted (k6's 99). */
export function segmentExitCode(summary: Pick<LoadSummary, "aborted" | "thresholds">): number {
  const failed = summary.aborted !== null || summary.thresholds.some((t) => !t.ok);
  return failed ? ExitCode.thresholdsFailed : ExitCode.ok;
}
