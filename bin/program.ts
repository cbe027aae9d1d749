// Builds the commander program: every command, the exit codes in --help, usage errors mapped to exit 4.
import { Command, CommanderError } from "commander";
import type { CliContext } from "../common/cli-context.ts";
import { UsageError } from "../common/errors.ts";
import { exitCodeHelp } from "../common/exit-codes.ts";
import { registerCertify } from "./commands/certify.ts";
import { registerExport } from "./commands/export.ts";
import { registerLocal } from "./commands/local.ts";
import { registerReport } from "./commands/report.ts";
import { registerRun } from "./commands/run.ts";
import { registerDoctor, registerSetup } from "./commands/setup.ts";
import { registerVerify } from "./commands/verify.ts";

export const version = "0.1.0";

const exitCodesText = `
Exit codes:
${exitCodeHelp.map(([code, text]) => `  ${String(code).padStart(3)}  ${text}`).join("\n")}

Environment:
  HARNESS_CONFIG, HARNESS_TARGET, HARNESS_SCENARIO, HARNESS_RUNS_DIR   defaults for the flags of the same name
  HARNESS_MOTO      path of moto_server when it is not on PATH
  HARNESS_DEBUG=1   print causes and stacks of errors
  AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL   the AWS SDK's usual variables (AWS targets)

Quick start:
  $ npx harness run --target local --scenario smoke`;

export function buildProgram(ctx: CliContext, setExit: (code: number) => void): Command {
  const program = new Command("harness")
    .description("Proves a serverless pipeline loses no message under load and faults.")
    .version(version, "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.output.out(s.replace(/\n$/, "")),
      writeErr: (s) => ctx.output.err(s.replace(/\n$/, "")),
    })
    .addHelpText("after", exitCodesText);
  registerRun(program, ctx, setExit);
  registerVerify(program, ctx, setExit);
  registerReport(program, ctx, setExit);
  registerCertify(program, ctx, setExit);
  registerLocal(program, ctx, setExit);
  registerExport(program, ctx, setExit);
  registerSetup(program, ctx, setExit);
  registerDoctor(program, ctx, setExit);
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
  }
  return program;
}

/** Commander's own exits: help and version are success, anything else is a usage error. */
export function commanderExit(error: CommanderError): number | UsageError {
  if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help")
    return 0;
  if (error.code === "commander.executeSubCommandAsync") return 0;
  return new UsageError(error.message.replace(/^error: /, ""), {
    hint: "Run `harness <command> --help` for its flags.",
  });
}

export { CommanderError };
