// Errors of the report stage: artifacts that cannot be read, collectors that cannot reach CloudWatch or SQS.
import { HarnessError, type HarnessErrorOptions } from "../common/errors.ts";
import { ExitCode } from "../common/exit-codes.ts";

export class ReportError extends HarnessError {
  constructor(message: string, options: HarnessErrorOptions = {}) {
    super(message, { exitCode: ExitCode.internal, ...options });
    this.name = "ReportError";
  }
}

/** A run directory without the files a report needs at minimum. */
export class RunArtifactError extends ReportError {
  readonly file: string;

  constructor(file: string, reason: string, cause?: unknown) {
    super(`Cannot read ${file}: ${reason}`, {
      hint: "Point --run at a directory written by `harness run`; `harness verify --run <dir>` rewrites verify.json.",
      exitCode: ExitCode.invalidConfig,
      cause,
    });
    this.name = "RunArtifactError";
    this.file = file;
  }
}

/** Names given to --reporters that no reporter answers to. */
export class UnknownReporterError extends ReportError {
  readonly names: readonly string[];

  constructor(names: readonly string[], known: readonly string[]) {
    super(`Unknown reporter${names.length === 1 ? "" : "s"}: ${names.join(", ")}.`, {
      hint: `Choose among ${known.join(", ")} (comma-separated).`,
      exitCode: ExitCode.invalidConfig,
    });
    this.name = "UnknownReporterError";
    this.names = names;
  }
}

/** CloudWatch did not answer GetMetricData. */
export class MetricsCollectError extends ReportError {
  constructor(reason: string, cause?: unknown) {
    super(`Could not collect CloudWatch metrics: ${reason}`, {
      hint: "Check the target's region, credentials (cloudwatch:GetMetricData) and endpoint; the report works without metrics.",
      exitCode: ExitCode.unreachable,
      cause,
    });
    this.name = "MetricsCollectError";
  }
}
