// Stage "report": correlate the artifacts on disk, judge the gates, write report.html, summary.md, junit.xml, result.json.
import { RunDir } from "../../contracts/run-dir.ts";
import { buildReport, type RunResult } from "../../reports/index.ts";
import type { RunContext, RunStage } from "./context.ts";

export const reportStage: RunStage<"report"> = {
  name: "report",
  async run(ctx: RunContext): Promise<RunResult> {
    const { run } = ctx.artifacts.get("load");
    // What the metrics outputs got out (their flush began at the load's end) goes into the report as outputs.json.
    const outputs = ctx.artifacts.find("outputs");
    if (outputs !== undefined) new RunDir(run).write("outputs", await outputs.finish());
    return buildReport({ run, output: ctx.cli.output });
  },
};
