// The --compare baseline as gates (one per compared figure) and a finding when the baseline's shape differs.
import { type CompareFile, type Comparison, describeDifferences } from "../contracts/compare.ts";
import type { BaselineDiffersFinding } from "../contracts/findings.ts";
import type { GateResult } from "../contracts/result.ts";

const unit: Readonly<Record<Comparison["metric"], string>> = {
  throttleOnsetRps: "/s",
  clientP95Ms: " ms",
  clientP99Ms: " ms",
  drainSeconds: " s",
  e2eP99Ms: " ms",
};

/**
 * `compare <metric>`: a regression fails (exit 1, like any gate), a figure missing on one side is skipped (nothing to
 * judge, and a run that never throttled is not unknown for it). None without compare.json (no --compare).
 */
export function compareGates(compare: CompareFile | null): GateResult[] {
  if (compare === null) return [];
  const differs =
    compare.differences.length === 0 ? "" : `; the baseline differs: ${describeDifferences(compare.differences)}`;
  return compare.comparisons.map((c) => {
    const shown = (v: number | null) => (v === null ? null : `${v}${unit[c.metric]}`);
    const status = c.regression ? "fail" : c.baseline === null || c.current === null ? "skipped" : "pass";
    return {
      name: `compare ${c.metric}`,
      kind: "gate",
      status,
      actual: shown(c.current),
      limit: c.baseline === null ? "baseline: none" : `baseline ${shown(c.baseline)}`,
      message: `${c.regression ? "regressed against" : "compared with"} run ${compare.baseline}: ${shown(c.baseline) ?? "none"} -> ${shown(c.current) ?? "none"} (${c.note})${differs}`,
    };
  });
}

export function baselineDiffersFinding(compare: CompareFile | null): BaselineDiffersFinding | null {
  if (compare === null || compare.differences.length === 0) return null;
  return {
    kind: "baselineDiffers",
    severity: "warning",
    title: "The baseline was run with another shape",
    summary: `Compared with run ${compare.baseline}, which differs: ${describeDifferences(compare.differences)}. Latency, drain and throttling depend on rate and duration, so a regression or its absence may come from the difference.`,
    window: null,
    baseline: compare.baseline,
    evidence: compare.differences.map((d) => ({
      label: d.field,
      value: `${d.current} here, ${d.baseline} in the baseline`,
      source: "compare",
    })),
  };
}
