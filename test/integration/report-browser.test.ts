// report.html in headless Chromium: the verdict reads right, every chart drew, no console error, hostile strings stay text.
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

  async function open(file: string) {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) errors.push(`network request: ${r.url()}`);
    });
    await page.goto(`file://${file}`, { waitUntil: "load" });
    return { page, errors };
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

    const charts = await page.locator("figure.chart").evaluateAll((figures) =>
      figures.map((f) => {
        const svg = f.querySelector("svg");
        const box = svg?.getBoundingClientRect();
        const paths = [...(svg?.querySelectorAll("path.series") ?? [])].filter((p) => {
          const b = (p as unknown as { getBBox(): { width: number; height: number } }).getBBox();
          return (p.getAttribute("d") ?? "").length > 10 && (b.width > 0 || b.height > 0);
        });
        return { id: f.id, width: box?.width ?? 0, height: box?.height ?? 0, drawn: paths.length };
      }),
    );
    expect(charts.map((c) => c.id)).toEqual([
      "chart-load",
      "chart-latency",
      "chart-queues",
      "chart-dlqs",
      "chart-classes",
      ...[0, 1, 2, 3, 4, 5].map((i) => `chart-metric-${i}`),
    ]);
    for (const c of charts) {
      expect(c.width, c.id).toBeGreaterThan(300);
      expect(c.height, c.id).toBeGreaterThan(50);
      expect(c.drawn, c.id).toBeGreaterThan(0);
    }
    expect(await page.locator("svg rect.band.chaos").count()).toBe(charts.length);

    expect(await page.locator("details.bodies pre").textContent()).toBe(hostileBody);
    expect(await page.locator("details.ids pre").first().textContent()).toContain(hostileBody);
    // Strings, not functions: this project compiles without the DOM library.
    expect(await page.evaluate('document.querySelectorAll("script, img, iframe, object").length')).toBe(0);
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
});
