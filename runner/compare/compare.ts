// Pure: compares this run's figures with a baseline's and names every regression beyond a tolerance.
import type { Comparison } from "../../contracts/compare.ts";
import type { ComparableMetrics } from "./metrics.ts";

export type { Comparison } from "../../contracts/compare.ts";

export interface CompareOptions {
  /** Relative worsening that counts as a regression (0.2 = 20 %). */
  tolerance: number;
  /** Absolute worsening below which noise is ignored, per unit. */
  floorMs: number;
  floorSeconds: number;
  floorRps: number;
}

export const defaultCompareOptions: CompareOptions = { tolerance: 0.2, floorMs: 5, floorSeconds: 2, floorRps: 10 };

const lowerIsWorse = new Set<keyof ComparableMetrics>(["throttleOnsetRps"]);

export function compareMetrics(
  baseline: ComparableMetrics,
  current: ComparableMetrics,
  options: CompareOptions = defaultCompareOptions,
): Comparison[] {
  return (Object.keys(current) as Array<keyof ComparableMetrics>).map((metric) => {
    const b = baseline[metric];
    const c = current[metric];
    const floor =
      metric === "throttleOnsetRps"
        ? options.floorRps
        : metric === "drainSeconds"
          ? options.floorSeconds
          : options.floorMs;
    if (metric === "throttleOnsetRps" && b === null && c !== null) {
      return {
        metric,
        baseline: b,
        current: c,
        ratio: null,
        regression: true,
        note: `throttling now begins at ${c}/s; the baseline never throttled`,
      };
    }
    if (b === null || c === null)
      return {
        metric,
        baseline: b,
        current: c,
        ratio: null,
        regression: false,
        note: "not comparable (missing on one side)",
      };
    const worse = lowerIsWorse.has(metric) ? b - c : c - b;
    const ratio = b === 0 ? null : c / b;
    const regression = worse > floor && worse > Math.abs(b) * options.tolerance;
    return {
      metric,
      baseline: b,
      current: c,
      ratio,
      regression,
      note: regression
        ? `worse by ${round(worse)} (${b === 0 ? "from 0" : `${round((worse / Math.abs(b)) * 100)} %`})`
        : "within tolerance",
    };
  });
}

const round = (n: number) => Math.round(n * 10) / 10;
