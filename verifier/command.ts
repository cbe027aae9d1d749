// Entry of `harness verify` (issue 5): resolve the run, build clients from its plan, verify, print, exit 0/1/2.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createAwsClients } from "../aws/clients.ts";
import type { CliContext } from "../bin/context.ts";
import { parseDuration } from "../common/duration.ts";
import { ExitCode } from "../common/exit-codes.ts";
import { loadConfig } from "../config/load.ts";
import type { PlanFile } from "../contracts/plan-file.ts";
import { resolveRunDir } from "../contracts/run-dir.ts";
import type { Valid } from "../contracts/verdict.ts";
import { PlanUnreadableError, VerifyUsageError } from "./errors.ts";
import { verifyRun } from "./index.ts";
import { formatVerdict } from "./table.ts";

export interface VerifyRequest {
  run: string;
  drainTimeout: string | undefined;
  ledgers: string | undefined;
  config: string | undefined;
  runsDir: string | undefined;
}

export async function verifyCommand(ctx: CliContext, request: VerifyRequest): Promise<number> {
  // Precedence: flag (or env, merged by bin/) then the config file's runsDir, whose default is "runs".
  const runsDir = request.runsDir ?? (await loadConfig(ctx.cwd, request.config)).config.runsDir;
  const run = resolveRunDir(runsDir, request.run, ctx.cwd);
  const plan = readPlan(run.plan);
  const drainTimeoutMs = request.drainTimeout === undefined ? plan.drain.timeoutMs : parseDrain(request.drainTimeout);
  const clients = createAwsClients(plan.target.aws);
  try {
    const verdict = await verifyRun({
      run,
      plan,
      clients,
      drainTimeoutMs,
      settleMs: plan.drain.settleMs,
      output: ctx.output,
      ...(request.ledgers === undefined ? {} : { ledgerDirs: [resolve(ctx.cwd, request.ledgers)] }),
    });
    ctx.output.out(formatVerdict(verdict, run.verify));
    return exitCodeOf(verdict.valid);
  } finally {
    clients.destroy();
  }
}

export function exitCodeOf(valid: Valid): number {
  if (valid === true) return ExitCode.ok;
  if (valid === false) return ExitCode.gateFailed;
  return ExitCode.verdictUnknown;
}

function parseDrain(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) {
    throw new VerifyUsageError(`--drain-timeout ${text} is not a duration.`, "Use e.g. 0, 30s, 2m or 1h30m.");
  }
  return ms;
}

function readPlan(file: string): PlanFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new PlanUnreadableError(file, error instanceof Error ? error.message : String(error), error);
  }
  try {
    const plan = JSON.parse(text) as PlanFile;
    if (plan.schemaVersion !== 1 || typeof plan.runId !== "string" || typeof plan.target !== "object") {
      throw new Error("not a schemaVersion 1 plan");
    }
    return plan;
  } catch (error) {
    throw new PlanUnreadableError(file, error instanceof Error ? error.message : String(error), error);
  }
}
