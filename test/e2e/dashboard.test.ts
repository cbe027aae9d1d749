// `harness run --dashboard` in headless Chromium during a real local run: the page's numbers are load-summary.json's
// per-second rows, a page opened mid-run (and one opened after the run) catches up from the start, no console error,
// no request off 127.0.0.1.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChaosFile } from "../../contracts/chaos.ts";
import type { LoadSecond, LoadSummary } from "../../contracts/load-summary.ts";
import type { RunResult } from "../../reports/index.ts";
import { chromiumAvailable, chromiumPath, launchChromium } from "../fixtures/report/browser.ts";
import { harnessBin, nodeBin } from "../support/cli.ts";

const config = `export default {
  runsDir: "runs",
  targets: {
    local: {
      kind: "local",
      maxRps: 500,
      consumers: { batchSize: 10, maxConcurrency: 4, visibilityTimeoutSeconds: 1 },
      maxReceiveCount: 2,
    },
  },
  scenarios: {
    live: {
      executor: "constant-arrival-rate", rate: 40, duration: "14s",
      chaos: [
        { at: "3s", duration: "4s", action: "fault", params: { consumerErrorRate: 0.3 } },
        { at: "8s", duration: "3s", action: "fault", params: { gatewayLatencyMs: 30 } },
      ],
    },
  },
  drain: { timeout: "60s", settle: "1s" },
  gates: { maxLost: 0 },
};
`;

interface Watched {
  page: Page;
  errors: string[];
  requests: string[];
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

/** The page's per-second table, newest first as shown, turned oldest first. */
async function tableRows(page: Page): Promise<string[][]> {
  const rows = (await page.evaluate(
    '[...document.querySelectorAll("#seconds tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent))',
  )) as string[][];
  return rows.reverse();
}

/** What the page must show for a row of load-summary.json (counts as en-US integers, milliseconds to 0.1). */
function expectedRow(row: LoadSecond, origin: number): string[] {
  const n = (v: number | undefined) => (v === undefined ? "–" : v.toLocaleString("en-US"));
  const ms = (v: number | null | undefined) => (v === null || v === undefined ? "–" : v.toFixed(1));
  const rel = row.t - origin;
  return [
    `${rel < 0 ? "-" : "+"}${Math.abs(rel)}s`,
    n(row.planned),
    n(row.sent),
    n(row.written),
    n(row.acc),
    n(row.rej),
    n(row.unk),
    n(row.inFlight),
    ms(row.sendLagP99),
    ms(row.latency?.p50),
    ms(row.latency?.p95),
    ms(row.latency?.p99),
  ];
}

describe("harness run --dashboard", () => {
  let browser: Browser;
  let child: ChildProcess | undefined;
  const cwd = mkdtempSync(join(tmpdir(), "harness-dashboard-"));

  beforeAll(async () => {
    expect(chromiumAvailable(), `${chromiumPath} is missing: apt-get install chromium (see .ci/run)`).toBe(true);
    writeFileSync(join(cwd, "harness.config.ts"), config);
    browser = await launchChromium();
  });

  afterAll(async () => {
    child?.kill("SIGKILL");
    await browser?.close();
  });

  async function watch(url: string): Promise<Watched> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => {
      requests.push(r.url());
    });
    await page.goto(url, { waitUntil: "load" });
    return { page, errors, requests };
  }

  const liveState = (page: Page) =>
    page.evaluate(
      "({ rows: window.harnessLive.state.rows.length, first: window.harnessLive.state.rows[0]?.t ?? null, ended: window.harnessLive.state.end !== null, load: window.harnessLive.state.loadEnded !== null })",
    ) as Promise<{ rows: number; first: number | null; ended: boolean; load: boolean }>;

