// The terminal's live block: a log line written while it shows lands above it and is never erased by a redraw.
import { describe, expect, it } from "vitest";
import { memoryOutput, type Output } from "../../common/output.ts";
import { StatusLine } from "../../common/status-line.ts";
import { TerminalBlock } from "../../common/terminal-block.ts";
import { rewritePreviousLine as up } from "../../common/terminal-escapes.ts";

function stream(columns?: number) {
  const writes: string[] = [];
  return { writes, write: (text: string) => writes.push(text), columns };
}

describe("TerminalBlock", () => {
  it("lifts the block for a log line, writes the line, and draws the block again under it", () => {
    const s = stream();
    const terminal = new TerminalBlock(s);
    terminal.set("[load] [██  ] 1s/2s\n       sent 1");
    terminal.line("[chaos] fault started");
    terminal.set("[load] [████] 2s/2s\n       sent 2");
    terminal.set(null);
    terminal.line("[load] done");
    expect(s.writes).toEqual([
      "[load] [██  ] 1s/2s\n       sent 1\n",
      `${up}${up}[chaos] fault started\n[load] [██  ] 1s/2s\n       sent 1\n`,
      `${up}${up}[load] [████] 2s/2s\n       sent 2\n`,
      `${up}${up}`,
      "[load] done\n",
    ]);
  });

  it("cuts a row to the terminal's width, so a wrapped row never throws the redraw off", () => {
    const s = stream(10);
    new TerminalBlock(s).set("0123456789abc\nshort");
    expect(s.writes).toEqual(["01234567…\nshort\n"]);
  });
});

describe("StatusLine on a terminal with an owner", () => {
  it("draws its block through the owner and leaves its last line as a log line", () => {
    const blocks: Array<string | null> = [];
    const output: Output = { ...memoryOutput(), interactive: true, status: (b) => void blocks.push(b) };
    const line = new StatusLine(output);
    line.draw("a\nb");
    line.draw("c");
    line.finish("done");
    line.draw("d");
    line.clear();
    expect(blocks).toEqual(["a\nb", "c", null, "d", null]);
    expect((output as ReturnType<typeof memoryOutput>).stderr).toEqual(["done"]);
  });
});
