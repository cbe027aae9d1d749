// Stage "preflight": the target answers, the chaos steps can be injected, the baseline to compare with exists.
import { type Baseline, findBaseline } from "../compare/baseline.ts";
import { shapeWarning } from "../compare/run-compare.ts";
import { preflight } from "../preflight.ts";
import type { PreflightArtifact, RunContext, RunStage } from "./context.ts";
import { resolveRunsDir } from "./runs-dir.ts";

export const preflightStage: RunStage<"preflight"> = {
  name: "preflight",
  async run(ctx: RunContext): Promise<PreflightArtifact> {
    const { target, clients, chaosDriver } = ctx.artifacts.get("target");
    const result = await preflight(target, clients, ctx.config.preflight.timeoutMs);
    if (ctx.chaos.length > 0) await chaosDriver.validate(ctx.chaos.map((s) => s.step));
    ctx.cli.output.err(`[preflight] ${result.checks.map((c) => `${c.what}: ${c.detail}`).join("; ")}`);
    return { checks: result.checks, baseline: baselineOf(ctx) };
  },
};

/** The baseline is found before any load, so a missing or incomparable one costs nothing. */
function baselineOf(ctx: RunContext): Baseline | undefined {
  const { request, config, cli, planned } = ctx;
  if (request.compare === undefined) return undefined;
  const baseline = findBaseline(resolveRunsDir(cli.cwd, request.runsDir, config), request.compare, {
    runId: ctx.runId,
    target: planned.targetName,
    scenarioName: planned.scenarioName,
    scenario: planned.scenario,
  });
  cli.output.err(
    `[preflight] baseline ${baseline.run.runId}${baseline.differences.length === 0 ? " (same shape)" : ""}`,
  );
  if (baseline.differences.length > 0) cli.output.err(shapeWarning(baseline));
  return baseline;
}