  it("shows each second as load-summary.json has it, live and to a page opened mid-run or after it", async () => {
    const proc = spawn(nodeBin, [harnessBin, "run", "--scenario", "live", "--dashboard", "--keep-dashboard"], {
      cwd,
      env: { ...process.env, CI: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    let stderr = "";
    proc.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => proc.once("close", resolve));
    const waitFor = async (what: RegExp, timeoutMs: number): Promise<RegExpMatchArray> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = stderr.match(what);
        if (match !== null) return match;
        if (Date.now() > deadline) throw new Error(`no ${what} in:\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };

    // The address is printed before anything starts, as a line a terminal makes clickable.
    const url = (await waitFor(/\[dashboard\] watch it live: (http:\/\/127\.0\.0\.1:\d+\/)/, 30_000))[1] as string;
    const first = await watch(url);

    // Mid-run: a few seconds shown, the load still going; a second page then shows the same seconds from the first.
    await expect
      .poll(async () => (await liveState(first.page)).rows, { timeout: 40_000, interval: 200 })
      .toBeGreaterThanOrEqual(5);
    const atOpen = await liveState(first.page);
    expect(atOpen.load, "the load was still running when the second page opened").toBe(false);
    const second = await watch(url);
    await expect
      .poll(async () => (await liveState(second.page)).rows, { timeout: 5_000 })
      .toBeGreaterThanOrEqual(atOpen.rows);
    expect((await liveState(second.page)).first).toBe(atOpen.first);

    // The run ends; --keep-dashboard keeps serving, and a page opened now still gets the whole run.
    await waitFor(/\[dashboard\] the run ended; still serving/, 90_000);
    const third = await watch(url);
    const pages = [first, second, third];
    for (const { page } of pages) {
      await expect.poll(async () => (await liveState(page)).ended, { timeout: 5_000 }).toBe(true);
      await expect
        .poll(() => page.locator("#state").textContent(), { timeout: 2_000 })
        .toMatch(/^the run ended at .* \(exit 0\)/);
    }

    const runDir = join(cwd, "runs", "latest");
    const summary = readJson<LoadSummary>(join(runDir, "load-summary.json"));
    const result = readJson<RunResult>(join(runDir, "result.json"));
    const chaos = readJson<ChaosFile>(join(runDir, "chaos.json"));
    const origin = Math.floor(summary.startedAt / 1000);
    expect(summary.perSecond.length).toBeGreaterThanOrEqual(14);
    const expected = summary.perSecond.map((row) => expectedRow(row, origin));
    for (const { page } of pages) {
      // The table, cell by cell, and the load chart's series, value by value.
      expect(await tableRows(page)).toEqual(expected);
      const chart = (await page.evaluate(
        "window.harnessLive.charts['chart-load'].data.map((s) => Array.from(s))",
      )) as number[][];
      expect(chart[0]).toEqual(summary.perSecond.map((r) => r.t - origin));
      expect(chart[1]).toEqual(summary.perSecond.map((r) => r.planned));
      expect(chart[3]).toEqual(summary.perSecond.map((r) => r.acc));
      // The last second's tile, and the verdict the report gave.
      const last = summary.perSecond.at(-1) as LoadSecond;
      expect(await page.locator("#tile-accepted .v").textContent()).toBe(last.acc.toLocaleString("en-US"));
      expect(await page.locator("#verdict .word").textContent()).toBe(result.status.toUpperCase());
      // Each chaos window as it really happened, labelled with its action in every chart.
      expect(await page.locator("#chaos tbody tr td:first-child").allTextContents()).toEqual(
        chaos.windows.map((w) => w.action),
      );
      expect(await page.locator("#chaos tbody tr td:nth-child(3)").allTextContents()).toEqual(
        chaos.windows.map((w) => `+${(w.start / 1000 - origin).toFixed(3)} s`),
      );
      expect(await page.locator("#chart-load .band .band-tag").allTextContents()).toEqual([
        "fault consumerErrorRate=0.3",
        "fault gatewayLatencyMs=30",
      ]);
      // The stages in order, each done, and the queue depths the sampler polled.
      expect(await page.locator("#stages li b").allTextContents()).toEqual([
        "target",
        "preflight",
        "load",
        "drain",
        "verify",
        "collect",
        "report",
      ]);
      expect(await page.locator("#stages li.running").count()).toBe(0);
      expect(await page.locator("#chart-queues").isVisible()).toBe(true);
    }
    for (const { page, errors, requests } of pages) {
      expect(errors).toEqual([]);
      expect(requests.filter((r) => !r.startsWith(url))).toEqual([]);
      expect(requests.filter((r) => r === `${url}events`).length).toBe(1);
      await page.close();
    }

    // Ctrl+C ends the serving; the exit code is the run's.
    proc.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(result.status).toBe("pass");
  });
});
