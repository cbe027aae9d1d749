// buildReport over synthetic run directories: every file written, reporters isolated, missing artifacts, escaping.
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { reportCommand } from "../../reports/command.ts";
import { buildReport, exitCodeFor, UnknownReporterError } from "../../reports/index.ts";
import { jsonReporter } from "../../reports/render/json.ts";
import type { Reporter } from "../../reports/render/reporter.ts";
import { hostileBody, type SyntheticRun, writeSyntheticRun } from "../fixtures/report/synthetic-run.ts";

const fixed = () => new Date("2026-11-26T16:00:00.000Z");

function synthetic(overrides: Partial<SyntheticRun> = {}) {
  const dir = join(mkdtempSync(join(tmpdir(), "harness-report-")), "20261126T150000Z-synth001");
  return writeSyntheticRun({ dir, durationSeconds: 120, peakRate: 200, ...overrides });
}

describe("buildReport", () => {
  it("writes report.html, summary.md, junit.xml and result.json, and result.json is the returned result", async () => {
    const run = synthetic();
    const output = memoryOutput();
    const result = await buildReport({ run, output, now: fixed });
    expect(result.reporters).toEqual([
      { name: "html", file: run.reportHtml, ok: true },
      { name: "md", file: run.summaryMd, ok: true },
      { name: "junit", file: run.junitXml, ok: true },
      { name: "json", file: run.result, ok: true },
    ]);
    const written = JSON.parse(readFileSync(run.result, "utf8"));
    expect(written).toEqual({ ...result, reporters: result.reporters.slice(0, 3) });
    expect([result.status, result.valid, exitCodeFor(result)]).toEqual(["pass", true, 0]);
    expect(readFileSync(run.summaryMd, "utf8")).toContain("## ✅ harness PASS");
    expect(output.stderr).toEqual([]);
  });

  it("gives a line per flow step in report.html and summary.md, from load-summary.json's steps", async () => {
    const run = synthetic();
    const load = JSON.parse(readFileSync(run.loadSummary, "utf8"));
    const latency = { count: 180, p50: 41.2, p90: 44, p95: 45.6, p99: 60.1, max: 80 };
    load.steps = {
      token: { calls: 180, acc: 180, rej: 0, unk: 0, duration: latency },
      order: { calls: 160, acc: 140, rej: 20, unk: 0, duration: null },
    };
    writeFileSync(run.loadSummary, JSON.stringify(load));
    await buildReport({ run, output: memoryOutput(), now: fixed });
    const token = "token: 180 calls, 180 accepted, 0 rejected, 0 unknown; p50 41 ms, p95 46 ms, p99 60 ms, max 80 ms";
    const order = "order: 160 calls, 140 accepted, 20 rejected, 0 unknown; no durations";
    const md = readFileSync(run.summaryMd, "utf8");
    expect(md).toContain(`Flow steps (each call, send to answer):\n\n- ${order}\n- ${token}\n`);
    const html = readFileSync(run.reportHtml, "utf8");
    expect(html).toContain(`<tr><td>flow step</td><td>${order}</td></tr>`);
    expect(html).toContain(`<tr><td>flow step</td><td>${token}</td></tr>`);
  });

  it("isolates a failing reporter: the others still write, and its error is recorded and reported", async () => {
    const run = synthetic();
    const broken: Reporter = {
      name: "html",
      file: (p) => p.reportHtml,
      render: () => {
        throw new Error("chart exploded");
      },
    };
    const output = memoryOutput();
    const result = await buildReport({ run, output, available: [broken, jsonReporter], now: fixed });
    expect(result.reporters).toEqual([
      { name: "html", file: run.reportHtml, ok: false, error: "chart exploded" },
      { name: "json", file: run.result, ok: true },
    ]);
    expect(JSON.parse(readFileSync(run.result, "utf8")).reporters).toEqual([result.reporters[0]]);
    expect(output.stderr).toEqual(["report: the html reporter failed: chart exploded"]);
  });

  it("writes only the reporters asked for, and refuses names it does not know", async () => {
    const run = synthetic();
    const result = await buildReport({ run, output: memoryOutput(), reporters: ["md"] });
    expect(result.reporters.map((r) => r.name)).toEqual(["md"]);
    await expect(buildReport({ run, output: memoryOutput(), reporters: ["md", "pdf"] })).rejects.toBeInstanceOf(
      UnknownReporterError,
    );
  });

  it("says unknown (exit 2) when verify.json is missing, and lists what the report lacks", async () => {
    const run = synthetic();
    rmSync(run.verify);
    rmSync(run.metrics);
    const result = await buildReport({ run, output: memoryOutput(), now: fixed });
    expect([result.status, result.valid, exitCodeFor(result)]).toEqual(["unknown", "unknown", 2]);
    expect(result.problems).toEqual(["verify.json is missing"]);
    expect(readFileSync(run.reportHtml, "utf8")).toContain("No platform metrics (metrics.json missing)");
  });

  it("fails (exit 1) a run with lost and dead-lettered IDs, naming the cluster and the throttling", async () => {
    const run = synthetic({
      acceptCeiling: 150,
      consumerRate: 120,
      deadLetterShare: 0.05,
      dlqLagSeconds: 30,
      lost: { fromSecond: 60, seconds: 4, count: 12 },
      gates: { maxDeadLettered: 0 },
    });
    const result = await buildReport({ run, output: memoryOutput(), now: fixed });
    expect(exitCodeFor(result)).toBe(1);
    // The loss fails maxLost; the verdict gate leaves lost IDs to it (issue 16 item 4).
    expect(result.gates.filter((g) => g.status === "fail").map((g) => g.name)).toEqual(["maxLost", "maxDeadLettered"]);
    expect(result.findings.map((f) => f.kind)).toEqual([
      "cluster",
      "cluster",
      "throttleOnset",
      "dlqLag",
      "drain",
      "e2eLatency",
    ]);
  });

  it("rebuilds the client series from the ledger when load-summary.json is missing", async () => {
    const run = synthetic();
    rmSync(run.loadSummary);
    const t = Date.UTC(2026, 10, 26, 15, 0, 0);
    const records = [
      { id: "a", ts: t, dur: 10, ch: "http", st: 202, o: "acc" },
      { id: "b", ts: t + 100, dur: 30, ch: "http", st: 429, o: "rej", err: "429" },
      { id: "c", ts: t + 1000, dur: 20, ch: "http", st: 202, o: "acc" },
    ];
    writeFileSync(
      join(run.ledgerDir, "w1.ndjson"),
      `${records.map((r) => JSON.stringify(r)).join("\n")}\n{"end":true,"worker":"w1","count":3,"acc":2,"rej":1,"unk":0}\n`,
    );
    const result = await buildReport({ run, output: memoryOutput(), now: fixed });
    expect(result.problems).toEqual([
      "load-summary.json is missing",
      "client series rebuilt from the ledger (no planned rate, latency from actual send)",
    ]);
    expect(result.gates.at(-1)).toMatchObject({ name: "thresholds", status: "unknown" });
  });

  it("reports a run cut short before any summary (plan and samples only) on a sane time axis", async () => {
    const run = synthetic();
    for (const file of [run.loadSummary, run.verify, run.metrics, run.chaos]) rmSync(file);
    const result = await buildReport({ run, output: memoryOutput(), now: fixed });
    expect([result.status, exitCodeFor(result)]).toEqual(["unknown", 2]);
    expect(result.problems).toEqual(["load-summary.json is missing", "verify.json is missing"]);
    const page = readFileSync(run.reportHtml, "utf8");
    expect(page).toContain('id="chart-queues"');
    // Ticks are relative to the first sample, not to 1970: the page's chart data starts at +0 s and spans minutes.
    const data = JSON.parse(
      page.match(/<script type="application\/json" id="report-data">(.*?)<\/script>/s)?.[1] ?? "{}",
    );
    const samples = readFileSync(run.samples, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(data.originMs).toBe(Math.floor(Math.min(...samples.map((s: { t: number }) => s.t)) / 1000) * 1000);
    expect(data.x0).toBe(0);
    expect(data.x1).toBeGreaterThan(0);
    expect(data.x1).toBeLessThan(3600);
  });

  it("escapes every string from the target in HTML, Markdown and JUnit", async () => {
    const run = synthetic({
      hostile: true,
      consumerRate: 150,
      deadLetterShare: 0.1,
      lost: { fromSecond: 50, seconds: 3, count: 6 },
      chaos: [{ action: "lambda-throttle", fromSecond: 40, seconds: 20, error: '<img src=x onerror="alert(1)">' }],
    });
    await buildReport({ run, output: memoryOutput(), now: fixed });
    const page = readFileSync(run.reportHtml, "utf8");
    // The page's own three scripts (the chart data, uPlot, the charts) and no other: the target's <script> stays text,
    // and inside the chart data no "<" is left to close its element.
    expect(page.match(/<script\b[^>]*>/g)).toEqual([
      '<script type="application/json" id="report-data">',
      "<script>",
      "<script>",
    ]);
    const data = page.match(/<script type="application\/json" id="report-data">(.*?)<\/script>/s)?.[1] ?? "";
    expect(data).not.toContain("<");
    expect(data).toContain('\\u003cscript>window.__xss = 1; console.error(\\"xss\\")\\u003c/script>');
    expect(page).not.toContain("<img");
    expect(page).not.toContain("<b><script");
    expect(page).toContain("&lt;script&gt;window.__xss = 1; console.error(&quot;xss&quot;)&lt;/script&gt;");
    const summary = readFileSync(run.summaryMd, "utf8");
    expect(summary).not.toContain("<script");
    expect(summary).toContain("&lt;script&gt;");
    expect(readFileSync(run.junitXml, "utf8")).not.toContain("<img");
    expect(hostileBody).toContain("<script>");
  });
});

describe("harness report", () => {
  it("rebuilds the latest run found through --runs-dir, prints where the files are, and exits per the gates", async () => {
    const runsDir = mkdtempSync(join(tmpdir(), "harness-runs-"));
    const run = writeSyntheticRun({
      dir: join(runsDir, "20261126T150000Z-synth001"),
      durationSeconds: 60,
      peakRate: 100,
      lost: { fromSecond: 10, seconds: 2, count: 2 },
    });
    symlinkSync("20261126T150000Z-synth001", join(runsDir, "latest"));
    const output = memoryOutput();
    const code = await reportCommand(
      { cwd: tmpdir(), env: {}, output },
      { run: "latest", reporters: undefined, config: undefined, runsDir },
    );
    expect(code).toBe(1);
    expect(output.stdout).toEqual([
      `html\t${run.reportHtml}`,
      `md\t${run.summaryMd}`,
      `junit\t${run.junitXml}`,
      `json\t${run.result}`,
    ]);
    expect(output.stderr).toEqual([
      "report: FAIL (accounting false), exit 1",
      "  gate FAIL: maxLost: 2 lost (at most 0 allowed)",
      "  finding: Lost IDs spread over the run",
    ]);
  });

  it("judges the gates of --config instead of plan.json's, and finds the runs through the config's runsDir", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "harness-report-config-"));
    writeFileSync(
      join(cwd, "harness.config.ts"),
      'export default { runsDir: "my-runs", targets: { local: { kind: "local" } }, gates: { maxLost: 0, maxDuplicated: 0 } };\n',
    );
    writeSyntheticRun({ dir: join(cwd, "my-runs", "20261126T150000Z-synth001"), durationSeconds: 30, peakRate: 50 });
    const output = memoryOutput();
    const code = await reportCommand(
      { cwd, env: {}, output },
      { run: "20261126T150000Z-synth001", reporters: ["json"], config: "harness.config.ts", runsDir: undefined },
    );
    expect(code).toBe(0);
    const result = JSON.parse(readFileSync(join(cwd, "my-runs", "20261126T150000Z-synth001", "result.json"), "utf8"));
    expect(result.gates.map((g: { name: string }) => g.name)).toEqual([
      "verdict",
      "maxLost",
      "maxUnexpected",
      "maxDuplicated",
      "maxUnknownShare",
      "threshold http_req_duration p(95)<500",
    ]);
  });
});
