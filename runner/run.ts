// Orchestrates one run: plan, then the stages (target, preflight, load, drain, verify, collect, compare, report).
import type { CliContext } from "../common/cli-context.ts";
import { loadConfig } from "../config/load.ts";
import type { HarnessConfig } from "../config/schema.ts";
import type { RunPaths } from "../contracts/run-dir.ts";
import type { Verdict } from "../contracts/verdict.ts";
import { exitCodeFor } from "../reports/index.ts";
import { liveVerdict } from "./live-verdict.ts";
import { withOutFlags } from "./outputs/out-flag.ts";
import { printRunSummary } from "./run-summary.ts";
import type { RunContext, RunRequest } from "./stages/context.ts";
import { runExitCode, segmentExitCode } from "./stages/exit-code.ts";
import { runStagesFor } from "./stages/index.ts";
import { planRun } from "./stages/plan.ts";
import { runStages } from "./stages/stage.ts";
import { liveStageTimer, type StageTimes, stageTimer } from "./stages/stage-timer.ts";

export type { RunRequest } from "./stages/context.ts";
export { planWithOverrides } from "./stages/plan.ts";
export { resolveRunsDir } from "./stages/runs-dir.ts";

export interface RunOutcome {
  exitCode: number;
  run: RunPaths;
  verdict: Verdict | null;
  stageMs: Record<string, number>;
}

export async function runJob(ctx: CliContext, request: RunRequest): Promise<number> {
  const { config, file } = await loadConfig(ctx.cwd, request.config);
  return (await runOnce(ctx, withOutFlags(config, request.out), file, request)).exitCode;
}

export async function runOnce(
  cli: CliContext,
  config: HarnessConfig,
  configFile: string | undefined,
  request: RunRequest,
): Promise<RunOutcome> {
  // Whatever the stages take (local stack, clients, sampler) is released here, last taken first, however they end.
  await using resources = new AsyncDisposableStack();
  const context = planRun({ cli, config, configFile, request, resources });
  const timer = liveStageTimer(stageTimer(cli.output), context.live);
  await runStages(runStagesFor(request, config), context, timer);
  return request.loadOnly === true ? segmentOutcome(context, timer.times) : runOutcome(context, timer.times);
}

function segmentOutcome(context: RunContext, stageMs: StageTimes): RunOutcome {
  const { run, summary } = context.artifacts.get("load");
  context.cli.output.err(
    `[load] segment done: ${summary.sent} sent, ledger in ${run.ledgerDir}; verify later with --ledgers`,
  );
  return { exitCode: segmentExitCode(summary), run, verdict: null, stageMs };
}

function runOutcome(context: RunContext, stageMs: StageTimes): RunOutcome {
  const { artifacts } = context;
  const { run, summary, windows } = artifacts.get("load");
  const verdict = artifacts.get("verify");
  const result = artifacts.get("report");
  const exitCode = runExitCode({ gates: exitCodeFor(result), interrupted: summary.interrupted });
  context.live.emit({ kind: "verdict", verdict: liveVerdict(result, verdict, exitCode, run.reportHtml) });
  printRunSummary(context.cli.output, { run, verdict, result, summary, windows, stageMs, exitCode });
  return { exitCode, run, verdict, stageMs };
}
