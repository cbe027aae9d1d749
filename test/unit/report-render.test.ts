// Rendering helpers: escaping by construction, Markdown and XML escaping, downsampling that keeps spikes, period steps.
import { describe, expect, it } from "vitest";
import { metricGrid } from "../../reports/metric-grid.ts";
import { downsample, niceCeiling, periodSteps, type TimeAxis } from "../../reports/render/chart-spec.ts";
import { escapeHtml, html, trusted } from "../../reports/render/escape.ts";
import { xml } from "../../reports/render/junit.ts";
import { md } from "../../reports/render/markdown.ts";

const axis: TimeAxis = { t0: 1000, t1: 2000, origin: 1000, bands: [] };

describe("escaping", () => {
  it("escapes every interpolated value, including inside arrays, and trusts only literal markup", () => {
    const body = '<script>alert("x")</script>';
    expect(html`<p title="${body}">${[body, html`<b>${"&"}</b>`, 3, null, false]}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<b>&amp;</b>3</p>',
    );
    expect(html`${trusted("<path/>")}`.value).toBe("<path/>");
    expect(escapeHtml("it's")).toBe("it&#39;s");
  });

  it("escapes Markdown markup and table pipes, and XML control characters", () => {
    expect(md("a|b <img src=x> `x` *y*\nz")).toBe("a\\|b &lt;img src=x&gt; \\`x\\` \\*y\\* z");
    expect(xml('a<b>&"\u0001')).toBe("a&lt;b&gt;&amp;&quot;\uFFFD");
  });
});

describe("chart geometry", () => {
  it("keeps every point of a short series and the min and max per column of a long one", () => {
    const short: Array<[number, number]> = [
      [1000, 1],
      [1001, 2],
    ];
    expect(downsample(short, axis, 10)).toEqual(short);
    const long: Array<[number, number]> = Array.from({ length: 1000 }, (_, i) => [1000 + i, i === 437 ? 99 : 1]);
    const out = downsample(long, axis, 10);
    expect(out.length).toBeLessThanOrEqual(20);
    expect(out).toContainEqual([1437, 99]);
    expect(Math.max(...out.map((p) => p[1]))).toBe(99);
  });

  it("draws a CloudWatch period as a step clipped to the axis, with a gap where a period is missing", () => {
    const points: Array<[number, number]> = [
      [960, 5],
      [1020, 7],
      [1140, 2],
    ];
    expect(periodSteps(points, 60, axis)).toEqual([
      [1000, 5],
      [1020, 5],
      [1020, 7],
      [1080, 7],
      [1140, Number.NaN],
      [1140, 2],
      [1200, 2],
    ]);
  });

  it("puts a CloudWatch series on its period grid: missing counts are zero, missing averages unknown", () => {
    const points: Array<[number, number]> = [
      [1010, 4],
      [1030, 6],
    ];
    const window = { start: 1000, end: 1040 };
    expect(metricGrid({ points, stat: "Sum" }, 10, window)).toEqual([
      [1000, 0],
      [1010, 4],
      [1020, 0],
      [1030, 6],
    ]);
    expect(metricGrid({ points, stat: "Average" }, 10, window)).toEqual([
      [1000, Number.NaN],
      [1010, 4],
      [1020, Number.NaN],
      [1030, 6],
    ]);
  });

  it.each([
    [0, 1],
    [0.3, 0.5],
    [7, 10],
    [120, 200],
    [2306, 2500],
  ])("rounds an axis maximum of %s up to %s", (v, top) => {
    expect(niceCeiling(v)).toBe(top);
  });
});
