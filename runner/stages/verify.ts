// Stage "verify": reconcile the ledger with the sinks and DLQs; a verifier that cannot run gives an unknown verdict.
import { RunDir } from "../../contracts/run-dir.ts";
import type { Verdict } from "../../contracts/verdict.ts";
import { verifyDrained } from "../../verifier/index.ts";
import { unknownVerdict } from "../fallback-verdict.ts";
import type { RunContext, RunStage } from "./context.ts";

export const verifyStage: RunStage<"verify"> = {
  name: "verify",
  async run(ctx: RunContext): Promise<Verdict> {
    const { clients } = ctx.artifacts.get("target");
    const { run, plan } = ctx.artifacts.get("load");
    const drain = ctx.artifacts.get("drain");
    try {
      if ("failed" in drain) throw drain.failed;
      return await verifyDrained({ run, plan, clients, output: ctx.cli.output, drained: drain.drained });
    } catch (error) {
      const reason = `verifier could not run: ${error instanceof Error ? error.message : String(error)}`;
      const verdict = unknownVerdict(ctx.runId, reason);
      new RunDir(run).write("verify", verdict);
      return verdict;
    }
  },
};
