// Stage "drain": wait until the queues are empty, nothing is pending delivery and the sink stops growing, or time out.
import { drainTarget } from "../../verifier/index.ts";
import type { DrainArtifact, RunContext, RunStage } from "./context.ts";

/**
 * The sink count that lets the drain stop before its settle window: the accepted count, only when every message sent
 * was accepted. A refused or unknown message that was processed anyway would add an item the accepted count does not
 * expect, so with any of those the drain waits the settle window as before.
 */
export function earlySettleCount(summary: { acc: number; rej: number; unk: number }): number | undefined {
  return summary.rej === 0 && summary.unk === 0 ? summary.acc : undefined;
}

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
        expectedSinkCount: earlySettleCount(summary),
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
