// The progress line of a long read (sink items, DLQ messages): a log line every 10 s in CI, a redrawn line on a terminal.
import { describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { countProgress } from "../../verifier/count-progress.ts";

describe("countProgress", () => {
  it("logs a plain line at most every 10 s when not on a terminal, and leaves it when done", () => {
    const output = memoryOutput();
    let t = 1_000;
    const progress = countProgress(output, "DLQ orders-dlq", () => t);
    for (const [at, count] of [
      [5_000, 10],
      [11_000, 2_000],
      [15_000, 3_000],
      [21_500, 1_234_567],
    ] as const) {
      t = at;
      progress.update(count);
    }
    progress.done();
    expect(output.stderr).toEqual([
      "[verify] DLQ orders-dlq: 2,000 read in 10 s",
      "[verify] DLQ orders-dlq: 1,234,567 read in 21 s",
    ]);
  });

  it("redraws one line on a terminal and clears it when done", () => {
    const output = { ...memoryOutput(), interactive: true };
    let t = 0;
    const progress = countProgress(output, "sink orders", () => t);
    t = 300;
    progress.update(1);
    t = 600;
    progress.update(2);
    progress.done();
    expect(output.stderr).toEqual([
      "[verify] sink orders: 1 read in 0 s · 3/s",
      "\x1b[1A\x1b[2K[verify] sink orders: 2 read in 1 s · 3/s",
      "\x1b[1A\x1b[2K\x1b[1A",
    ]);
  });
});
