// The run directory made and plan.json written into it (redacted), just before the load: a run dir means a load began.
import type { PlanFile } from "../../contracts/plan-file.ts";
import { RunDir, type RunPaths } from "../../contracts/run-dir.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import { toolVersions } from "../versions.ts";
import type { RunContext } from "./context.ts";
import { resolveRunsDir } from "./runs-dir.ts";

export function recordPlan(ctx: RunContext, target: ResolvedTarget): { run: RunPaths; plan: PlanFile } {
  const { config, planned, cli } = ctx;
  const runDir = RunDir.create(resolveRunsDir(cli.cwd, ctx.request.runsDir, config), ctx.runId);
  const run = runDir.paths;
  const planFile: PlanFile = {
    schemaVersion: 2,
    runId: ctx.runId,
    createdAt: new Date().toISOString(),
    configFile: ctx.configFile ?? null,
    targetName: planned.targetName,
    target: redactTarget(target),
    scenarioName: planned.scenarioName,
    scenario: planned.scenario,
    gates: planned.gates,
    drain: config.drain,
    segment: ctx.segment,
    versions: toolVersions(),
  };
  runDir.write("plan", planFile);
  cli.output.err(`[plan] run directory ${run.dir}`);
  return { run, plan: planFile };
}

/** plan.json never holds credentials; only the local emulators' fixed, non-secret keys may stay. */
function redactTarget(target: ResolvedTarget): ResolvedTarget {
  if (target.kind === "local") return target;
  const { staticCredentials: _never, ...aws } = target.aws;
  return { ...target, aws };
}
