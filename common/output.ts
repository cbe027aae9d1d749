// Where the CLI writes: injected so commands are testable, and aware of terminal vs CI (progress vs log lines).
import type { StageProgress } from "./progress-bar.ts";
import { TerminalBlock } from "./terminal-block.ts";

export interface Output {
  /** Results a user may pipe (tables, JSON). */
  out(text: string): void;
  /** Progress, log lines, warnings and errors. */
  err(text: string): void;
  /** A terminal that can redraw a progress line; false in CI and when piped. */
  interactive: boolean;
  color: boolean;
  /**
   * On a terminal, the live status block under every log line (StatusLine draws through it); null removes it.
   * Absent elsewhere, and in tests, where StatusLine writes its redraws through err.
   */
  status?: (block: string | null) => void;
  /** A long stage's progress as data (the drain, the verifier's reads), for a live watcher; absent when none listens. */
  progress?: (progress: StageProgress) => void;
}

export function processOutput(env: Readonly<Record<string, string | undefined>> = process.env): Output {
  const ci = env.CI !== undefined && env.CI !== "" && env.CI !== "false";
  const interactive = Boolean(process.stderr.isTTY) && !ci;
  const out = (text: string) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  const color = interactive && env.NO_COLOR === undefined;
  if (!interactive) {
    return { out, err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`), interactive, color };
  }
  const terminal = new TerminalBlock(process.stderr);
  return { out, err: (text) => terminal.line(text), interactive, color, status: (block) => terminal.set(block) };
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
