// Stage "collect": the queue samples end, then CloudWatch metrics for the run's window; a failure costs only the metrics.
import { RunDir } from "../../contracts/run-dir.ts";
import { collectMetrics, type MetricsFile } from "../../reports/index.ts";
import type { RunContext, RunStage } from "./context.ts";

export const collectStage: RunStage<"collect"> = {
  name: "collect",
  async run(ctx: RunContext): Promise<MetricsFile | null> {
    const { target, clients } = ctx.artifacts.get("target");
    const { run, summary, stopSampler } = ctx.artifacts.get("load");
    await stopSampler();
    const end = Date.now();
    try {
      // The local app publishes every 5 s; AWS's own metrics are per minute.
      const resolutionSeconds = target.kind === "local" ? 5 : 60;
      const query = { clients, queries: target.metrics, start: summary.startedAt, end, resolutionSeconds };
      const metrics = await collectMetrics(query);
      new RunDir(run).write("metrics", metrics);
      return metrics;
    } catch (error) {
      ctx.cli.output.err(
        `[collect] CloudWatch metrics not collected: ${error instanceof Error ? error.message : String(error)}`,
      );
      return null;
    }
  },
};
