// The one owner of a redrawn status line or block: on a terminal it rewrites its own rows, elsewhere it prints plain lines.
import type { Output } from "./output.ts";
import { cursorUpOneRow, rewritePreviousLine } from "./terminal-escapes.ts";

/**
 * A status line that a progress display redraws (vitest's renderer does the same): on an interactive Output each
 * draw replaces the previous one; otherwise every draw is a plain line, and how often to draw is the caller's choice.
 */
export class StatusLine {
  private readonly output: Output;
  /** Rows of the block drawn last (a draw may be several lines), 0 when nothing is on screen to replace. */
  private rows = 0;

  constructor(output: Output) {
    this.output = output;
  }

  /** True on a terminal that can redraw (not CI, not piped). */
  get interactive(): boolean {
    return this.output.interactive;
  }

  /** Writes text (one line, or a block of lines), replacing the block drawn before on a terminal. */
  draw(text: string): void {
    if (!this.output.interactive) {
      this.output.err(text);
      return;
    }
    if (this.output.status !== undefined) {
      // The terminal's owner keeps the block under any log line written meanwhile.
      this.output.status(text);
      this.rows = 1;
      return;
    }
    this.output.err(`${rewritePreviousLine.repeat(this.rows)}${text}`);
    this.rows = text.split("\n").length;
  }

  /** Writes a last line in place of the status block; what follows starts a line of its own. */
  finish(text: string): void {
    if (this.output.interactive && this.output.status !== undefined) {
      this.output.status(null);
      this.output.err(text);
      this.rows = 0;
      return;
    }
    this.draw(text);
    this.rows = 0;
  }

  /** Removes the status block from a terminal, so the next line written takes its place; plain lines stay. */
  clear(): void {
    if (this.rows > 0 && this.output.status !== undefined) this.output.status(null);
    else if (this.rows > 0) this.output.err(`${rewritePreviousLine.repeat(this.rows)}${cursorUpOneRow}`);
    this.rows = 0;
  }
}
