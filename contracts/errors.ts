// Errors of the run directory's contracts: an artifact that is missing, not JSON, broken in a field, or of another version.
import { HarnessError } from "../common/errors.ts";
import { ExitCode } from "../common/exit-codes.ts";

/**
 * Base of every artifact error. Exit 4 (invalid config or usage): the run directory the user pointed at cannot be
 * used as it is; nothing was judged (so not 2), and the fault is in the input, not in this code (so not 255).
 */
export class ArtifactError extends HarnessError {
  readonly file: string;

  constructor(file: string, message: string, hint: string, cause?: unknown) {
    super(message, { hint, exitCode: ExitCode.invalidConfig, cause });
    this.name = "ArtifactError";
    this.file = file;
  }
}

export class ArtifactMissingError extends ArtifactError {
  constructor(file: string, cause?: unknown) {
    super(file, `${file} is missing.`, "Check the run directory, or re-run the stage that writes it.", cause);
    this.name = "ArtifactMissingError";
  }
}

/** Not JSON, or a field that does not match the schema: the message names the file and each field's path. */
export class ArtifactInvalidError extends ArtifactError {
  readonly problems: readonly string[];

  constructor(file: string, problems: readonly string[], cause?: unknown) {
    super(
      file,
      problems.map((p) => `${file}: ${p}`).join("\n"),
      "The file was edited or damaged; re-run the stage that writes it (e.g. `harness verify`, `harness report`).",
      cause,
    );
    this.name = "ArtifactInvalidError";
    this.problems = problems;
  }
}

/** Written by a newer harness, or by an older one whose shape is no longer read: names both versions. */
export class ArtifactVersionError extends ArtifactError {
  readonly found: number;
  readonly known: number;

  constructor(file: string, found: number, known: number, oldest: number) {
    const newer = found > known;
    super(
      file,
      newer
        ? `${file}: schemaVersion ${found} was written by a newer harness; this one reads schemaVersion ${oldest === known ? known : `${oldest} to ${known}`}.`
        : `${file}: schemaVersion ${found} is no longer read; this harness reads schemaVersion ${oldest === known ? known : `${oldest} to ${known}`}.`,
      newer ? "Use the harness version that wrote this run (plan.json lists it)." : "Re-run the stage that writes it.",
    );
    this.name = "ArtifactVersionError";
    this.found = found;
    this.known = known;
  }
}
