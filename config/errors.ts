// Errors of loading and validating harness.config.ts: all exit 4 and name every problem at once.
import { HarnessError } from "../common/errors.ts";
import { ExitCode } from "../common/exit-codes.ts";

export interface ConfigProblem {
  /** Dotted path with indices, e.g. `targets.prod-like.dlqs[0].queueUrl`. */
  path: string;
  message: string;
}

export class ConfigError extends HarnessError {
  readonly file: string | undefined;
  readonly problems: readonly ConfigProblem[];

  constructor(file: string | undefined, problems: readonly ConfigProblem[], options: { cause?: unknown } = {}) {
    const where = file ?? "the config";
    const lines = problems.map((p) => `  ${p.path === "" ? "(root)" : p.path}: ${p.message}`);
    super(`${where} has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${lines.join("\n")}`, {
      hint: "Fix each path named above; `harness --help` links the config reference in README.md.",
      exitCode: ExitCode.invalidConfig,
      cause: options.cause,
    });
    this.name = "ConfigError";
    this.file = file;
    this.problems = problems;
  }
}

export class ConfigLoadError extends HarnessError {
  readonly file: string;

  constructor(file: string, reason: string, cause?: unknown) {
    super(`Could not load ${file}: ${reason}`, {
      hint: "The config must be a module whose default export is defineConfig({...}). Node 24 runs it with types stripped, so only erasable TypeScript works (no enums or namespaces).",
      exitCode: ExitCode.invalidConfig,
      cause,
    });
    this.name = "ConfigLoadError";
    this.file = file;
  }
}

/** A name (target, scenario) that the config does not define. */
export class UnknownNameError extends HarnessError {
  readonly kind: "target" | "scenario";
  readonly requested: string;
  readonly known: readonly string[];

  constructor(kind: "target" | "scenario", requested: string, known: readonly string[]) {
    super(`Unknown ${kind} "${requested}". Known ${kind}s: ${known.length === 0 ? "(none)" : known.join(", ")}.`, {
      hint: `Pass one of the known names with --${kind}, or define "${requested}" under ${kind}s in harness.config.ts.`,
      exitCode: ExitCode.invalidConfig,
    });
    this.name = "UnknownNameError";
    this.kind = kind;
    this.requested = requested;
    this.known = known;
  }
}
