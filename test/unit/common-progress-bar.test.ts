// The terminal's progress bar: eighth blocks, clamped, and the stage block's head and detail lines.
import { describe, expect, it } from "vitest";
import { progressBar, stageBlock } from "../../common/progress-bar.ts";

describe("progressBar", () => {
  it.each([
    [0, "        "],
    [0.5, "████    "],
    [1 / 64, "▏       "],
    [1, "████████"],
    [2, "████████"],
    [-1, "        "],
    [Number.NaN, "        "],
  ])("draws %s as [%s]", (fraction, bar) => {
    expect(progressBar(fraction, 8)).toBe(bar);
  });
});

describe("stageBlock", () => {
  it("shows done / total, the share, the rate and the time left, and the detail under it", () => {
    expect(
      stageBlock({ stage: "verify", done: 750, total: 1000, rate: "250/s", leftMs: 1000, detail: "sink orders" }),
    ).toBe("[verify] [██████████████████      ] 750/1,000 75% · 250/s · 1s left\n         sink orders");
  });

  it("shows the count without a bar when the total is not known, and leaves out what is unknown", () => {
    expect(stageBlock({ stage: "verify", done: 1234, total: null, rate: null })).toBe("[verify] 1,234");
  });
});
