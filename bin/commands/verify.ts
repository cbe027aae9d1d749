// `harness verify`: reconcile a run's ledger against sinks and DLQs, from the run directory alone.
import type { Command } from "commander";
import { type CliContext, flagOrEnv } from "../../common/cli-context.ts";

export function registerVerify(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command("verify")
    .description(
      "reconcile every sent message ID against the sink tables and DLQs; writes verify.json (the previous one kept in verify-history/) and rebuilds the report",
    )
    .option("-r, --run <dir|latest>", "run directory, or latest (default: latest)")
    .option("--drain-timeout <d>", "how long to wait for queues to empty first, e.g. 120s (0 skips the drain)")
    .option("--ledgers <dir>", "merge ledgers from several segments (a folder of ledger files)")
    .option("-c, --config <file>", "config file (env HARNESS_CONFIG)")
    .option("--runs-dir <dir>", "where run directories are (env HARNESS_RUNS_DIR)")
    .addHelpText(
      "after",
      `
Examples:
  $ harness verify --run latest
  $ harness verify --run runs/20261126T154200Z-k3j9x2q1 --drain-timeout 10m`,
    )
    .action(
      async (flags: { run?: string; drainTimeout?: string; ledgers?: string; config?: string; runsDir?: string }) => {
        // Loaded when the command runs: other commands need not pay for the verifier, the reports or the local target.
        const [{ localPendingDeliveries }, { buildReport, exitCodeFor }, { verifyCommand }] = await Promise.all([
          import("../../local/index.ts"),
          import("../../reports/index.ts"),
          import("../../verifier/command.ts"),
        ]);
        setExit(
          await verifyCommand(
            ctx,
            {
              run: flags.run ?? "latest",
              drainTimeout: flags.drainTimeout,
              ledgers: flags.ledgers,
              config: flagOrEnv(flags.config, ctx, "HARNESS_CONFIG"),
              runsDir: flagOrEnv(flags.runsDir, ctx, "HARNESS_RUNS_DIR"),
            },
            {
              // The same probe `harness run` builds: a local target's EventBridge retries are still to arrive.
              pendingDeliveriesFor: localPendingDeliveries,
              // A new verify.json makes the report stale: rebuilt as `harness report` would.
              rebuildReport: async (run) => exitCodeFor(await buildReport({ run, output: ctx.output })),
            },
          ),
        );
      },
    );
}
