// Orchestrates one run: plan, preflight, load (with sampler and chaos), drain + verify, collect, report.

import { dirname, resolve } from "node:path";
import { type AwsClients, createAwsClients } from "../aws/clients.ts";
import type { CliContext } from "../bin/context.ts";
import { ExitCode } from "../common/exit-codes.ts";
import { newRunId } from "../common/run-id.ts";
import { loadConfig } from "../config/load.ts";
import type { HarnessConfig } from "../config/schema.ts";
import type { ChaosWindow, PlanFile } from "../contracts/plan-file.ts";
import { RunDir, type RunPaths } from "../contracts/run-dir.ts";
import type { ResolvedTarget } from "../contracts/target.ts";
import type { Verdict } from "../contracts/verdict.ts";
import { applyOverrides, parseSegment, runLoad } from "../loadtests/engine/index.ts";
import { ensureLocalUp } from "../local/index.ts";
import { buildReport, collectMetrics, exitCodeFor, startSampler } from "../reports/index.ts";
import { verifyRun } from "../verifier/index.ts";
import type { ChaosDriver } from "./chaos/driver.ts";
import { fisDriver } from "./chaos/fis-driver.ts";
import { localDriver } from "./chaos/local-driver.ts";
import { type RunningChaos, runChaos } from "./chaos/run-chaos.ts";
import { scheduleChaos } from "./chaos/schedule.ts";
import { findBaseline } from "./compare/baseline.ts";
import { compareRuns } from "./compare/run-compare.ts";
import { crashedSummary } from "./crashed-summary.ts";
import { unknownVerdict } from "./fallback-verdict.ts";
import { type Plan, plan } from "./plan.ts";
import { preflight } from "./preflight.ts";
import { resolveAwsTarget } from "./resolve-aws-target.ts";
import { printRunSummary } from "./run-summary.ts";
import { stageTimer } from "./stage-timer.ts";
import { validateRunId } from "./validate-run-id.ts";
import { toolVersions } from "./versions.ts";

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
  /** Only plan, preflight and load (a segment of a distributed run); verify merges the ledgers later. */
  loadOnly?: boolean | undefined;
  /** Stops arrivals when aborted (the CLI wires SIGINT to it). */
  signal?: AbortSignal | undefined;
}

export interface RunOutcome {
  exitCode: number;
  run: RunPaths;
  verdict: Verdict | null;
  stageMs: Record<string, number>;
}

export async function runJob(ctx: CliContext, request: RunRequest): Promise<number> {
  const { config, file } = await loadConfig(ctx.cwd, request.config);
  return (await runOnce(ctx, config, file, request)).exitCode;
}

/** Plans with the CLI's overrides applied first, so the safety rails judge what will really be sent. */
export function planWithOverrides(config: HarnessConfig, request: RunRequest): Plan {
  const base = plan(config, { ...request, confirmProduction: true });
  const scenario = applyOverrides(base.scenario, {
    ...(request.rate === undefined ? {} : { rate: request.rate }),
    ...(request.duration === undefined ? {} : { duration: request.duration }),
  });
  const withOverrides = { ...config, scenarios: { ...config.scenarios, [base.scenarioName]: scenario } };
  return plan(withOverrides, request);
}

