// Errors of planning and orchestrating one run.
import { HarnessError } from "../common/errors.ts";
import { ExitCode } from "../common/exit-codes.ts";

export class SafetyError extends HarnessError {
  constructor(message: string, hint: string) {
    super(message, { hint, exitCode: ExitCode.invalidConfig });
    this.name = "SafetyError";
  }
}

/** `--rate`, `--duration` or `--segment` that cannot be applied: exit 4, nothing was sent. */
export class OverrideError extends HarnessError {
  readonly flag: string;

  constructor(flag: string, message: string, hint: string, cause?: unknown) {
    super(`${flag}: ${message}`, { hint, exitCode: ExitCode.invalidConfig, cause });
    this.name = "OverrideError";
    this.flag = flag;
  }
}
