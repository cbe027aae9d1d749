// Entry of `harness verify` (issue 5): resolve the run, build clients from its plan, verify, print, exit 0/1/2.
import { existsSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { createAwsClients } from "../aws/clients.ts";
import type { CliContext } from "../common/cli-context.ts";
import { parseDuration } from "../common/duration.ts";
import { ExitCode } from "../common/exit-codes.ts";
import { loadConfig } from "../config/load.ts";
import { ArtifactError, ArtifactMissingError } from "../contracts/errors.ts";
import type { PlanFile } from "../contracts/plan-file.ts";
import { RunDir, type RunPaths } from "../contracts/run-dir.ts";
import type { ResolvedTarget } from "../contracts/target.ts";
import type { Valid } from "../contracts/verdict.ts";
import { PlanUnreadableError, VerifyUsageError } from "./errors.ts";
import { type PendingDeliveries, type VerifyOutcome, verifyRunStored } from "./index.ts";
import { downloadS3Run, parseS3RunUrl } from "./sources/s3-run.ts";
import { formatVerdict } from "./table.ts";

export interface VerifyRequest {
  run: string;
  drainTimeout: string | undefined;
  ledgers: string | undefined;
  config: string | undefined;
  runsDir: string | undefined;
}

/** What `harness verify` is given from above (bin/ passes what the runner uses), so the verifier imports no target. */
export interface VerifyDeps {
  /** The probe of deliveries a target holds outside its queues (local: EventBridge retries); none by default. */
  pendingDeliveriesFor?: (target: ResolvedTarget) => PendingDeliveries | undefined;
  /**
   * Rebuilds the run's report (report.html, summary.md, junit.xml, result.json) from the run directory, so it never
   * stays behind a new verify.json; bin/ passes the report builder (the verifier imports no reporter).
   */
  /** Rebuilds the report from the run directory and returns its gates' exit code (bin/ passes the reports' builder). */
  rebuildReport?: (run: RunPaths) => Promise<number>;
}

export async function verifyCommand(ctx: CliContext, request: VerifyRequest, deps: VerifyDeps = {}): Promise<number> {
  // A ledger folder that is not there would read as an empty ledger: refused before anything is read or written.
  if (request.ledgers !== undefined && !request.ledgers.startsWith("s3://"))
    checkLedgerDir(resolve(ctx.cwd, request.ledgers), request.ledgers);
  // Precedence: flag (or env, merged by bin/) then the config file's runsDir, whose default is "runs".
  const runsDir = request.runsDir ?? (await loadConfig(ctx.cwd, request.config)).config.runsDir;
  // A flag is checked before anything is read or contacted.
  const drainFlagMs = request.drainTimeout === undefined ? undefined : parseDrain(request.drainTimeout);
  const fromS3 = request.ledgers?.startsWith("s3://") === true;
  if (fromS3) await fetchRun(ctx, request.ledgers ?? "", resolve(ctx.cwd, runsDir));
  const runDir = fromS3
    ? RunDir.open(runsDir, parseS3RunUrl(request.ledgers ?? "").runId, ctx.cwd)
    : RunDir.open(runsDir, request.run, ctx.cwd);
  const run = runDir.paths;
  const plan = readPlan(runDir);
  const drainTimeoutMs = drainFlagMs ?? plan.drain.timeoutMs;
  const clients = createAwsClients(plan.target.aws);
  const pendingDeliveries = deps.pendingDeliveriesFor?.(plan.target);
  let outcome: VerifyOutcome;
  try {
    outcome = await verifyRunStored({
      run,
      plan,
      clients,
      drainTimeoutMs,
      settleMs: plan.drain.settleMs,
      output: ctx.output,
      pendingDeliveries,
      ...(request.ledgers === undefined || fromS3 ? {} : { ledgerDirs: [resolve(ctx.cwd, request.ledgers)] }),
    });
  } finally {
    clients.destroy();
  }
  const { verdict } = outcome;
  ctx.output.out(formatVerdict(verdict, shown(ctx.cwd, outcome.file)));
  for (const line of placement(ctx.cwd, outcome)) ctx.output.out(line);
  let gatesExit: number | undefined;
  if (outcome.latest && deps.rebuildReport !== undefined) {
    try {
      gatesExit = await deps.rebuildReport(run);
      ctx.output.out(`Report rebuilt: ${shown(ctx.cwd, run.reportHtml)}`);
    } catch (error) {
      // The verdict is written; a report that cannot be rebuilt is said, and `harness report` can retry it.
      ctx.output.err(`[verify] the report was not rebuilt: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // A source that did not answer leaves the verdict unknown for want of evidence: exit 3, as documented.
  if (verdict.valid === "unknown" && outcome.unreachable.length > 0) return ExitCode.unreachable;
  // The exit code follows the gates, as `harness run`'s does (maxLost may allow known loss); without a rebuilt
  // report, the accounting alone decides.
  return gatesExit ?? exitCodeOf(verdict.valid);
}

/** Where the verdict went, when it is not simply the new verify.json. */
function placement(cwd: string, outcome: VerifyOutcome): string[] {
  const lines: string[] = [];
  if (outcome.unreachable.length > 0) lines.push(`Unreachable: ${outcome.unreachable.join("; ")}`);
  if (outcome.kept !== undefined) {
    lines.push(
      `Kept: verify.json (valid ${String(outcome.kept.valid)}, verified ${outcome.kept.verifiedAt}) stays the latest; ` +
        "this unknown attempt could not reach a source and is recorded in the history only.",
    );
  }
  if (outcome.archived !== undefined) lines.push(`Previous verdict kept in ${shown(cwd, outcome.archived)}`);
  return lines;
}

function shown(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel !== "" && !rel.startsWith("..") ? rel : file;
}

function checkLedgerDir(dir: string, given: string): void {
  if (existsSync(dir) && statSync(dir).isDirectory()) return;
  throw new VerifyUsageError(
    `--ledgers ${given}: ${existsSync(dir) ? "is not a folder" : "no such folder"} (${dir}).`,
    "Pass the folder holding the segments' ledger files (or their run folders), or an s3:// prefix.",
  );
}

/** The segments' uploads become `<runsDir>/<runId>/`; S3 is reached like the AWS CLI does (env region, endpoint, chain). */
async function fetchRun(ctx: CliContext, url: string, runsDir: string): Promise<void> {
  const location = parseS3RunUrl(url);
  const endpoint = ctx.env.AWS_ENDPOINT_URL_S3 ?? ctx.env.AWS_ENDPOINT_URL;
  const clients = createAwsClients({
    region: ctx.env.AWS_REGION ?? ctx.env.AWS_DEFAULT_REGION ?? "us-east-1",
    profile: ctx.env.AWS_PROFILE,
    ...(endpoint === undefined || endpoint === "" ? {} : { endpoints: { s3: endpoint } }),
  });
  try {
    const count = await downloadS3Run(clients.s3, location, join(runsDir, location.runId), ctx.output);
    if (count === 0)
      throw new VerifyUsageError(
        `Nothing is stored under ${url}.`,
        "Check the bucket and prefix the segments uploaded to.",
      );
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

/** plan.json through the run directory's schema; any problem with it is the verify command's PlanUnreadableError. */
function readPlan(run: RunDir): PlanFile {
  try {
    return run.read("plan");
  } catch (error) {
    if (!(error instanceof ArtifactError)) throw error;
    const prefix = `${error.file}: `;
    const reason =
      error instanceof ArtifactMissingError
        ? "it is missing"
        : error.message
            .split("\n")
            .map((line) => (line.startsWith(prefix) ? line.slice(prefix.length) : line))
            .join("; ");
    throw new PlanUnreadableError(error.file, reason, error);
  }
}
