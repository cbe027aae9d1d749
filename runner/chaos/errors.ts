// Errors of the chaos schedule: a step that cannot be run safely is refused before the load starts.
import { HarnessError } from "../../common/errors.ts";
import { ExitCode } from "../../common/exit-codes.ts";

export class ChaosConfigError extends HarnessError {
  constructor(message: string, hint: string) {
    super(message, { hint, exitCode: ExitCode.invalidConfig });
    this.name = "ChaosConfigError";
  }
}
