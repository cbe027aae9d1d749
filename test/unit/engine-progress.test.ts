// The progress display: a redrawn line on a terminal, a plain line every few seconds in CI.
import { describe, expect, it } from "vitest";
import { memoryOutput, type Output } from "../../common/output.ts";
import {
  formatProgress,
  formatProgressBlock,
  ProgressDisplay,
  type ProgressLine,
} from "../../loadtests/engine/progress.ts";

const line = (elapsedMs: number): ProgressLine => ({
  elapsedMs,
  totalMs: 20_000,
  planned: 1000,
  sent: 990,
  inFlight: 12,
  acc: 950,
  rej: 28,
  unk: 0,
  dropped: 10,
  rate: 500,
  p99: 12.345,
});

describe("progress", () => {
  it("formats rate, in flight, outcomes and p99", () => {
    expect(formatProgress(line(2500))).toBe(
      "[load] 2s/20s rate 500/s sent 990 in-flight 12 acc 950 rej 28 unk 0 dropped 10 p99 12.3ms",
    );
    expect(formatProgress({ ...line(0), rate: null, p99: null })).toContain("rate - ");
  });

  it("in CI prints a plain line at most every plainEveryMs, and always when forced", () => {
    const out = memoryOutput();
    const display = new ProgressDisplay(out, 5000);
    for (const t of [0, 1000, 4000, 5000, 9000, 10_500]) display.update(line(t));
    display.update(line(11_000), true);
    expect(out.stderr.map((l) => l.slice(0, 14))).toEqual([
      "[load] 0s/20s ",
      "[load] 5s/20s ",
      "[load] 10s/20s",
      "[load] 11s/20s",
    ]);
  });

  it("on a terminal redraws its own block: cursor up and clear over both rows before every block but the first", () => {
    const out = memoryOutput();
    const tty: Output = { ...out, interactive: true };
    const display = new ProgressDisplay(tty);
    display.update(line(0));
    display.update(line(1000));
    expect(out.stderr[0]?.startsWith("[load] [")).toBe(true);
    expect(out.stderr[1]).toBe(`\x1b[1A\x1b[2K\x1b[1A\x1b[2K${formatProgressBlock(line(1000))}`);
  });

  it("on a terminal shows a bar over the load's duration with done / total, the rate, the time left, then the counts", () => {
    expect(formatProgressBlock(line(1000)).split("\n")).toEqual([
      "[load] [█▎                      ] 1s/20s 5% · 500/s · 19s left",
      "       sent 990 · in-flight 12 · acc 950 · rej 28 · unk 0 · dropped 10 · p99 12.3ms",
    ]);
  });

  it("on a terminal with an owner, redraws the block through it and leaves the last, forced one on screen", () => {
    const blocks: Array<string | null> = [];
    const out = memoryOutput();
    const tty: Output = { ...out, interactive: true, status: (b) => void blocks.push(b) };
    const display = new ProgressDisplay(tty);
    display.update(line(1000));
    display.update(line(20_000), true);
    expect(blocks).toEqual([formatProgressBlock(line(1000)), null]);
    expect(out.stderr).toEqual([formatProgressBlock(line(20_000))]);
  });
});
