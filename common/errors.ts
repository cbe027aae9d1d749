// Base error of the whole tool: every error a user can meet carries a hint and an exit code.
import { ExitCode, type ExitCodeValue } from "./exit-codes.ts";

export interface HarnessErrorOptions {
  hint?: string;
  exitCode?: ExitCodeValue;
  cause?: unknown;
}

export class HarnessError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: ExitCodeValue;

  constructor(message: string, options: HarnessErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "HarnessError";
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.internal;
  }
}

/** Wrong flags or arguments: exit 4. */
export class UsageError extends HarnessError {
  constructor(message: string, options: Omit<HarnessErrorOptions, "exitCode"> = {}) {
    super(message, { ...options, exitCode: ExitCode.invalidConfig });
    this.name = "UsageError";
  }
}

/** A target, emulator or endpoint that does not answer: exit 3. */
export class UnreachableError extends HarnessError {
  constructor(message: string, options: Omit<HarnessErrorOptions, "exitCode"> = {}) {
    super(message, { ...options, exitCode: ExitCode.unreachable });
    this.name = "UnreachableError";
  }
}

/** A command or option whose feature is not built yet: says so plainly, never pretends. */
export class NotBuiltError extends HarnessError {
  readonly feature: string;

  constructor(feature: string, issue: number) {
    super(`${feature} is not built yet (tracked in issue ${issue}).`, {
      hint: "Nothing was run. Use a command that is built, listed in `harness --help`.",
      exitCode: ExitCode.internal,
    });
    this.name = "NotBuiltError";
    this.feature = feature;
  }
}

/** An error as one line for a log or a status: `Name: message`, or the thrown value as text. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
