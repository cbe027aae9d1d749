// The run directory made and plan.json written into it (redacted), just before the load: a run dir means a load began.
import { redactHeaders, redactUrl } from "../../common/redact.ts";
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

/**
 * plan.json never holds credentials: no AWS keys (the local emulators' fixed, non-secret ones aside), no secret header
 * values (by name and by pattern: common/redact.ts), no secret query parameters. The engine sends the real values:
 * it gets the target from memory, never from plan.json.
 */
export function redactTarget(target: ResolvedTarget): ResolvedTarget {
  const http =
    target.http === undefined
      ? {}
      : { http: { ...target.http, url: redactUrl(target.http.url), headers: redactHeaders(target.http.headers) } };
  if (target.kind === "local") return { ...target, ...http };
  const { staticCredentials: _never, ...aws } = target.aws;
  return { ...target, aws, ...http };
}
