// Stage "load": the run directory and plan.json, the queue sampler, then the engine with the chaos schedule on its time 0.
import type { LoadSummary } from "../../contracts/load-summary.ts";
import type { ChaosWindow } from "../../contracts/plan-file.ts";
import { RunDir, type RunPaths } from "../../contracts/run-dir.ts";
import { scenarioDurationMs } from "../../executors/index.ts";
import { runLoad } from "../../loadtests/engine/index.ts";
import { startSampler } from "../../reports/index.ts";
import { type RunningChaos, runChaos } from "../chaos/run-chaos.ts";
import { crashedSummary } from "../crashed-summary.ts";
import { liveDepths } from "../live-events.ts";
import type { LoadArtifact, RunContext, RunStage, TargetArtifact } from "./context.ts";
import { recordPlan } from "./record-plan.ts";
import { assertRunDirKept, runDirIdentity } from "./run-dir-guard.ts";

export const loadStage: RunStage<"load"> = {
  name: "load",
  async run(ctx: RunContext): Promise<LoadArtifact> {
    const target = ctx.artifacts.get("target");
    const { run, plan } = recordPlan(ctx, target.target);
    const identity = runDirIdentity(run.dir) ?? "";
    const stopSampler = startSampling(ctx, target, run);
    const { summary, windows } = await runEngine(ctx, target, run);
    // Segments of one run share its directory: each keeps its own summary beside the ledgers.
    assertRunDirKept(run, identity, "load-summary.json");
    new RunDir(run).writeLoadSummary(summary, ctx.request.loadOnly === true ? ctx.segment : null);
    return { run, runDirIdentity: identity, plan, summary, windows, stopSampler };
  },
};

/** Samples every watched queue's depth until stopped (after the verify stage, or when the run ends). */
function startSampling(ctx: RunContext, { target, clients }: TargetArtifact, run: RunPaths): () => Promise<void> {
  const sampler = startSampler({
    clients,
    queues: [...target.queues, ...target.dlqs].map((q) => ({ name: q.name, queueUrl: q.queueUrl })),
    file: run.samples,
    intervalMs: 2_000,
    output: ctx.cli.output,
    onSample: (samples) => ctx.live.emit(liveDepths(samples, new Set(target.dlqs.map((q) => q.name)))),
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= sampler.stop();
    return stopping;
  };
  ctx.resources.defer(stop);
  return stop;
}

async function runEngine(
  ctx: RunContext,
  { target, chaosDriver }: TargetArtifact,
  run: RunPaths,
): Promise<{ summary: LoadSummary; windows: ChaosWindow[] }> {
  const { output } = ctx.cli;
  // The schedule counts from the load's time 0, not from when the workers began to start.
  let chaos: RunningChaos | undefined;
  let summary: LoadSummary;
  try {
    summary = await runLoad({
      runId: ctx.runId,
      scenarioName: ctx.planned.scenarioName,
      scenario: ctx.planned.scenario,
      target,
      ledgerDir: run.ledgerDir,
      segment: ctx.segment,
      ...(ctx.startAt === undefined ? {} : { startAt: ctx.startAt }),
      output,
      // The CLI owns Ctrl+C (bin/interrupt.ts) and stops the load through the signal.
      handleSigint: false,
      onStart: (startedAt) => {
        ctx.live.emit({ kind: "load-start", startedAt, totalMs: scenarioDurationMs(ctx.planned.scenario) });
        chaos = runChaos(ctx.chaos, chaosDriver, output, Date.now, startedAt, (window, index) =>
          ctx.live.emit({ kind: "chaos", index, window: { ...window } }),
        );
      },
      onSecond: (row, detail) => ctx.live.emit({ kind: "second", row, detail }),
      ...(ctx.request.signal === undefined ? {} : { signal: ctx.request.signal }),
    });
  } catch (error) {
    // An engine crash is not a loss: the ledger is cut short, so the verdict becomes unknown.
    output.err(`[load] the engine stopped with an error: ${error instanceof Error ? error.message : String(error)}`);
    summary = crashedSummary(ctx.runId, ctx.planned.scenarioName, ctx.segment, error);
  }
  ctx.live.emit({ kind: "load-end", endedAt: Date.now() });
  const windows = chaos === undefined ? [] : await chaos.stop();
  new RunDir(run).writeChaos(windows);
  return { summary, windows };
}
