// The stage lists of `harness run`: a whole run, and a load-only segment of a distributed one.
import type { HarnessConfig } from "../../config/schema.ts";
import { collectStage } from "./collect.ts";
import { compareStage } from "./compare.ts";
import type { RunArtifacts, RunContext, RunRequest } from "./context.ts";
import { drainStage } from "./drain.ts";
import { loadStage } from "./load.ts";
import { outputsStage } from "./outputs.ts";
import { preflightStage } from "./preflight.ts";
import { reportStage } from "./report.ts";
import { keepingRunDir } from "./run-dir-guard.ts";
import type { AnyStage } from "./stage.ts";
import { targetStage } from "./target.ts";
import { verifyStage } from "./verify.ts";

export type RunStageList = ReadonlyArray<AnyStage<RunContext, RunArtifacts>>;

/** A segment only loads; `harness verify --ledgers` merges the segments' ledgers later. */
export const segmentStages: RunStageList = [targetStage, preflightStage, loadStage];

/**
 * The comparison with a baseline (--compare) comes before the report, which judges it as gates like every other;
 * every stage after the load checks that the run directory it writes into is still the one the load filled.
 */
export function runStagesFor(request: RunRequest, config?: Pick<HarnessConfig, "outputs">): RunStageList {
  // The metrics outputs start first, so a taken port or an unset header variable stops the run before anything else.
  const outputs: RunStageList = (config?.outputs.length ?? 0) > 0 ? [outputsStage] : [];
  if (request.loadOnly === true) return [...outputs, ...segmentStages];
  return [
    ...outputs,
    targetStage,
    preflightStage,
    loadStage,
    keepingRunDir(drainStage),
    keepingRunDir(verifyStage),
    keepingRunDir(collectStage),
    ...(request.compare === undefined ? [] : [keepingRunDir(compareStage)]),
    keepingRunDir(reportStage),
  ];
}
