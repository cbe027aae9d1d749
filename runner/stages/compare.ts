// Stage "compare" (with --compare): this run's metrics against the baseline's; a regression fails the run.
import type { Comparison } from "../compare/compare.ts";
import { compareRuns } from "../compare/run-compare.ts";
import type { RunContext, RunStage } from "./context.ts";

export const compareStage: RunStage<"compare"> = {
  name: "compare",
  async run(ctx: RunContext): Promise<Comparison[]> {
    const { baseline } = ctx.artifacts.get("preflight");
    if (baseline === undefined) return [];
    return compareRuns(ctx.artifacts.get("load").run, baseline, ctx.cli.output);
  },
};
