// Stage "outputs" (only when the config has `outputs`): the OTLP and Prometheus outputs started before anything else.
import { toolVersions } from "../versions.ts";
import type { RunContext, RunStage } from "./context.ts";

export const outputsStage: RunStage<"outputs"> = {
  name: "outputs",
  async run(ctx: RunContext) {
    // Loaded only for a run that has outputs: the OpenTelemetry packages are most of a `harness run` start otherwise.
    const { startOutputs } = await import("../outputs/start-outputs.ts");
    const outputs = await startOutputs({
      configs: ctx.config.outputs,
      env: ctx.cli.env,
      labels: { runId: ctx.runId, target: ctx.planned.targetName, scenario: ctx.planned.scenarioName },
      live: ctx.live,
      output: ctx.cli.output,
      version: toolVersions().harness as string,
    });
    ctx.resources.defer(() => outputs.close());
    return outputs;
  },
};
