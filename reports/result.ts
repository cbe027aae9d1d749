// result.json: the run's outcome as one exported type (gates, verdict, findings), and the exit code it maps to.
import { ExitCode } from "../common/exit-codes.ts";
import type { LoadSummary } from "../contracts/load-summary.ts";
import type { GateResult, RunResult } from "../contracts/result.ts";
import { type MessageClass, messageClasses, type Verdict } from "../contracts/verdict.ts";
import type { Finding } from "./findings/types.ts";

export type { ReporterOutcome, RunResult } from "../contracts/result.ts";

export interface ResultInput {
  runId: string;
  target: string | null;
  scenario: string | null;
  verdict: Verdict | null;
  load: LoadSummary | null;
  gates: GateResult[];
  findings: Finding[];
  problems: string[];
  now: Date;
}

export function assembleResult(input: ResultInput): RunResult {
  const { verdict, load, gates } = input;
  const status = gates.some((g) => g.status === "fail")
    ? "fail"
    : gates.some((g) => g.status === "unknown")
      ? "unknown"
      : "pass";
  return {
    schemaVersion: 1,
    runId: input.runId,
    generatedAt: input.now.toISOString(),
    status,
    valid: verdict?.valid ?? "unknown",
    reasons: verdict?.reasons ?? ["verify.json is missing or unreadable"],
    target: input.target,
    scenario: input.scenario,
    window: load === null ? null : { start: load.startedAt, end: load.endedAt },
    totals: verdict?.totals ?? null,
    classes:
      verdict === null
        ? null
        : (Object.fromEntries(messageClasses.map((c) => [c, verdict.classes[c]?.count ?? 0])) as Record<
            MessageClass,
            number
          >),
    load:
      load === null
        ? null
        : {
            planned: load.plannedArrivals,
            sent: load.sent,
            accepted: load.acc,
            rejected: load.rej,
            unknown: load.unk,
            dropped: load.dropped,
            aborted: load.aborted,
            interrupted: load.interrupted,
          },
    gates,
    findings: input.findings,
    problems: input.problems,
    reporters: [],
  };
}

/**
 * DESIGN.md exit codes. A failed gate on the messages (loss, DLQ, latency, drain) outranks a failed load threshold:
 * the message proof is the headline, and 99 tells CI only that the load itself went wrong.
 */
export function exitCodeFor(result: Pick<RunResult, "gates">): number {
  const failed = result.gates.filter((g) => g.status === "fail");
  if (failed.some((g) => g.kind !== "threshold")) return ExitCode.gateFailed;
  if (failed.length > 0) return ExitCode.thresholdsFailed;
  if (result.gates.some((g) => g.status === "unknown")) return ExitCode.verdictUnknown;
  return ExitCode.ok;
}
