// Errors of planning and orchestrating one run.
import { HarnessError } from "../common/errors.ts";
import { ExitCode } from "../common/exit-codes.ts";

export class SafetyError extends HarnessError {
  constructor(message: string, hint: string) {
    super(message, { hint, exitCode: ExitCode.invalidConfig });
    this.name = "SafetyError";
  }
}

/** A stage asked for an artifact no earlier stage made: the stage list is in the wrong order (a bug, exit 255). */
export class StageOrderError extends HarnessError {
  constructor(stage: string) {
    super(`No stage before this one produced the "${stage}" artifact; the run's stage list is out of order.`);
    this.name = "StageOrderError";
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
