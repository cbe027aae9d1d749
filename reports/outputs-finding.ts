// The findings of outputs.json: an output that dropped intervals is named, with how many and why; the verdict is not touched.
import type { OutputsDroppedFinding } from "../contracts/findings.ts";
import type { OutputExport, OutputsFile } from "../contracts/outputs.ts";

/** "OTLP export: 3 of 12 intervals dropped (2 connect ECONNREFUSED 127.0.0.1:4318; 1 buffer full ...)", or null. */
export function describeDrops(e: OutputExport): string | null {
  if (e.dropped === 0) return null;
  const why = e.reasons.map((r) => `${r.count} ${r.reason}`).join("; ");
  return `${e.type === "otlp" ? "OTLP" : "Prometheus"} export: ${e.dropped} of ${e.intervals} intervals dropped (${why})`;
}

export function outputsFindings(file: OutputsFile | null): OutputsDroppedFinding[] {
  if (file === null) return [];
  return file.outputs.flatMap((e): OutputsDroppedFinding[] => {
    const title = describeDrops(e);
    if (title === null) return [];
    return [
      {
        kind: "outputsDropped",
        severity: "warning",
        title,
        summary: `The live metrics sent to ${e.where} miss ${e.dropped} of the load's ${e.intervals} seconds. The run's own artifacts (ledger, load-summary.json, this report) are complete, and the verdict does not depend on them; cumulative counters resume exact totals at the next interval that got through.`,
        window: null,
        output: e.type,
        intervals: e.intervals,
        dropped: e.dropped,
        evidence: e.reasons.map((r) => ({
          label: `${r.count} interval${r.count === 1 ? "" : "s"}`,
          value: r.reason,
          source: "outputs",
        })),
      },
    ];
  });
}
