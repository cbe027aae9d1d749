// Stage "target": the target resolved (a local stack reused or started), its AWS clients, its chaos driver.
import { type AwsClients, createAwsClients } from "../../aws/clients.ts";
import type { ResolvedTarget } from "../../contracts/target.ts";
import { ensureLocalUp, localPendingDeliveries } from "../../local/index.ts";
import type { ChaosDriver } from "../chaos/driver.ts";
import { fisDriver } from "../chaos/fis-driver.ts";
import { localDriver } from "../chaos/local-driver.ts";
import { resolveAwsTarget } from "../resolve-aws-target.ts";
import type { RunContext, RunStage, TargetArtifact } from "./context.ts";

export const targetStage: RunStage<"target"> = {
  name: "target",
  async run(ctx: RunContext): Promise<TargetArtifact> {
    const target = await resolveTarget(ctx);
    const clients = ctx.resources.adopt(createAwsClients(target.aws), (c) => c.destroy());
    return {
      target,
      clients,
      chaosDriver: chaosDriverFor(target, clients, ctx.runId),
      pendingDeliveries: localPendingDeliveries(target),
    };
  },
};

async function resolveTarget(ctx: RunContext): Promise<ResolvedTarget> {
  const { planned, cli } = ctx;
  if (planned.target.kind === "aws") return resolveAwsTarget(planned.targetName, planned.target, cli.env);
  const local = await ensureLocalUp({ cwd: cli.cwd, output: cli.output }, planned.targetName, planned.target);
  // The run holds the stack until it ends; the last holder of a stack a run started stops it.
  ctx.resources.defer(async () => {
    if (await local.stop()) cli.output.err("[target] stopped the local target (no other run holds it)");
  });
  return local.target;
}

function chaosDriverFor(target: ResolvedTarget, clients: AwsClients, runId: string): ChaosDriver {
  if (target.kind === "local" && target.control !== undefined) return localDriver(target.control.url);
  return fisDriver(clients.fis, target.fis?.templates ?? {}, runId);
}
