// The terminal's one live block: log lines written while it shows go above it, and it is redrawn under them.
import { rewritePreviousLine } from "./terminal-escapes.ts";

export interface TerminalStream {
  write(text: string): unknown;
  /** Width in characters; a row longer than it would wrap and break the redraw, so rows are cut to it. */
  columns?: number | undefined;
}

/**
 * Owns stderr on a terminal (vitest's renderer does the same): a status block set here stays the last thing on
 * screen, so a line another part prints meanwhile (a chaos window starting) is kept, not erased by the next redraw.
 */
export class TerminalBlock {
  private readonly stream: TerminalStream;
  private block: string[] = [];

  constructor(stream: TerminalStream) {
    this.stream = stream;
  }

  /** A log line: the block is lifted, the line written, the block drawn again below it. */
  line(text: string): void {
    this.stream.write(`${this.erase()}${text.endsWith("\n") ? text : `${text}\n`}${this.draw()}`);
  }

  /** Replaces the block (null removes it). */
  set(text: string | null): void {
    const erase = this.erase();
    this.block = text === null ? [] : text.split("\n").map((row) => this.fit(row));
    this.stream.write(`${erase}${this.draw()}`);
  }

  private erase(): string {
    return rewritePreviousLine.repeat(this.block.length);
  }

  private draw(): string {
    return this.block.map((row) => `${row}\n`).join("");
  }

  private fit(row: string): string {
    const width = this.stream.columns;
    if (width === undefined || width < 2) return row;
    const chars = [...row];
    return chars.length < width ? row : `${chars.slice(0, width - 2).join("")}…`;
  }
}
