// The one-screen summary at the end of `harness run`: verdict, class counts, top findings, stage times, report path.
import type { Output } from "../common/output.ts";
import type { LoadSummary } from "../contracts/load-summary.ts";
import type { ChaosWindow } from "../contracts/plan-file.ts";
import type { RunPaths } from "../contracts/run-dir.ts";
import { messageClasses, type Verdict } from "../contracts/verdict.ts";
import type { RunResult } from "../reports/index.ts";

export interface RunSummaryInput {
  run: RunPaths;
  verdict: Verdict;
  result: RunResult;
  summary: LoadSummary;
  windows: readonly ChaosWindow[];
  stageMs: Record<string, number>;
  exitCode: number;
}

export function formatRunSummary(input: RunSummaryInput): string {
  const { verdict, result, summary } = input;
  const lines: string[] = [];
  const partial = summary.interrupted
    ? " (PARTIAL: interrupted)"
    : summary.aborted !== null
      ? ` (ABORTED: ${summary.aborted.reason})`
      : "";
  lines.push(
    `\nRun ${input.run.runId}: ${result.status.toUpperCase()}${partial}, valid=${String(verdict.valid)}, exit ${input.exitCode}`,
  );
  lines.push(
    `  load: ${summary.sent} sent (${summary.acc} accepted, ${summary.rej} rejected, ${summary.unk} unknown), ${summary.dropped} dropped arrivals`,
  );
  const counts = messageClasses
    .filter((c) => verdict.classes[c].count > 0)
    .map((c) => `${c} ${verdict.classes[c].count}`);
  lines.push(`  messages: ${counts.length === 0 ? "none" : counts.join(", ")}`);
  for (const reason of verdict.reasons.slice(0, 3)) lines.push(`  why: ${reason}`);
  for (const w of verdict.warnings ?? []) lines.push(`  warning: ${w.source}: ${w.message}`);
  for (const gate of result.gates.filter((g) => g.status !== "pass").slice(0, 5)) {
    lines.push(`  gate ${gate.status.toUpperCase()}: ${gate.name}: ${gate.message}`);
  }
  for (const finding of result.findings.filter((f) => f.severity !== "info").slice(0, 4))
    lines.push(`  finding: ${finding.title}`);
  if (input.windows.length > 0)
    lines.push(`  chaos: ${input.windows.map((w) => `${w.action}${w.error ? " (failed)" : ""}`).join(", ")}`);
  lines.push(
    `  stages: ${Object.entries(input.stageMs)
      .map(([s, ms]) => `${s} ${(ms / 1000).toFixed(1)}s`)
      .join(", ")}`,
  );
  lines.push(`  report: ${input.run.reportHtml}`);
  return lines.join("\n");
}

export function printRunSummary(output: Output, input: RunSummaryInput): void {
  output.out(formatRunSummary(input));
}
