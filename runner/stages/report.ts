// Stage "report": correlate the artifacts on disk, judge the gates, write report.html, summary.md, junit.xml, result.json.
import { buildReport, type RunResult } from "../../reports/index.ts";
import type { RunContext, RunStage } from "./context.ts";

export const reportStage: RunStage<"report"> = {
  name: "report",
  run(ctx: RunContext): Promise<RunResult> {
    return buildReport({ run: ctx.artifacts.get("load").run, output: ctx.cli.output });
  },
};
