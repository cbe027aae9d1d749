// Errors of the embedded local target: emulators that do not start, state that is missing or stale.
import { HarnessError, type HarnessErrorOptions, UsageError } from "../common/errors.ts";
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

/** Nothing is running: commands that need the stack say how to start it. */
export class LocalNotUpError extends LocalTargetError {
  constructor(detail = "The local target is not up.") {
    super(detail, {
      hint: "Run `harness local up` first (or `harness run --target local`, which starts it by itself).",
    });
    this.name = "LocalNotUpError";
  }
}

/** `up` when a stack already runs (or is being started) in this directory. */
export class LocalAlreadyUpError extends HarnessError {
  readonly pids: number[];

  constructor(message: string, pids: number[]) {
    super(message, {
      hint: "Run `harness local down` first to stop it, or use it as it is (`harness local status`).",
      exitCode: ExitCode.invalidConfig,
    });
    this.name = "LocalAlreadyUpError";
    this.pids = pids;
  }
}

/** A fault or bug name the reference app does not have, or a value out of range. */
export class UnknownControlError extends UsageError {
  readonly problems: Array<{ name: string; message: string }>;

  constructor(problems: Array<{ name: string; message: string }>, known: readonly string[]) {
    super(problems.map((p) => `${p.name} ${p.message}`).join("; "), { hint: `Known controls: ${known.join(", ")}.` });
    this.name = "UnknownControlError";
    this.problems = problems;
  }
}

/** A reference-consumer bug mode asked of a target that runs the team's consumer, where it would do nothing. */
export class BugModeWithTeamConsumerError extends UsageError {
  readonly problems: Array<{ name: string; message: string }>;

  constructor(problems: Array<{ name: string; message: string }>) {
    super(problems.map((p) => `${p.name} ${p.message}`).join("; "), {
      hint: "Plant the bug in your handler (as a test fixture would), or remove functions.consumer to run the reference consumer with its bug modes. The faults (consumerErrorRate, consumerErrorAfterRate, consumerLatencyMs, consumerMaxConcurrency) do apply around your handler.",
    });
    this.name = "BugModeWithTeamConsumerError";
    this.problems = problems;
  }
}

/** The target named for `local up` is missing or is not a local one. */
export class NotALocalTargetError extends UsageError {
  constructor(name: string, known: readonly string[]) {
    super(`Target "${name}" is not a local target.`, {
      hint: known.length > 0 ? `Local targets in the config: ${known.join(", ")}.` : 'Add a target with kind: "local".',
    });
    this.name = "NotALocalTargetError";
  }
}

/** The team's handler cannot be loaded: no such module, no such export, or it throws at import. */
export class HandlerLoadError extends HarnessError {
  readonly file: string;

  constructor(role: string, file: string, reason: string) {
    super(`functions.${role}: ${reason}`, {
      hint: `Fix the module or the handler reference ("<path relative to the config file>#<export>"), then run \`harness local up\` again.`,
      exitCode: ExitCode.invalidConfig,
    });
    this.name = "HandlerLoadError";
    this.file = file;
  }
}

/** The local saga's ASL file is missing or is no saga the local app can run: exit 4, before anything starts. */
export class SagaDefinitionConfigError extends HarnessError {
  constructor(file: string, problems: readonly string[]) {
    super(`targets.*.saga.definition: ${file} ${problems.join("; ")}`, {
      hint: "Give an Amazon States Language file with Task states Reserve, Charge, Ship, Refund, CancelReservation and RecordOrder (see local/app/saga/order-saga.asl.json), or leave saga.definition out for the reference one.",
      exitCode: ExitCode.invalidConfig,
    });
    this.name = "SagaDefinitionConfigError";
  }
}
