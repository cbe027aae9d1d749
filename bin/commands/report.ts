// `harness report`: rebuild report.html, summary.md, junit.xml and result.json from a run directory.
import type { Command } from "commander";
import { type CliContext, flagOrEnv } from "../../common/cli-context.ts";

export function registerReport(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command("report")
    .description("rebuild the report (HTML, Markdown, JUnit, JSON) of a run from its directory, with no new load")
    .option("-r, --run <dir|latest>", "run directory, or latest (default: latest)")
    .option("--reporters <names>", "comma-separated subset of html,md,junit,json (default: all)")
    .option("-c, --config <file>", "config file, for the gates (env HARNESS_CONFIG)")
    .option("--runs-dir <dir>", "where run directories are (env HARNESS_RUNS_DIR)")
    .addHelpText(
      "after",
      "\nExamples:\n  $ harness report --run latest\n  $ harness report --run runs/20261126T154200Z-k3j9x2q1 --reporters html,md",
    )
    .action(async (flags: { run?: string; reporters?: string; config?: string; runsDir?: string }) => {
      // Loaded when the command runs: other commands need not pay for the reports.
      const { reportCommand } = await import("../../reports/command.ts");
      setExit(
        await reportCommand(ctx, {
          run: flags.run ?? "latest",
          reporters: flags.reporters?.split(",").map((s) => s.trim()),
          config: flagOrEnv(flags.config, ctx, "HARNESS_CONFIG"),
          runsDir: flagOrEnv(flags.runsDir, ctx, "HARNESS_RUNS_DIR"),
        }),
      );
    });
}
