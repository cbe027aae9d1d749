// Errors of the verifier: a run that cannot be verified at all (as opposed to a verdict of "unknown").
import { HarnessError, type HarnessErrorOptions } from "../common/errors.ts";
import { ExitCode } from "../common/exit-codes.ts";

export class VerifierError extends HarnessError {
  constructor(message: string, options: HarnessErrorOptions = {}) {
    super(message, { exitCode: ExitCode.internal, ...options });
    this.name = "VerifierError";
  }
}

/** plan.json missing or unreadable: without the resolved target there is nothing to reconcile against. */
export class PlanUnreadableError extends VerifierError {
  readonly file: string;

  constructor(file: string, reason: string, cause?: unknown) {
    super(`Cannot read the run's plan ${file}: ${reason}`, {
      hint: "verify needs the run's plan.json (written by `harness run`); pass --run with a complete run directory.",
      exitCode: ExitCode.invalidConfig,
      cause,
    });
    this.name = "PlanUnreadableError";
    this.file = file;
  }
}

/** A flag whose value cannot be used (e.g. --drain-timeout abc). */
export class VerifyUsageError extends VerifierError {
  constructor(message: string, hint: string) {
    super(message, { hint, exitCode: ExitCode.invalidConfig });
    this.name = "VerifyUsageError";
  }
}
