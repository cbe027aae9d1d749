// The short text `harness verify` prints: a class/count table, the verdict and its reasons.
import { messageClasses, type Verdict } from "../contracts/verdict.ts";

export function formatVerdict(verdict: Verdict, verifyFile: string): string {
  const width = Math.max(...messageClasses.map((c) => c.length));
  const rows = messageClasses
    .filter((c) => verdict.classes[c].count > 0 || c === "delivered" || c === "lost")
    .map((c) => `  ${c.padEnd(width)}  ${String(verdict.classes[c].count).padStart(10)}`);
  const lat = verdict.e2eLatency;
  const lines = [
    `Run ${verdict.runId}: ${verdict.totals.ledger} message(s) in the ledger (accepted ${verdict.totals.accepted}, rejected ${verdict.totals.rejected}, unknown ${verdict.totals.unknown})`,
    "",
    `  ${"class".padEnd(width)}  ${"count".padStart(10)}`,
    ...rows,
    "",
    ...(lat === null
      ? []
      : [`End-to-end latency (ms): p50 ${lat.p50}, p95 ${lat.p95}, p99 ${lat.p99}, max ${lat.max}`]),
    `Verdict: valid ${verdict.valid === "unknown" ? "unknown" : String(verdict.valid)}`,
    ...verdict.reasons.map((r) => `  - ${r}`),
    ...(verdict.warnings ?? []).flatMap((w) => [`Warning: ${w.source}: ${w.message}`]),
    `Written: ${verifyFile}`,
  ];
  return lines.join("\n");
}
