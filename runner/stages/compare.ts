// Stage "compare" (with --compare), before the report: this run's figures against the baseline's into compare.json,
// which the report judges as gates, so every report and the exit code say what regressed.
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
