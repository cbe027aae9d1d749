// Orchestrates one run: plan (with safety rails) now; the stages after it land with issue 7.
import type { CliContext } from "../bin/context.ts";
import { NotBuiltError } from "../common/errors.ts";
import { loadConfig } from "../config/load.ts";
import { plan } from "./plan.ts";

export interface RunRequest {
  target: string | undefined;
  scenario: string | undefined;
  config: string | undefined;
  runsDir: string | undefined;
  rate: string | undefined;
  duration: string | undefined;
  confirmProduction: boolean;
  compare: string | undefined;
  segment: string | undefined;
  runId?: string | undefined;
  loadOnly?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

export async function runJob(ctx: CliContext, request: RunRequest): Promise<number> {
  const { config } = await loadConfig(ctx.cwd, request.config);
  const resolved = plan(config, request);
  ctx.output.err(
    `[plan] target ${resolved.targetName}, scenario ${resolved.scenarioName}, peak ${resolved.peakRps ?? "closed-model"} /s`,
  );
  throw new NotBuiltError("`harness run` past the plan stage (load, drain, verify, report)", 7);
}
