// The report's chart data: seconds from the load start to the millisecond, shared x written once, gaps as null,
// long series thinned, JSON that cannot close its script element, and the chart chosen for above the fold.
import { describe, expect, it } from "vitest";
import { chartPayload, inlineJson, maxColumns } from "../../reports/render/chart-payload.ts";
import type { ChartSeries, ChartSpec, TimeAxis } from "../../reports/render/chart-spec.ts";
import { headlineChart } from "../../reports/render/charts.ts";

const axis: TimeAxis = {
  t0: 1000,
  t1: 1010,
  origin: 1000,
  bands: [{ start: 1002.5, end: 1004.125, label: "Chaos: latency", kind: "chaos", tag: "latency" }],
};
const series = (name: string, points: Array<readonly [number, number]>): ChartSeries => ({
  name,
  color: "#000",
  points,
});
const chart = (id: string, s: ChartSeries[]): ChartSpec => ({ id, title: id, unit: "", series: s });

describe("chartPayload", () => {
  it("writes the x of series that share their seconds once, and keeps the own x of series sampled apart", () => {
    const payload = chartPayload(axis, [
      chart("shared", [
        series("a", [
          [1000, 1],
          [1001, 2.345],
        ]),
        series("b", [
          [1000, 3],
          [1001, Number.NaN],
        ]),
      ]),
      chart("apart", [series("q1", [[1000.137, 5]]), series("q2", [[1000.412, 6]])]),
    ]);
    expect(payload).toEqual({
      originMs: 1_000_000,
      x0: 0,
      x1: 10,
      bands: [{ start: 2.5, end: 4.125, kind: "chaos", label: "Chaos: latency", tag: "latency" }],
      charts: [
        {
          id: "shared",
          title: "shared",
          unit: "",
          height: 170,
          x: [0, 1],
          series: [
            { name: "a", color: "#000", y: [1, 2.35] },
            { name: "b", color: "#000", y: [3, null] },
          ],
        },
        {
          id: "apart",
          title: "apart",
          unit: "",
          height: 170,
          x: null,
          series: [
            { name: "q1", color: "#000", x: [0.137], y: [5] },
            { name: "q2", color: "#000", x: [0.412], y: [6] },
          ],
        },
      ],
    });
  });

  it("keeps a 1 h per-second series whole and thins a day-long one to two points per column, spikes kept", () => {
    const long = (seconds: number) =>
      Array.from({ length: seconds }, (_, i) => [i, i === 4321 ? 999 : 1] as const) as Array<readonly [number, number]>;
    const day: TimeAxis = { t0: 0, t1: 86_400, origin: 0, bands: [] };
    const [hour] = chartPayload({ ...day, t1: 3600 }, [chart("h", [series("s", long(3600))])]).charts;
    expect(hour?.x).toHaveLength(3600);
    const [thinned] = chartPayload(day, [chart("d", [series("s", long(86_400))])]).charts;
    expect(thinned?.x?.length).toBeLessThanOrEqual(2 * maxColumns);
    expect(Math.max(...((thinned?.series[0]?.y ?? []) as number[]))).toBe(999);
  });
});

describe("inlineJson", () => {
  it("leaves no '<' that could close the script element, and parses back to the same value", () => {
    const value = { name: '</script><script>alert("x")</script>', line: "a\u2028b" };
    const text = inlineJson(value);
    expect(text).not.toContain("<");
    expect(text).not.toContain("\u2028");
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("headlineChart", () => {
  const load = chart("chart-load", [series("offered", [[0, 5]])]);
  const dlqs = (v: number) => chart("chart-dlqs", [series("dlq", [[0, v]])]);
  const classes = chart("chart-classes", [series("lost", [[0, 2]])]);

  it.each([
    ["the verifier's problem IDs when there are any", [load, dlqs(3), classes], "chart-classes"],
    ["a DLQ that filled, when no ID is wrong", [load, dlqs(3)], "chart-dlqs"],
    ["the load, when the DLQs stayed empty", [load, dlqs(0)], "chart-load"],
  ])("puts %s above the fold", (_what, charts, id) => {
    expect(headlineChart(charts)?.id).toBe(id);
  });

  it("has none to show for a run without charts", () => {
    expect(headlineChart([])).toBeNull();
  });
});
