// The run directory made and plan.json written into it (redacted), just before the load: a run dir means a load began.
import { parseDuration } from "../../common/duration.ts";
import type { PlanFile } from "../../contracts/plan-file.ts";
import { createRunDir, type RunPaths } from "../../contracts/run-dir.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import { toolVersions } from "../versions.ts";
import { writeJson } from "../write-json.ts";
import type { RunContext } from "./context.ts";
import { resolveRunsDir } from "./runs-dir.ts";

export function recordPlan(ctx: RunContext, target: ResolvedTarget): { run: RunPaths; plan: PlanFile } {
  const { config, planned, cli } = ctx;
  const run = createRunDir(resolveRunsDir(cli.cwd, ctx.request.runsDir, config), ctx.runId);
  const planFile: PlanFile = {
    schemaVersion: 1,
    runId: ctx.runId,
    createdAt: new Date().toISOString(),
    configFile: ctx.configFile ?? null,
    targetName: planned.targetName,
    target: redactTarget(target),
    scenarioName: planned.scenarioName,
    scenario: planned.scenario,
    gates: config.gates,
    drain: {
      timeoutMs: parseDuration(config.drain.timeout) ?? 120_000,
      settleMs: parseDuration(config.drain.settle) ?? 5_000,
    },
    segment: ctx.segment,
    versions: toolVersions(),
  };
  writeJson(run.plan, planFile);
  cli.output.err(`[plan] run directory ${run.dir}`);
  return { run, plan: planFile };
}

/** plan.json never holds credentials; only the local emulators' fixed, non-secret keys may stay. */
function redactTarget(target: ResolvedTarget): ResolvedTarget {
  if (target.kind === "local") return target;
  const { staticCredentials: _never, ...aws } = target.aws;
  return { ...target, aws };
}
