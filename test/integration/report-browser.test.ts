// report.html in headless Chromium: the verdict reads right, every chart drew and zooms and hovers as one, no console
// error, no network request, no horizontal scroll at phone width, hostile strings stay text.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { buildReport } from "../../reports/index.ts";
import { chromiumAvailable, chromiumPath, launchChromium } from "../fixtures/report/browser.ts";
import { hostileBody, type SyntheticRun, writeSyntheticRun } from "../fixtures/report/synthetic-run.ts";

async function report(overrides: Partial<SyntheticRun>) {
  const dir = join(mkdtempSync(join(tmpdir(), "harness-report-browser-")), "20261126T150000Z-synth001");
  const run = writeSyntheticRun({ dir, durationSeconds: 180, peakRate: 300, ...overrides });
  await buildReport({ run, output: memoryOutput() });
  return run.reportHtml;
}

describe("report.html in Chromium", () => {
  let browser: Browser;

  beforeAll(async () => {
    expect(chromiumAvailable(), `${chromiumPath} is missing: apt-get install chromium (see .ci/run)`).toBe(true);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(file: string, viewport = { width: 1100, height: 900 }) {
    const page = await browser.newPage({ viewport });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => {
      requests.push(r.url());
      if (!r.url().startsWith("file:")) errors.push(`network request: ${r.url()}`);
    });
    await page.goto(`file://${file}`, { waitUntil: "load" });
    return { page, errors, requests };
  }

  it("shows FAIL, draws every chart, and shows a hostile DLQ body and ID as text without running it", async () => {
    const file = await report({
      hostile: true,
      acceptCeiling: 250,
      consumerRate: 200,
      deadLetterShare: 0.05,
      dlqLagSeconds: 30,
      lost: { fromSecond: 90, seconds: 5, count: 20 },
      chaos: [{ action: "lambda-throttle", fromSecond: 80, seconds: 30, params: { concurrency: 1 } }],
      gates: { maxDeadLettered: 0 },
    });
    const { page, errors } = await open(file);
    expect(await page.locator("#verdict .word").textContent()).toBe("FAIL");
    expect(await page.locator("#verdict").textContent()).toContain("accounting invalid");

    // Each chart is a uPlot instance the page keeps in window.harnessReport (strings, not functions: this project
    // compiles without the DOM library).
    const charts = (await page.evaluate(`window.harnessReport.charts.map((c) => ({
      id: c.id,
      width: c.u.over.getBoundingClientRect().width,
      height: c.u.over.getBoundingClientRect().height,
      drawn: c.u.data.slice(1).filter((ys) => ys.some((v) => Number.isFinite(v))).length,
      inFigure: c.u.root.closest("figure.chart").id,
    }))`)) as Array<{ id: string; width: number; height: number; drawn: number; inFigure: string }>;
    // The IDs the verifier found wrong come first, above the fold beside the verdict; the rest follow in the timeline.
    expect(charts.map((c) => c.id)).toEqual([
      "chart-classes",
      "chart-load",
      "chart-latency",
      "chart-queues",
      "chart-dlqs",
      ...[0, 1, 2, 3, 4, 5].map((i) => `chart-metric-${i}`),
    ]);
    for (const c of charts) {
      expect(c.inFigure, c.id).toBe(c.id);
      expect(c.width, c.id).toBeGreaterThan(300);
      expect(c.height, c.id).toBeGreaterThan(50);
      expect(c.drawn, c.id).toBeGreaterThan(0);
    }
    // One chaos band per chart, labelled with its action.
    expect(await page.locator(".u-under .band.chaos .band-tag").allTextContents()).toEqual(
      charts.map(() => "lambda-throttle"),
    );
    // The headline chart is above the fold of a 1100 x 900 window, under the verdict and the gates.
    const headline = await page.locator("figure.chart").first().boundingBox();
    expect(headline?.y ?? 9999).toBeLessThan(900);

    expect(await page.locator("details.bodies pre").textContent()).toBe(hostileBody);
    expect(await page.locator("details.ids pre").first().textContent()).toContain(hostileBody);
    // The page's own three scripts only (the data, uPlot, the charts): none from a target string, no image or frame.
    expect(await page.evaluate('[...document.querySelectorAll("script")].map((s) => s.id || s.type || "js")')).toEqual([
      "report-data",
      "js",
      "js",
    ]);
    expect(await page.evaluate('document.querySelectorAll("img, iframe, object").length')).toBe(0);
    expect(await page.evaluate("typeof window.__xss")).toBe("undefined");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows PASS for a clean run, with no console error", async () => {
    const { page, errors } = await open(await report({}));
    expect(await page.locator("#verdict .word").textContent()).toBe("PASS");
    expect(await page.locator("#gates .st.fail").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("zooms every panel at once, moves one crosshair over all, labels adjacent chaos windows apart, fits 390 px, no request", async () => {
    const file = await report({
      consumerRate: 200,
      deadLetterShare: 0.05,
      dlqLagSeconds: 30,
      chaos: [
        { action: "lambda-throttle", fromSecond: 60, seconds: 20, params: { concurrency: 1 } },
        { action: "latency", fromSecond: 80, seconds: 15, params: { ms: 100 } },
      ],
    });
    const { page, errors, requests } = await open(file);
    type Range = [number, number];
    const ranges = async () =>
      (await page.evaluate("window.harnessReport.charts.map((c) => [c.u.scales.x.min, c.u.scales.x.max])")) as Range[];
    const full = (await page.evaluate("[window.harnessReport.payload.x0, window.harnessReport.payload.x1]")) as Range;
    const before = await ranges();
    expect(before.length).toBeGreaterThan(5);
    for (const r of before) expect(r).toEqual(full);

    // Drag across 30 % to 60 % of the load chart: every panel shows that one range.
    await page.locator("#chart-load .u-over").scrollIntoViewIfNeeded();
    const load = await page.locator("#chart-load .u-over").boundingBox();
    if (load === null) throw new Error("no load chart");
    const y = load.y + load.height / 2;
    await page.mouse.move(load.x + load.width * 0.3, y);
    await page.mouse.down();
    await page.mouse.move(load.x + load.width * 0.6, y, { steps: 6 });
    await page.mouse.up();
    const zoomed = await ranges();
    const span = full[1] - full[0];
    const [min, max] = zoomed[0] as Range;
    expect(min).toBeCloseTo(full[0] + span * 0.3, 0);
    expect(max).toBeCloseTo(full[0] + span * 0.6, 0);
    for (const r of zoomed) expect(r).toEqual([min, max]);

    // Hover on the latency chart: the crosshair of every panel stands at the same time, and each shows its tooltip.
    await page.locator("#chart-latency .u-over").scrollIntoViewIfNeeded();
    const latency = await page.locator("#chart-latency .u-over").boundingBox();
    if (latency === null) throw new Error("no latency chart");
    await page.mouse.move(latency.x + latency.width * 0.5, latency.y + latency.height / 2);
    const cursors = (await page.evaluate(
      `window.harnessReport.charts.map((c) => ({ left: c.u.cursor.left, x: c.u.posToVal(c.u.cursor.left, "x"),
        line: !c.u.root.querySelector(".u-cursor-x").classList.contains("u-off"),
        tip: c.u.over.querySelector(".tip").style.display !== "none" }))`,
    )) as Array<{ left: number; x: number; line: boolean; tip: boolean }>;
    const mid = min + (max - min) * 0.5;
    for (const c of cursors) {
      expect(c.left).toBeGreaterThan(0);
      expect(Math.abs(c.x - mid)).toBeLessThan((max - min) * 0.01);
      expect([c.line, c.tip]).toEqual([true, true]);
    }

    // Double-click: every panel back to the whole run.
    await page.mouse.dblclick(latency.x + latency.width * 0.5, latency.y + latency.height / 2);
    for (const r of await ranges()) expect(r).toEqual(full);

    // The legend toggles a series: click "accepted" in the load chart's legend.
    await page.locator("#chart-load .u-legend .u-series", { hasText: "accepted" }).locator("th").click();
    expect(
      await page.evaluate(
        'window.harnessReport.charts.find((c) => c.id === "chart-load").u.series.filter((s) => !s.show).map((s) => s.label)',
      ),
    ).toEqual(["accepted"]);

    // Two adjacent chaos windows: two bands in every panel, each named, the second starting where the first ends.
    const bands = (await page.locator("#chart-load .u-under .band.chaos").evaluateAll((nodes) =>
      nodes.map((n) => ({
        tag: n.textContent,
        start: Number((n as unknown as { dataset: { start: string } }).dataset.start),
        end: Number((n as unknown as { dataset: { end: string } }).dataset.end),
        box: (n as unknown as { getBoundingClientRect(): { left: number; right: number } }).getBoundingClientRect(),
      })),
    )) as Array<{ tag: string; start: number; end: number; box: { left: number; right: number } }>;
    expect(bands.map((b) => [b.tag, b.start, b.end])).toEqual([
      ["lambda-throttle", 60, 80],
      ["latency", 80, 95],
    ]);
    expect(bands[0]?.box.right).toBeCloseTo(bands[1]?.box.left ?? 0, 0);

    // Phone width: no horizontal scroll of the page; tables scroll in their own box or reflow.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    const widths = (await page.evaluate("window.harnessReport.charts.map((c) => c.u.width)")) as number[];
    for (const w of widths) expect(w).toBeLessThanOrEqual(390);

    expect(requests).toEqual([`file://${file}`]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
