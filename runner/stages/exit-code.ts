// The exit code of a run: the gates' verdict (a regression against a --compare baseline is a gate), made 99 by an interrupted load.
import { ExitCode } from "../../common/exit-codes.ts";
import type { LoadSummary } from "../../contracts/load-summary.ts";

export interface RunExitInput {
  /** What the report's gates say (reports' exitCodeFor). */
  gates: number;
  interrupted: boolean;
}

/** A passing run is failed by an interruption (a partial load proves nothing). */
export function runExitCode({ gates, interrupted }: RunExitInput): number {
  if (gates !== ExitCode.ok) return gates;
  if (interrupted) return ExitCode.thresholdsFailed;
  return ExitCode.ok;
}

/** A load-only segment fails when its thresholds failed or its load was aborted (k6's 99). */
export function segmentExitCode(summary: Pick<LoadSummary, "aborted" | "thresholds">): number {
  const failed = summary.aborted !== null || summary.thresholds.some((t) => !t.ok);
  return failed ? ExitCode.thresholdsFailed : ExitCode.ok;
}
