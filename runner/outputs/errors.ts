// Errors of starting the metrics outputs: all exit 4 before the load starts (a header's variable unset, a port taken).
import { HarnessError } from "../../common/errors.ts";
import { ExitCode } from "../../common/exit-codes.ts";

export class OutputsError extends HarnessError {
  /** `outputs[1].headers.Authorization`, as the config names it. */
  readonly path: string;

  constructor(path: string, message: string, hint: string, cause?: unknown) {
    super(`${path}: ${message}`, { hint, exitCode: ExitCode.invalidConfig, cause });
    this.name = "OutputsError";
    this.path = path;
  }
}
