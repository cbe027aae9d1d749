// Benchmark: time and size of the report for a synthetic 1-hour run at 1,000 messages/s (goal: under 10 s, under 5 MB).
// A 1 h run is 3.6 M messages, but the page never carries one row per message: the charts' inline JSON holds the
// per-second client series (3,600 rows), queue samples every 2 s, and CloudWatch per 60 s period; uPlot is inlined too.
// Usage: npm run bench:report [-- --seconds 3600 --rate 1000 --screenshot report.png --keep]
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { memoryOutput } from "../common/output.ts";
import { buildReport, judge } from "../reports/build.ts";
import { reporters } from "../reports/render/index.ts";
import { readRunData } from "../reports/run-data.ts";
import { writeSyntheticRun } from "../test/fixtures/report/synthetic-run.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "3600" },
    rate: { type: "string", default: "1000" },
    screenshot: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const goalMs = 10_000;
const goalBytes = 5 * 1024 * 1024;

const root = mkdtempSync(join(tmpdir(), "harness-bench-report-"));
const dir = join(root, "20261126T150000Z-bench001");
let t = performance.now();
// A realistic bad hour: throttling above 900/s, consumers at 850/s, 1 % of the overflow dead-lettered 90 s later,
// a burst of lost IDs inside a chaos window, and a second chaos window that did nothing.
const run = writeSyntheticRun({
  dir,
  durationSeconds: seconds,
  peakRate: rate,
  acceptCeiling: rate * 0.9,
  consumerRate: rate * 0.85,
  deadLetterShare: 0.01,
  dlqLagSeconds: 90,
  lost: { fromSecond: Math.floor(seconds * 0.6), seconds: 20, count: 250 },
  chaos: [
    { action: "lambda-throttle", fromSecond: Math.floor(seconds * 0.58), seconds: 120, params: { concurrency: 2 } },
    { action: "latency", fromSecond: Math.floor(seconds * 0.2), seconds: 60, params: { ms: 200 } },
  ],
  sampleIntervalSeconds: 2,
  metricPeriodSeconds: 60,
  sampleCap: 1000,
  gates: { maxDeadLettered: 0, e2eLatencyMs: { "p(99)": 5000 }, maxDrain: 600_000 },
});
const synthMs = performance.now() - t;
const inputBytes = ["plan", "loadSummary", "samples", "verify", "metrics", "chaos"].reduce(
  (n, k) => n + statSync(run[k as "plan"]).size,
  0,
);

// Phases separately (read, judge, each renderer), then the whole entry point as `harness report` runs it.
t = performance.now();
const data = await readRunData(run);
const readMs = performance.now() - t;
t = performance.now();
const result = judge(data, undefined, new Date());
const judgeMs = performance.now() - t;
const renderMs: Record<string, number> = {};
for (const r of reporters) {
  t = performance.now();
  r.render({ result, data });
  renderMs[r.name] = Math.round(performance.now() - t);
}
t = performance.now();
const built = await buildReport({ run, output: memoryOutput() });
const totalMs = performance.now() - t;

const sizes = Object.fromEntries(built.reporters.map((r) => [r.name, statSync(r.file).size]));
const page = readFileSync(run.reportHtml, "utf8");
const chartJson = page.match(/<script type="application\/json" id="report-data">(.*?)<\/script>/s)?.[1] ?? "";
const html = sizes.html ?? 0;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(2)} MB`;
console.log(`synthetic run: ${seconds} s at ${rate}/s = ${(seconds * rate).toLocaleString("en-US")} messages`);
console.log(
  `  per-second series ${data.client.length}, samples ${data.samples.length}, metric series ${data.metrics?.series.length ?? 0}`,
);
console.log(`  inputs ${mb(inputBytes)} (written in ${Math.round(synthMs)} ms)`);
console.log(`  findings: ${built.findings.map((f) => f.kind).join(", ")}; status ${built.status}`);
console.log(`read ${Math.round(readMs)} ms, judge ${Math.round(judgeMs)} ms, render ${JSON.stringify(renderMs)}`);
console.log(
  `buildReport total ${Math.round(totalMs)} ms (goal < ${goalMs} ms: ${(totalMs / goalMs).toFixed(3)} of it)`,
);
console.log(
  `report.html ${mb(html)} (goal < 5 MB: ${(html / goalBytes).toFixed(3)} of it); summary.md ${sizes.md} B, junit.xml ${sizes.junit} B, result.json ${sizes.json} B`,
);
console.log(
  `  of which chart data (inline JSON) ${mb(Buffer.byteLength(chartJson))}; the rest is uPlot, the tables and the ID samples`,
);
if (values.screenshot !== undefined) {
  const { screenshotReport } = await import("../test/fixtures/report/browser.ts");
  const png = resolve(values.screenshot);
  await screenshotReport(run.reportHtml, png);
  console.log(`screenshot ${png}`);
}
if (values.keep) console.log(`run directory kept: ${dir}`);
else rmSync(root, { recursive: true, force: true });
const ok = totalMs < goalMs && html < goalBytes;
console.log(ok ? "OK: within both goals" : "OVER GOAL");
process.exitCode = ok ? 0 : 1;
