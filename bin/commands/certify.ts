// `harness certify`: the certification suite from config, one verdict and a certificate.
import type { Command } from "commander";
import { type CliContext, flagOrEnv } from "../../common/cli-context.ts";

export function registerCertify(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command("certify")
    .description("run the certification suite (baseline, spike, soak, chaos) and write certificate.json")
    .option("-t, --target <name>", "target from the config (env HARNESS_TARGET)")
    .option("-c, --config <file>", "config file (env HARNESS_CONFIG)")
    .option("--confirm-production", "allow a target marked environment: production")
    .addHelpText("after", "\nExamples:\n  $ harness certify --target prod-like")
    .action(async (flags: { target?: string; config?: string; confirmProduction?: boolean }) => {
      const request = {
        target: flagOrEnv(flags.target, ctx, "HARNESS_TARGET"),
        config: flagOrEnv(flags.config, ctx, "HARNESS_CONFIG"),
        confirmProduction: flags.confirmProduction === true,
      };
      // Loaded when the command runs: `harness --help` or another command need not pay for the runner.
      const [{ certifyCommand }, { withInterrupt }] = await Promise.all([
        import("../../runner/certify.ts"),
        import("../interrupt.ts"),
      ]);
      setExit(await withInterrupt(ctx, (signal) => certifyCommand(ctx, { ...request, signal })));
    });
}
