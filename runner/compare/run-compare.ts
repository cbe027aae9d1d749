// Reads a baseline run from disk, compares, writes compare.json beside the report and prints the regressions.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Output } from "../../common/output.ts";
import type { LoadSummary } from "../../contracts/load-summary.ts";
import type { RunPaths } from "../../contracts/run-dir.ts";
import type { Verdict } from "../../contracts/verdict.ts";
import type { RunResult } from "../../reports/index.ts";
import { writeJson } from "../write-json.ts";
import { type Comparison, compareMetrics } from "./compare.ts";
import { comparableMetrics } from "./metrics.ts";

function readOptional<T>(path: string): T | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return null;
  }
}

export function metricsOfRun(run: RunPaths) {
  const result = readOptional<RunResult>(run.result);
  if (result === null) return null;
  return comparableMetrics(result, readOptional<LoadSummary>(run.loadSummary), readOptional<Verdict>(run.verify));
}

export function compareRuns(current: RunPaths, baseline: RunPaths, output: Output): Comparison[] {
  const now = metricsOfRun(current);
  const then = metricsOfRun(baseline);
  if (now === null || then === null) {
    output.err(`[compare] no result.json in ${now === null ? current.dir : baseline.dir}; nothing compared`);
    return [];
  }
  const comparisons = compareMetrics(then, now);
  writeJson(join(current.dir, "compare.json"), { baseline: baseline.runId, comparisons });
  for (const c of comparisons) {
    output.err(
      `[compare] ${c.regression ? "REGRESSION" : "ok"} ${c.metric}: ${c.baseline ?? "-"} -> ${c.current ?? "-"} (${c.note})`,
    );
  }
  return comparisons;
}
