// `harness setup`: install what the local target needs; `harness doctor`: check it.
import type { Command } from "commander";
import { type CliContext, flagOrEnv } from "../../common/cli-context.ts";
import { HarnessError } from "../../common/errors.ts";
import { ExitCode } from "../../common/exit-codes.ts";
import { projectRoot } from "../../common/project-root.ts";
import { UnknownNameError } from "../../config/errors.ts";
import type { CheckScope } from "../../prereqs/checks.ts";

export function registerSetup(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command("setup")
    .description(
      "install what the local target and the tests need (pinned emulators, chromium, xmllint; moto's exact pip command); safe to repeat",
    )
    .option(
      "--no-test-tools",
      "skip Debian's chromium and xmllint, which only `npm test` needs (installing them needs root and apt)",
    )
    .addHelpText("after", "\nExamples:\n  $ harness setup\n  $ harness setup --no-test-tools")
    .action(async (flags: { testTools?: boolean }) => {
      // Loaded when the command runs: other commands need not pay for the prerequisite checks.
      const [{ setup }, { systemProbe }] = await Promise.all([
        import("../../prereqs/setup.ts"),
        import("../../prereqs/probe.ts"),
      ]);
      const result = await setup(systemProbe(projectRoot), ctx.output, projectRoot, {
        testTools: flags.testTools !== false,
      });
      setExit(result.ok ? ExitCode.ok : ExitCode.unreachable);
    });
}

export function registerDoctor(program: Command, ctx: CliContext, setExit: (code: number) => void): void {
  program
    .command("doctor")
    .description(
      "check every prerequisite (node, npm, fauxqs, dynalite, python, moto, AWS credentials) and say how to fix it",
    )
    .option("-c, --config <file>", "config file; AWS credentials become required when it has AWS targets")
    .option("-t, --target <name>", "check only what this target needs (an AWS target: no emulators, credentials)")
    .addHelpText(
      "after",
      "\nExit 0 only when the local target (or the --target named) can run; 4 for a target the config does not have." +
        "\n\nExamples:\n  $ harness doctor\n  $ harness doctor --target prod-like   # a CI runner testing AWS needs no moto",
    )
    .action(async (flags: { config?: string; target?: string }) => {
      // Loaded when the command runs: other commands need not pay for the config loader or the checks.
      const [{ loadConfig }, { doctor }, { systemProbe }] = await Promise.all([
        import("../../config/load.ts"),
        import("../../prereqs/doctor.ts"),
        import("../../prereqs/probe.ts"),
      ]);
      const targetName = flagOrEnv(flags.target, ctx, "HARNESS_TARGET");
      let scope: CheckScope = { target: "any", awsTargets: false };
      try {
        const { config } = await loadConfig(ctx.cwd, flagOrEnv(flags.config, ctx, "HARNESS_CONFIG"));
        if (targetName !== undefined) {
          const target = config.targets[targetName];
          if (target === undefined) throw new UnknownNameError("target", targetName, Object.keys(config.targets));
          scope = { target: target.kind };
        } else scope = { target: "any", awsTargets: Object.values(config.targets).some((t) => t.kind === "aws") };
      } catch (error) {
        // A broken config must not hide the machine's state: doctor reports it and checks the rest; a target the
        // config does not name is a usage error.
        if (error instanceof UnknownNameError || !(error instanceof HarnessError)) throw error;
        ctx.output.out(`config: ${error.message.split("\n")[0]} (run \`harness run\` to see every problem)\n`);
      }
      const result = await doctor(systemProbe(projectRoot), ctx.output, scope, targetName);
      setExit(result.ready ? ExitCode.ok : ExitCode.unreachable);
    });
}
