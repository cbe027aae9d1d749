// Where the CLI writes: injected so commands are testable, and aware of terminal vs CI (progress vs log lines).

export interface Output {
  /** Results a user may pipe (tables, JSON). */
  out(text: string): void;
  /** Progress, log lines, warnings and errors. */
  err(text: string): void;
  /** A terminal that can redraw a progress line; false in CI and when piped. */
  interactive: boolean;
  color: boolean;
}

export function processOutput(env: Readonly<Record<string, string | undefined>> = process.env): Output {
  const ci = env.CI !== undefined && env.CI !== "" && env.CI !== "false";
  const interactive = Boolean(process.stderr.isTTY) && !ci;
  return {
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    interactive,
    color: interactive && env.NO_COLOR === undefined,
  };
}

/** Collects what a command writes; for tests. */
export function memoryOutput(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => void stdout.push(text),
    err: (text) => void stderr.push(text),
    interactive: false,
    color: false,
  };
}
