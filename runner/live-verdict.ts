// The run's outcome as the live event a watcher gets once the report is written (the verdict, failing gates, classes).
import type { Verdict } from "../contracts/verdict.ts";
import type { RunResult } from "../reports/index.ts";
import type { LiveVerdict } from "./live-events.ts";

export function liveVerdict(result: RunResult, verdict: Verdict, exitCode: number, report: string): LiveVerdict {
  const classes: Record<string, number> = {};
  for (const [name, c] of Object.entries(verdict.classes)) if (c.count > 0) classes[name] = c.count;
  return {
    status: result.status,
    valid: result.valid,
    exitCode,
    classes,
    failing: result.gates
      .filter((g) => g.status === "fail" || g.status === "unknown")
      .map((g) => ({ name: g.name, status: g.status, message: g.message })),
    report,
  };
}
