// The load engine's public entry points, called by `harness run` (runner/) and the bench.
export { applyOverrides, type Overrides } from "./overrides.ts";
export { type LoadDetails, type RunLoadOptions, runLoad, runLoadDetailed } from "./run-load.ts";
export { parseSegment, type Segment } from "./segments.ts";
export { parseThresholds } from "./thresholds.ts";
