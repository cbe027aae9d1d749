// Errors of the embedded local target: emulators that do not start, state that is missing or stale.
import { HarnessError, type HarnessErrorOptions } from "../common/errors.ts";
import { ExitCode } from "../common/exit-codes.ts";

export class LocalTargetError extends HarnessError {
  constructor(message: string, options: HarnessErrorOptions = {}) {
    super(message, { exitCode: ExitCode.unreachable, ...options });
    this.name = "LocalTargetError";
  }
}

export class EmulatorStartError extends LocalTargetError {
  readonly service: string;
  readonly logFile: string;

  constructor(service: string, reason: string, logFile: string, hint?: string) {
    super(`${service} did not start: ${reason}`, {
      hint: hint ?? `See its log at ${logFile}; \`npx harness doctor\` checks the prerequisites.`,
    });
    this.name = "EmulatorStartError";
    this.service = service;
    this.logFile = logFile;
  }
}
