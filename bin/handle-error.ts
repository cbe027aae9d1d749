// The one catch: maps any error to a message, a hint and an exit code (DESIGN.md exit codes).
import { describeError, HarnessError } from "../common/errors.ts";
import { ExitCode, type ExitCodeValue } from "../common/exit-codes.ts";
import type { Output } from "../common/output.ts";
import { redactText } from "../common/redact.ts";

export function handleError(error: unknown, output: Output, debug: boolean): ExitCodeValue {
  if (error instanceof HarnessError) {
    // Messages may quote what a server or the SDK said: secrets that look like secrets are cut out of every line.
    output.err(`error: ${redactText(error.message)}`);
    if (error.hint !== undefined) output.err(`hint: ${error.hint}`);
    if (debug && error.cause !== undefined) output.err(`cause: ${redactText(describeError(error.cause))}`);
    return error.exitCode;
  }
  output.err(`internal error: ${redactText(describeError(error))}`);
  output.err(
    "hint: this is a bug in harness; rerun with HARNESS_DEBUG=1 for the stack and report it with the run directory.",
  );
  if (debug && error instanceof Error && error.stack !== undefined) output.err(error.stack);
  return ExitCode.internal;
}
