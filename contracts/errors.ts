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

/** The OS error's code and its words: `EACCES (permission denied)`. */
export function osReason(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException | null)?.code;
  const words = code === undefined ? undefined : osWords[code];
  if (code === undefined) return cause instanceof Error ? cause.message : String(cause);
  return words === undefined ? code : `${code} (${words})`;
}

const osWords: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENOTDIR: "a part of the path is a file, not a folder",
  ENOENT: "no such file or folder, and it cannot be made there",
  EEXIST: "a file of that name is in the way",
  ENAMETOOLONG: "the path is too long",
};

function osHint(cause: unknown, what: string): string {
  switch ((cause as NodeJS.ErrnoException | null)?.code) {
    case "EACCES":
    case "EPERM":
      return `Give this user write access to ${what}, or pass --runs-dir with a folder it can write.`;
    case "EROFS":
      return `${what} is on a read-only file system: pass --runs-dir with a folder on a writable one.`;
    case "ENOSPC":
    case "EDQUOT":
      return "Free some space, or pass --runs-dir with a folder on another disk.";
    case "ENOTDIR":
      return "A file stands where a folder of the path should be: pass --runs-dir with a folder path.";
    default:
      return "Pass --runs-dir (or set runsDir in the config) with a folder this user can create and write.";
  }
}

/**
 * The runs folder (or a new run directory in it) cannot be made or written. Exit 4: it is checked before any request
 * is sent, so nothing ran, and the fix is in the usage (a folder this user can write).
 */
export class RunsDirError extends HarnessError {
  readonly folder: string;

  constructor(folder: string, cause: unknown) {
    super(`Cannot use the runs folder ${folder}: ${osReason(cause)}. No request was sent.`, {
      hint: osHint(cause, "it"),
      exitCode: ExitCode.invalidConfig,
      cause,
    });
    this.name = "RunsDirError";
    this.folder = folder;
  }
}

/**
 * An artifact could not be written into a run directory that a load already filled (deleted mid-run, disk full,
 * made read-only). Exit 2, verdict unknown: the load happened, but the evidence the verdict rests on is not kept, so
 * neither a pass nor a failure can be shown; 4 would say nothing ran, 255 a bug.
 */
export class RunDirWriteError extends HarnessError {
  readonly dir: string;
  readonly file: string;

  constructor(dir: string, file: string, cause: unknown, gone: boolean) {
    super(
      gone
        ? `The run directory ${dir} was deleted or replaced during the run (${(cause as NodeJS.ErrnoException | null)?.code ?? "gone"} when writing ${file}): the load happened but its evidence is gone, so the verdict is unknown.`
        : `Cannot write ${file} into the run directory ${dir}: ${osReason(cause)}. The verdict is unknown: the run's evidence is not all kept.`,
      {
        hint: gone
          ? "Nothing may remove or move a run directory while its run is going; run again."
          : `${osHint(cause, "the run directory")} Then run again, or re-run the stage (\`harness verify\`, \`harness report\`) once it can be written.`,
        exitCode: ExitCode.verdictUnknown,
        cause,
      },
    );
    this.name = "RunDirWriteError";
    this.dir = dir;
    this.file = file;
  }
}
