// Stage "drain": wait until the queues are empty, nothing is pending delivery and the sink stops growing, or time out.
import { drainTarget } from "../../verifier/index.ts";
import type { DrainArtifact, RunContext, RunStage } from "./context.ts";

export const drainStage: RunStage<"drain"> = {
  name: "drain",
  async run(ctx: RunContext): Promise<DrainArtifact> {
    const { clients, pendingDeliveries } = ctx.artifacts.get("target");
    const { plan, summary } = ctx.artifacts.get("load");
    try {
      const drained = await drainTarget({
        plan,
        clients,
        drainTimeoutMs: plan.drain.timeoutMs,
        settleMs: plan.drain.settleMs,
        expectedSinkCount: summary.acc,
        output: ctx.cli.output,
        pendingDeliveries,
      });
      return { drained };
    } catch (error) {
      // A target down at the drain is the verifier not able to run: the verify stage says unknown.
      return { failed: error };
    }
  },
};
