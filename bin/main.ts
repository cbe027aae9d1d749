// Runs the CLI for one argv and returns the exit code; the only place errors are caught.

import type { CliContext } from "../common/cli-context.ts";
import { ExitCode } from "../common/exit-codes.ts";
import { processOutput } from "../common/output.ts";
import { handleError } from "./handle-error.ts";
import { buildProgram, CommanderError, commanderExit } from "./program.ts";

export async function main(argv: readonly string[], ctx?: Partial<CliContext>): Promise<number> {
  const context: CliContext = {
    cwd: ctx?.cwd ?? process.cwd(),
    env: ctx?.env ?? process.env,
    output: ctx?.output ?? processOutput(ctx?.env ?? process.env),
  };
  const debug = context.env.HARNESS_DEBUG === "1";
  let code: number = ExitCode.ok;
  const program = buildProgram(context, (c) => {
    code = c;
  });
  if (argv.length <= 2) {
    program.outputHelp();
    return ExitCode.invalidConfig;
  }
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message (e.g. unknown option); only map the code.
      const mapped = commanderExit(error);
      return typeof mapped === "number" ? mapped : mapped.exitCode;
    }
    return handleError(error, context.output, debug);
  }
}
