// Small shared pieces: k6 durations, sortable run IDs, message IDs.
import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../common/duration.ts";
import { newRunId } from "../../common/run-id.ts";
import { messageId } from "../../contracts/message-id.ts";

describe("parseDuration", () => {
  it.each([
    ["500ms", 500],
    ["30s", 30_000],
    ["2m", 120_000],
    ["1h30m", 5_400_000],
    ["1.5s", 1500],
    ["10", 10_000],
  ])("reads %s", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["", "s", "10 parsecs", "5x", "1s junk"])("refuses %j", (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );

  it("formats back", () =>
    expect([formatDuration(250), formatDuration(1500), formatDuration(90_000)]).toEqual(["250ms", "1.5s", "1m30s"]));

  it("carries a rounded-up second or tenth into the next unit (never 1m60s, 60.0s or 1000ms)", () =>
    expect([formatDuration(119_700), formatDuration(59_960), formatDuration(999.6), formatDuration(3_599_800)]).toEqual(
      ["2m", "1m", "1s", "60m"],
    ));
});

describe("run IDs", () => {
  it("sort by time and carry 8 random base32 characters", () => {
    const a = newRunId(new Date("2026-11-26T15:42:00.123Z"), Buffer.from([0, 0, 0, 0, 0]));
    const b = newRunId(new Date("2026-11-26T15:42:01.000Z"), Buffer.from([255, 255, 255, 255, 255]));
    expect([a, b]).toEqual(["20261126T154200Z-00000000", "20261126T154201Z-zzzzzzzz"]);
    expect([b, a].sort()).toEqual([a, b]);
  });

  it("do not collide", () => {
    const now = new Date();
    const ids = new Set(Array.from({ length: 10_000 }, () => newRunId(now)));
    expect(ids.size).toBe(10_000);
  });

  it("make message IDs of the documented shape", () => {
    expect(messageId("20261126T154200Z-abc12345", "spike", 42)).toBe("20261126T154200Z-abc12345-spike-42");
  });
});
