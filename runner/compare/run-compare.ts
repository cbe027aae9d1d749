// Reads a baseline run from disk, compares, writes compare.json beside the report and prints the regressions.
import type { Output } from "../../common/output.ts";
import { RunDir, type RunPaths } from "../../contracts/run-dir.ts";
import { type Comparison, compareMetrics } from "./compare.ts";
import { comparableMetrics } from "./metrics.ts";

/** A run's comparable figures; null when it has no result.json. A broken artifact throws its ArtifactError. */
export function metricsOfRun(paths: RunPaths) {
  const run = new RunDir(paths);
  const result = run.readIfPresent("result");
  if (result === null) return null;
  return comparableMetrics(result, run.readIfPresent("loadSummary"), run.readIfPresent("verify"));
}

export function compareRuns(current: RunPaths, baseline: RunPaths, output: Output): Comparison[] {
  const now = metricsOfRun(current);
  const then = metricsOfRun(baseline);
  if (now === null || then === null) {
    output.err(`[compare] no result.json in ${now === null ? current.dir : baseline.dir}; nothing compared`);
    return [];
  }
  const comparisons = compareMetrics(then, now);
  new RunDir(current).write("compare", { schemaVersion: 1, baseline: baseline.runId, comparisons });
  for (const c of comparisons) {
    output.err(
      `[compare] ${c.regression ? "REGRESSION" : "ok"} ${c.metric}: ${c.baseline ?? "-"} -> ${c.current ?? "-"} (${c.note})`,
    );
  }
  return comparisons;
}
