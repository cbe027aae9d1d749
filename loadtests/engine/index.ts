// The load engine's public entry points, called by `harness run` (runner/) and the bench.
export type { SecondDetail, SecondListener } from "./aggregator.ts";
export type { HistogramData } from "./histogram.ts";
export { type LoadDetails, type RunLoadOptions, runLoad, runLoadDetailed } from "./run-load.ts";
export type { Segment } from "./segments.ts";
export { parseThresholds } from "./thresholds.ts";
