// The load engine's public entry points, called by `harness run` (runner/) and the bench.
export { type LoadDetails, type RunLoadOptions, runLoad, runLoadDetailed } from "./run-load.ts";
export type { Segment } from "./segments.ts";
export { parseThresholds } from "./thresholds.ts";
