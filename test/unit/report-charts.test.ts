// The report's load chart draws what reached the wire when the load summary counts it, and leaves it out otherwise.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chartPayload } from "../../reports/render/chart-payload.ts";
import { buildCharts } from "../../reports/render/charts.ts";
import { readRunData } from "../../reports/run-data.ts";
import { writeSyntheticRun } from "../fixtures/report/synthetic-run.ts";

function synthetic() {
  const dir = join(mkdtempSync(join(tmpdir(), "harness-charts-")), "20261127T030000Z-synth001");
  return writeSyntheticRun({ dir, durationSeconds: 30, peakRate: 100 });
}

const loadSeries = async (run: ReturnType<typeof synthetic>) =>
  buildCharts(await readRunData(run), null, []).charts.find((c) => c.id === "chart-load")?.series ?? [];

describe("buildCharts", () => {
  it("draws 'written to the wire' beside offered, from the load summary's per-second count", async () => {
    const run = synthetic();
    const summary = JSON.parse(readFileSync(run.loadSummary, "utf8"));
    const series = await loadSeries(run);
    expect(series.map((s) => s.name)).toEqual([
      "offered (planned)",
      "written to the wire",
      "accepted",
      "rejected",
      "HTTP 429",
      "unknown outcome",
    ]);
    const written = series[1]?.points.map((p) => p[1]);
    expect(written).toEqual(summary.perSecond.map((s: { written: number }) => s.written));
  });

  it("leaves the line out for a load summary that has no written count (written before it existed)", async () => {
    const run = synthetic();
    const summary = JSON.parse(readFileSync(run.loadSummary, "utf8"));
    for (const s of summary.perSecond) delete s.written;
    writeFileSync(run.loadSummary, JSON.stringify(summary));
    expect((await loadSeries(run)).map((s) => s.name)).not.toContain("written to the wire");
  });

  it("draws adjacent chaos windows as separate bands to the millisecond, each named", async () => {
    const run = synthetic();
    const data = await readRunData(run);
    const t = Math.floor(data.load?.startedAt ?? 0);
    const chaos = (action: string, startMs: number, endMs: number) =>
      ({
        kind: "chaos",
        action,
        startMs,
        endMs,
        error: null,
        title: `Chaos: ${action}`,
        window: { start: 0, end: 1 },
      }) as never;
    const { axis } = buildCharts(data, null, [chaos("a", t + 5_250, t + 8_000), chaos("b", t + 8_000, t + 9_125)]);
    const bands = axis.bands.filter((b) => b.kind === "chaos");
    expect(bands.map((b) => [b.start, b.end, b.tag])).toEqual([
      [(t + 5_250) / 1000, (t + 8_000) / 1000, "a"],
      [(t + 8_000) / 1000, (t + 9_125) / 1000, "b"],
    ]);
    // The page's data keeps both, to the millisecond from the load start, each with the name drawn inside its band.
    const payload = chartPayload(axis, []);
    expect(payload.bands.filter((b) => b.kind === "chaos").map((b) => [b.start, b.end, b.tag])).toEqual([
      [5.25, 8, "a"],
      [8, 9.125, "b"],
    ]);
  });
});
