// Errors of planning and orchestrating one run.
import { HarnessError } from "../common/errors.ts";
import { ExitCode } from "../common/exit-codes.ts";

export class SafetyError extends HarnessError {
  constructor(message: string, hint: string) {
    super(message, { hint, exitCode: ExitCode.invalidConfig });
    this.name = "SafetyError";
  }
}
