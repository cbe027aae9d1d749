// Reads the baseline and this run from disk, compares, writes compare.json (which the report judges) and prints it.
import type { Output } from "../../common/output.ts";
import { RunDir, type RunPaths } from "../../contracts/run-dir.ts";
import { judgeRunDir } from "../../reports/index.ts";
import type { Baseline } from "./baseline.ts";
import { type Comparison, compareMetrics } from "./compare.ts";
import { type ComparableMetrics, comparableMetrics } from "./metrics.ts";
import { describeDifferences } from "./shape.ts";

/** A finished run's comparable figures, from its result.json; null when it has none. A broken artifact throws. */
export function metricsOfRun(paths: RunPaths): ComparableMetrics | null {
  const run = new RunDir(paths);
  const result = run.readIfPresent("result");
  if (result === null) return null;
  return comparableMetrics(result, run.readIfPresent("loadSummary"), run.readIfPresent("verify"));
}

/** This run's figures before its report exists: its findings judged in memory from what the stages wrote. */
async function metricsOfThisRun(paths: RunPaths): Promise<ComparableMetrics> {
  const run = new RunDir(paths);
  const result = await judgeRunDir(paths);
  return comparableMetrics(result, run.readIfPresent("loadSummary"), run.readIfPresent("verify"));
}

export function shapeWarning({ run, differences }: Baseline): string {
  return `[compare] warning: the baseline ${run.runId} differs from this run: ${describeDifferences(differences)}; its figures compare with care`;
}

export async function compareRuns(current: RunPaths, baseline: Baseline, output: Output): Promise<Comparison[]> {
  const then = metricsOfRun(baseline.run);
  if (then === null) {
    output.err(`[compare] no result.json in ${baseline.run.dir}; nothing compared`);
    return [];
  }
  const comparisons = compareMetrics(then, await metricsOfThisRun(current));
  new RunDir(current).write("compare", {
    schemaVersion: 2,
    baseline: baseline.run.runId,
    comparisons,
    differences: baseline.differences,
  });
  if (baseline.differences.length > 0) output.err(shapeWarning(baseline));
  for (const c of comparisons) {
    output.err(
      `[compare] ${c.regression ? "REGRESSION" : "ok"} ${c.metric}: ${c.baseline ?? "-"} -> ${c.current ?? "-"} (${c.note})`,
    );
  }
  return comparisons;
}
