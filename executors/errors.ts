// Errors of the executors: an override that has no meaning for a scenario (exit 4; the CLI names the flag).
import { HarnessError, type HarnessErrorOptions } from "../common/errors.ts";
import { ExitCode } from "../common/exit-codes.ts";

export class ExecutorError extends HarnessError {
  constructor(message: string, options: HarnessErrorOptions = {}) {
    super(message, options);
    this.name = "ExecutorError";
  }
}

/** A rate or duration override the scenario cannot take; `override` says which, so the caller can name its flag. */
export class OverrideRefusedError extends ExecutorError {
  readonly override: "rate" | "duration";

  constructor(override: "rate" | "duration", message: string, hint: string) {
    super(message, { hint, exitCode: ExitCode.invalidConfig });
    this.name = "OverrideRefusedError";
    this.override = override;
  }
}
