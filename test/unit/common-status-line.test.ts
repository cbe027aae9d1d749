// The status line: rewrites itself on a terminal, prints plain lines elsewhere, and clears or finishes cleanly.
import { describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { StatusLine } from "../../common/status-line.ts";
import { cursorUpOneRow, eraseLine, rewritePreviousLine } from "../../common/terminal-escapes.ts";

describe("StatusLine", () => {
  it("prints every draw as a plain line when not on a terminal, and clears nothing", () => {
    const output = memoryOutput();
    const line = new StatusLine(output);
    line.draw("a");
    line.draw("b");
    line.clear();
    line.finish("c");
    expect(output.stderr).toEqual(["a", "b", "c"]);
  });

  it("on a terminal rewrites the line drawn before, and a finished line is left standing", () => {
    const output = { ...memoryOutput(), interactive: true };
    const line = new StatusLine(output);
    line.draw("a");
    line.draw("b");
    line.finish("done");
    line.draw("next");
    expect(output.stderr).toEqual(["a", `${rewritePreviousLine}b`, `${rewritePreviousLine}done`, "next"]);
  });

  it("on a terminal clears a drawn line so the next line takes its place", () => {
    const output = { ...memoryOutput(), interactive: true };
    const line = new StatusLine(output);
    line.clear();
    line.draw("a");
    line.clear();
    expect(output.stderr).toEqual(["a", "\x1b[1A\x1b[2K\x1b[1A"]);
    expect(`${cursorUpOneRow}${eraseLine}`).toBe(rewritePreviousLine);
  });

  it("on a terminal replaces a block of several rows whole, and clears every row of it", () => {
    const output = { ...memoryOutput(), interactive: true };
    const line = new StatusLine(output);
    line.draw("a1\na2");
    line.draw("b1\nb2");
    line.clear();
    line.draw("c");
    line.finish("done");
    expect(output.stderr).toEqual([
      "a1\na2",
      `${rewritePreviousLine}${rewritePreviousLine}b1\nb2`,
      `${rewritePreviousLine}${rewritePreviousLine}${cursorUpOneRow}`,
      "c",
      `${rewritePreviousLine}done`,
    ]);
  });
});