export async function runOnce(
  ctx: CliContext,
  config: HarnessConfig,
  configFile: string | undefined,
  request: RunRequest,
): Promise<RunOutcome> {
  const { output } = ctx;
  const planned = planWithOverrides(config, request);
  // A payload module is named relative to the config file; workers import it by absolute path.
  const payload = planned.scenario.payload;
  const resolved =
    payload === undefined
      ? planned
      : {
          ...planned,
          scenario: {
            ...planned.scenario,
            payload: resolve(configFile === undefined ? ctx.cwd : dirname(configFile), payload),
          },
        };
  const segment = request.segment === undefined ? null : parseSegment(request.segment);
  const runId = request.runId === undefined ? newRunId() : validateRunId(request.runId);
  const stages = stageTimer(output);
  output.err(
    `[plan] run ${runId}: target ${resolved.targetName}, scenario ${resolved.scenarioName}, peak ${resolved.peakRps ?? "closed-model"}/s${segment === null ? "" : `, segment ${segment.index}/${segment.count}`}`,
  );

  let stopLocal: (() => Promise<void>) | undefined;
  let stopSampler: (() => Promise<void>) | undefined;
  let clients: AwsClients | undefined;
  try {
    const target: ResolvedTarget = await stages.run("target", async () => {
      if (resolved.target.kind === "aws") return resolveAwsTarget(resolved.targetName, resolved.target, ctx.env);
      const local = await ensureLocalUp({ cwd: ctx.cwd, output }, resolved.targetName, resolved.target);
      if (local.startedByUs) stopLocal = local.stop;
      return local.target;
    });
    const awsClients = createAwsClients(target.aws);
    clients = awsClients;
    const chaosDriver = chaosDriverFor(target, awsClients, runId);
    const schedule = scheduleChaos(resolved.scenario.chaos);

    await stages.run("preflight", async () => {
      const result = await preflight(target, awsClients);
      if (schedule.length > 0) await chaosDriver.validate(schedule.map((s) => s.step));
      output.err(`[preflight] ${result.checks.map((c) => `${c.what}: ${c.detail}`).join("; ")}`);
    });

    const runsDir = resolveRunsDir(ctx.cwd, request.runsDir, config);
    // The baseline is found before any load, so a missing one costs nothing.
    const baseline =
      request.compare === undefined
        ? undefined
        : findBaseline(runsDir, request.compare, {
            runId,
            target: resolved.targetName,
            scenario: resolved.scenarioName,
          });
    const runDir = RunDir.create(runsDir, runId);
    const run = runDir.paths;
    const planFile: PlanFile = {
      schemaVersion: 2,
      runId,
      createdAt: new Date().toISOString(),
      configFile: configFile ?? null,
      targetName: resolved.targetName,
      target: redactTarget(target),
      scenarioName: resolved.scenarioName,
      scenario: resolved.scenario,
      gates: config.gates,
      drain: config.drain,
      segment,
      versions: toolVersions(),
    };
    runDir.write("plan", planFile);
    output.err(`[plan] run directory ${run.dir}`);

    const sampler = startSampler({
      clients: awsClients,
      queues: [...target.queues, ...target.dlqs].map((q) => ({ name: q.name, queueUrl: q.queueUrl })),
      file: run.samples,
      intervalMs: 2_000,
      output,
    });
    stopSampler = () => sampler.stop();
    let windows: ChaosWindow[] = [];
    const summary = await stages.run("load", async () => {
      // The schedule counts from the load's time 0, not from when the workers began to start.
      let chaos: RunningChaos | undefined;
      try {
        return await runLoad({
          runId,
          scenarioName: resolved.scenarioName,
          scenario: resolved.scenario,
          target,
          ledgerDir: run.ledgerDir,
          segment,
          output,
          // The CLI owns Ctrl+C (bin/interrupt.ts) and stops the load through the signal.
          handleSigint: false,
          onStart: (startedAt) => {
            chaos = runChaos(schedule, chaosDriver, output, Date.now, startedAt);
          },
          ...(request.signal === undefined ? {} : { signal: request.signal }),
        });
      } catch (error) {
        // An engine crash is not a loss: the ledger is cut short, so the verdict becomes unknown.
        output.err(
          `[load] the engine stopped with an error: ${error instanceof Error ? error.message : String(error)}`,
        );
        return crashedSummary(runId, resolved.scenarioName, segment, error);
      } finally {
        windows = chaos === undefined ? [] : await chaos.stop();
        runDir.writeChaos(windows);
      }
    });
    // Segments of one run share its directory: each keeps its own summary beside the ledgers.
    runDir.writeLoadSummary(summary, request.loadOnly === true ? segment : null);
    if (request.loadOnly === true) {
      const failed = summary.aborted !== null || summary.thresholds.some((t) => !t.ok);
      output.err(`[load] segment done: ${summary.sent} sent, ledger in ${run.ledgerDir}; verify later with --ledgers`);
      return { exitCode: failed ? ExitCode.thresholdsFailed : ExitCode.ok, run, verdict: null, stageMs: stages.times };
    }

    const verdict = await stages.run("verify", async () => {
      try {
        return await verifyRun({
          run,
          plan: planFile,
          clients: awsClients,
          drainTimeoutMs: planFile.drain.timeoutMs,
          settleMs: planFile.drain.settleMs,
          output,
        });
      } catch (error) {
        const verdict = unknownVerdict(
          runId,
          `verifier could not run: ${error instanceof Error ? error.message : String(error)}`,
        );
        runDir.write("verify", verdict);
        return verdict;
      }
    });
    await sampler.stop();
    stopSampler = undefined;

    await stages.run("collect", async () => {
      const end = Date.now();
      try {
        // The local app publishes every 5 s; AWS's own metrics are per minute.
        const resolutionSeconds = target.kind === "local" ? 5 : 60;
        const query = {
          clients: awsClients,
          queries: target.metrics,
          start: summary.startedAt,
          end,
          resolutionSeconds,
        };
        runDir.write("metrics", await collectMetrics(query));
      } catch (error) {
        output.err(
          `[collect] CloudWatch metrics not collected: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });

    const result = await stages.run("report", () => buildReport({ run, output }));
    let exitCode = exitCodeFor(result);
    if (summary.interrupted && exitCode === ExitCode.ok) exitCode = ExitCode.thresholdsFailed;
    if (baseline !== undefined) {
      const regressions = compareRuns(run, baseline, output).filter((c) => c.regression);
      if (regressions.length > 0 && exitCode === ExitCode.ok) exitCode = ExitCode.gateFailed;
    }
    printRunSummary(output, { run, verdict, result, summary, windows, stageMs: stages.times, exitCode });
    return { exitCode, run, verdict, stageMs: stages.times };
  } finally {
    await stopSampler?.();
    clients?.destroy();
    if (stopLocal !== undefined) {
      output.err("[target] stopping the local target this run started");
      await stopLocal();
    }
  }
}

function chaosDriverFor(target: ResolvedTarget, clients: AwsClients, runId: string): ChaosDriver {
  if (target.kind === "local" && target.control !== undefined) return localDriver(target.control.url);
  return fisDriver(clients.fis, target.fis?.templates ?? {}, runId);
}

export function resolveRunsDir(cwd: string, flag: string | undefined, config: HarnessConfig): string {
  return resolve(cwd, flag ?? config.runsDir);
}

/** plan.json never holds credentials; only the local emulators' fixed, non-secret keys may stay. */
function redactTarget(target: ResolvedTarget): ResolvedTarget {
  if (target.kind === "local") return target;
  const { staticCredentials: _never, ...aws } = target.aws;
  return { ...target, aws };
}
