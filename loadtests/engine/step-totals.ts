// A flow step's running totals, which the aggregator keeps and thresholds read.
import type { Histogram } from "./histogram.ts";

/** A flow step's calls over the run so far. */
export interface StepTotals {
  calls: number;
  acc: number;
  rej: number;
  unk: number;
  duration: Histogram;
}
