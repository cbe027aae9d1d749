// report.html: one self-contained offline page: tables in plain HTML, charts drawn by uPlot (MIT) from inline JSON.
//
// uPlot (github.com/leeoniya/uPlot, MIT licence, Leon Sorokin) is inlined, with the data, so the page makes no network
// request; a Content-Security-Policy allows only the page's own two scripts (by hash) and no connection at all.
import { createHash } from "node:crypto";
import type { RunPaths } from "../../contracts/run-dir.ts";
import { messageClasses } from "../../contracts/verdict.ts";
import type { ChaosFinding, DrainFinding, Finding } from "../findings/types.ts";
import { chainTable } from "./chain-table.ts";
import { chartClientScript } from "./chart-client.ts";
import { chartPayload, inlineJson } from "./chart-payload.ts";
import { type ChartSpec, hasData } from "./chart-spec.ts";
import { buildCharts, headlineChart } from "./charts.ts";
import { html, type SafeHtml, trusted } from "./escape.ts";
import type { Reporter, ReportModel } from "./reporter.ts";
import { uplotAssets } from "./uplot-assets.ts";
import { classMeaning, statusWord, stepLines, validWord } from "./words.ts";

const style = `
:root{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#111827;background:#f9fafb}
body{max-width:1000px;margin:0 auto;padding:12px 14px 48px;overflow-wrap:anywhere}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
.meta{color:#4b5563;font-size:13px}
.verdict{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:center;padding:10px 16px;border-radius:8px;margin:10px 0;color:#fff}
.verdict.pass{background:#15803d}.verdict.fail{background:#b91c1c}.verdict.unknown{background:#b45309}
.verdict .word{font-size:26px;font-weight:700;letter-spacing:.04em}.verdict>div{min-width:0}
.verdict ul{margin:4px 0 0;padding-left:18px;font-size:13px}
.scroll{overflow-x:auto;max-width:100%;-webkit-overflow-scrolling:touch}
.scroll table{overflow-wrap:normal}
table{border-collapse:collapse;width:100%;font-size:13px;background:#fff}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top}
#gates td:last-child{min-width:16em}
td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.zero td{color:#9ca3af}
.st{font-weight:700;font-size:12px;padding:1px 6px;border-radius:4px;color:#fff}
.st.pass{background:#15803d}.st.fail{background:#b91c1c}.st.unknown{background:#b45309}.st.skipped{background:#6b7280}
.finding{background:#fff;border-left:4px solid #9ca3af;padding:8px 12px;margin:8px 0;border-radius:4px}
.finding.problem{border-color:#b91c1c}.finding.warning{border-color:#d97706}.finding.info{border-color:#2563eb}
.finding h3{font-size:14px;margin:0 0 4px}.finding p{margin:0 0 6px;font-size:13px}
.finding table{font-size:12px}
figure.chart{margin:10px 0;background:#fff;padding:6px 8px;border-radius:6px}
figcaption{font-size:13px;font-weight:600}figcaption small{font-weight:400;color:#6b7280}
.plot{min-height:40px;width:100%;overflow:hidden}
.js .nojs{display:none}
.uplot{width:100%}.u-legend{font-size:12px;text-align:left}.u-inline tr{margin-right:10px}.u-series>*{padding:1px 3px}
.u-under .band{position:absolute;top:0;bottom:0;pointer-events:none}
.band.phase{background:#eef2ff}.band.phase.odd{background:#f5f3ff}.band.drain{background:#ecfeff}
.band.chaos{background:rgba(254,226,226,.85);border-left:1px solid #dc2626;border-right:1px solid #dc2626}
.band.chaosFailed{background:rgba(229,231,235,.9);border-left:1px solid #6b7280;border-right:1px solid #6b7280}
.band-tag{position:absolute;top:1px;left:2px;font-size:10px;color:#991b1b;white-space:nowrap;overflow:hidden;max-width:100%}
.tip{position:absolute;top:4px;z-index:10;pointer-events:none;background:rgba(255,255,255,.95);border:1px solid #d1d5db;border-radius:4px;padding:3px 6px;font-size:11px;white-space:normal;overflow-wrap:anywhere;box-shadow:0 1px 3px rgba(0,0,0,.15)}
.tip i{display:inline-block;width:8px;height:8px;margin-right:4px}.tip-time{font-weight:600}.tip-band{color:#991b1b}
.legend-bands span{display:inline-block;margin-right:12px;font-size:12px}.legend-bands i{display:inline-block;width:12px;height:10px;margin-right:4px;vertical-align:middle}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
pre{background:#fff;border:1px solid #e5e7eb;padding:6px 8px;white-space:pre-wrap;word-break:break-all;max-height:240px;overflow:auto}
details{margin:6px 0}summary{cursor:pointer;font-size:13px}
.muted{color:#6b7280;font-size:13px}
@media (max-width:600px){
#gates thead{display:none}#gates tr{display:block;border-bottom:1px solid #e5e7eb;padding:4px 0}
#gates td{display:inline-block;border:0;padding:2px 6px}#gates td:last-child{display:block;min-width:0}
#gates td[data-label]::before{content:attr(data-label) " ";color:#6b7280}
}
`;

export const htmlReporter: Reporter = {
  name: "html",
  file: (paths: RunPaths) => paths.reportHtml,
  render: renderHtml,
};

export function renderHtml(model: ReportModel): string {
  const { result, data } = model;
  const drain = result.findings.find((f): f is DrainFinding => f.kind === "drain") ?? null;
  const chaos = result.findings.filter((f): f is ChaosFinding => f.kind === "chaos");
  const { axis, charts } = buildCharts(data, drain, chaos);
  const drawn = charts.filter((c) => hasData(c, axis));
  const missing = charts.filter((c) => !hasData(c, axis)).map((c) => c.title);
  const headline = headlineChart(drawn);
  const rest = drawn.filter((c) => c !== headline);
  // CloudWatch returns no data point for a metric nothing published in the window: for Throttles or Errors, that is a zero.
  const silent = (data.metrics?.series ?? []).filter((m) => m.points.length === 0).map((m) => m.label);
  const uplot = uplotAssets();
  const scripts = [uplot.js, chartClientScript];
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${scripts.map(sha256).join(" ")}`;
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>harness ${statusWord[result.status]}: ${result.runId}</title>
<style>${trusted(uplot.css)}</style>
<style>${trusted(style)}</style></head><body>
<h1>harness run ${result.runId}</h1>
<div class="meta">target <b>${result.target ?? "?"}</b> · scenario <b>${result.scenario ?? "?"}</b>${
    result.window === null
      ? ""
      : html` · load ${new Date(result.window.start).toISOString()} → ${new Date(result.window.end).toISOString()} (${Math.round((result.window.end - result.window.start) / 1000)} s)`
  } · report generated ${result.generatedAt}</div>
${verdictBanner(model)}
<h2>Gates</h2>${gatesTable(model)}
${headline === null ? "" : chartFigure(headline)}
<noscript><p class="muted">The charts need JavaScript (inline, no network); every figure above and below is plain HTML.</p></noscript>
<h2>Messages by class</h2>${classTable(model)}
${chainTable(data.verdict)}
<h2>Load</h2>${loadTable(model)}
<h2>Findings</h2>${result.findings.length === 0 ? html`<p class="muted">No findings: nothing to correlate.</p>` : result.findings.map(findingCard)}
<h2>Timeline</h2>
<div class="legend-bands"><span><i style="background:#eef2ff"></i>load phases</span><span><i style="background:#ecfeff"></i>drain</span><span><i style="background:#fee2e2"></i>chaos windows</span><span><i style="background:#e5e7eb"></i>chaos not injected</span><span class="muted">time from the load start; drag across a chart to zoom every chart, double-click to zoom out, click a legend entry to hide its line</span></div>
${chaosTable(chaos, axis.origin)}
${rest.map(chartFigure)}
${missing.length > 0 ? html`<p class="muted">No data inside the run window for: ${missing.join("; ")}.</p>` : ""}
${silent.length > 0 ? html`<p class="muted" id="silent-metrics">No data points in the window (nothing published, i.e. zero): ${silent.join(", ")}.</p>` : ""}
${data.metrics === null ? html`<p class="muted">No platform metrics (metrics.json missing): CloudWatch was not collected for this run.</p>` : ""}
<h2>ID samples</h2>${idSamples(model)}
<h2>Sources</h2>${sourceWarnings(model)}${sources(model)}
${result.problems.length > 0 ? html`<h2>What this report lacks</h2><ul>${result.problems.map((p) => html`<li>${p}</li>`)}</ul>` : ""}
<p class="muted">Artifacts: ${data.paths.dir}</p>
<p class="muted">Charts drawn with uPlot (MIT licence, github.com/leeoniya/uPlot), inlined in this file.</p>
<script type="application/json" id="report-data">${trusted(inlineJson(chartPayload(axis, [...(headline === null ? [] : [headline]), ...rest])))}</script>
<script>${trusted(uplot.js)}</script>
<script>${trusted(chartClientScript)}</script>
</body></html>
`;
  return page.value;
}

/** A CSP source for an inline script: only these exact scripts may run, never one a target string could inject. */
function sha256(script: string): string {
  return `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`;
}

function chartFigure(spec: ChartSpec): SafeHtml {
  const names = spec.series.map((s) => s.name).join(", ");
  return html`<figure class="chart" id="${spec.id}"><figcaption>${spec.title}${spec.unit === "" ? "" : html` <small>(${spec.unit})</small>`}</figcaption><div class="plot" role="img" aria-label="${spec.title}: ${names}"><p class="muted nojs">${names}</p></div></figure>`;
}

/** Each chaos window to the millisecond, as plain HTML (the charts draw the same windows as labelled bands). */
function chaosTable(chaos: readonly ChaosFinding[], originS: number): SafeHtml {
  const shown = chaos.filter((c) => c.window !== null);
  if (shown.length === 0) return html``;
  const at = (ms: number) => `+${((ms - originS * 1000) / 1000).toFixed(3)} s`;
  return html`<div class="scroll"><table id="chaos-windows"><thead><tr><th>chaos action</th><th>from</th><th>to</th><th>injected</th></tr></thead><tbody>${shown.map(
    (c) =>
      html`<tr><td><code>${c.action}</code></td><td>${at(c.startMs)}</td><td>${c.endMs === null ? "end of load" : at(c.endMs)}</td><td>${c.error === null ? "yes" : html`no: ${c.error}`}</td></tr>`,
  )}</tbody></table></div>`;
}

function verdictBanner({ result }: ReportModel): SafeHtml {
  const failing = result.gates.filter((g) => g.status === "fail" || g.status === "unknown");
  return html`<div class="verdict ${result.status}" id="verdict"><div class="word">${statusWord[result.status]}</div><div>
<div>accounting <b>${validWord(result.valid)}</b>${
    result.totals === null
      ? ""
      : html` · ${result.totals.ledger.toLocaleString("en-US")} messages ledgered, ${result.totals.accepted.toLocaleString("en-US")} accepted`
  }</div>
${
  // The verdict gate's message carries the verifier's reasons, so failing and unknown gates say it all.
  failing.length > 0 ? html`<ul>${failing.map((g) => html`<li>${g.name}: ${g.message}</li>`)}</ul>` : ""
}</div></div>`;
}

function gatesTable({ result }: ReportModel): SafeHtml {
  return html`<div class="scroll"><table id="gates"><thead><tr><th>gate</th><th>status</th><th>actual</th><th>limit</th><th>detail</th></tr></thead><tbody>${result.gates.map(
    (g) =>
      html`<tr><td><code>${g.name}</code></td><td><span class="st ${g.status}">${statusWord[g.status]}</span></td><td data-label="actual">${g.actual ?? "n/a"}</td><td data-label="limit">${g.limit ?? ""}</td><td>${g.message}</td></tr>`,
  )}</tbody></table></div>`;
}

function classTable({ data }: ReportModel): SafeHtml {
  const verdict = data.verdict;
  if (verdict === null) return html`<p class="muted">No verify.json: no message was reconciled.</p>`;
  return html`<div class="scroll"><table id="classes"><thead><tr><th>class</th><th>count</th><th>meaning</th></tr></thead><tbody>${messageClasses.map(
    (c) => {
      const n = verdict.classes[c]?.count ?? 0;
      return html`<tr class="${n === 0 ? "zero" : ""}"><td><code>${c}</code></td><td class="n">${n.toLocaleString("en-US")}</td><td>${classMeaning[c]}</td></tr>`;
    },
  )}</tbody></table></div>`;
}

function loadTable({ data }: ReportModel): SafeHtml {
  const load = data.load;
  if (load === null)
    return html`<p class="muted">No load-summary.json: the client series come from the ledger, if any.</p>`;
  const n = (v: number) => v.toLocaleString("en-US");
  const statuses = Object.entries(load.status)
    .sort((a, b) => b[1] - a[1])
    .map(([code, count]) => `${code === "0" ? "no status" : code}: ${n(count)}`)
    .join(", ");
  const channels = Object.entries(load.byChannel)
    .map(([ch, c]) => `${ch}: ${n(c.sent)} sent, ${n(c.acc)} accepted, ${n(c.rej)} rejected, ${n(c.unk)} unknown`)
    .join("; ");
  const latency = load.latency.intended;
  return html`<div class="scroll"><table id="load"><tbody>
<tr><td>arrivals planned / sent / dropped</td><td>${n(load.plannedArrivals)} / ${n(load.sent)} / ${n(load.dropped)}</td></tr>
<tr><td>accepted / rejected / unknown</td><td>${n(load.acc)} / ${n(load.rej)} / ${n(load.unk)}</td></tr>
<tr><td>status mix</td><td>${statuses === "" ? "n/a" : statuses}</td></tr>
<tr><td>channels</td><td>${channels === "" ? "n/a" : channels}</td></tr>
<tr><td>latency from intended send</td><td>${latency === null ? "n/a" : `p50 ${Math.round(latency.p50)} ms, p95 ${Math.round(latency.p95)} ms, p99 ${Math.round(latency.p99)} ms, max ${Math.round(latency.max)} ms`}</td></tr>
${stepLines(load.steps).map((line) => html`<tr><td>flow step</td><td>${line}</td></tr>`)}
<tr><td>thresholds</td><td>${load.thresholds.length === 0 ? "none" : load.thresholds.map((t) => `${t.metric} ${t.expression}: ${t.ok ? "held" : "crossed"} (${t.value ?? "n/a"})`).join("; ")}</td></tr>
${load.aborted === null ? "" : html`<tr><td>aborted</td><td>${new Date(load.aborted.at).toISOString()}: ${load.aborted.reason}</td></tr>`}
${load.interrupted ? html`<tr><td>interrupted</td><td>the load was stopped before its end (SIGINT)</td></tr>` : ""}
</tbody></table></div>`;
}

function findingCard(f: Finding): SafeHtml {
  return html`<div class="finding ${f.severity}"><h3>${f.title}</h3><p>${f.summary}</p>${
    f.evidence.length === 0
      ? ""
      : html`<div class="scroll"><table><tbody>${f.evidence.map((e) => html`<tr><td>${e.label}</td><td>${e.value}</td><td class="muted">${e.source}</td></tr>`)}</tbody></table></div>`
  }</div>`;
}

function idSamples({ data }: ReportModel): SafeHtml {
  const verdict = data.verdict;
  if (verdict === null) return html`<p class="muted">No verify.json.</p>`;
  const shown = messageClasses.filter((c) => c !== "delivered" && (verdict.classes[c]?.count ?? 0) > 0);
  const bodies = verdict.sources.dlqs.filter((d) => d.unparseableSample.length > 0);
  if (shown.length === 0 && bodies.length === 0)
    return html`<p class="muted">No lost, dead-lettered or otherwise notable IDs.</p>`;
  return html`${shown.map((c) => {
    const r = verdict.classes[c];
    return html`<details class="ids" ${c === "lost" || c === "deadLettered" ? "open" : ""}><summary><code>${c}</code>: ${r.count.toLocaleString("en-US")} IDs${r.file === undefined ? "" : html`, full list in <code>${r.file}</code>`}</summary><pre>${r.sample.join("\n")}</pre></details>`;
  })}${bodies.map(
    (d) =>
      html`<details class="bodies" open><summary>${d.name}: ${d.unparseable} DLQ bodies with no readable ID</summary><pre>${d.unparseableSample.join("\n")}</pre></details>`,
  )}`;
}

/** Sources whose idPath/idRegex seems to miss this run's IDs (verify.json's warnings), with where the IDs are. */
function sourceWarnings({ data }: ReportModel): SafeHtml {
  const warnings = data.verdict?.warnings ?? [];
  if (warnings.length === 0) return html``;
  return html`<div id="source-warnings">${warnings.map(
    (w) =>
      html`<details class="bodies" open><summary>⚠️ warning: ${w.source}: ${w.message}</summary>${
        w.paths.length === 0
          ? ""
          : html`<p>paths that hold this run's IDs: ${w.paths.map((p) => html`<code>${p}</code> `)}</p>`
      }<pre>${w.sample.join("\n")}</pre></details>`,
  )}</div>`;
}

function sources({ data }: ReportModel): SafeHtml {
  const v = data.verdict;
  if (v === null) return html`<p class="muted">No verify.json.</p>`;
  const rows = [
    html`<tr><td>ledger</td><td>${v.sources.ledger.files} files</td><td>${v.sources.ledger.complete ? "complete" : "incomplete"}</td><td>${v.sources.ledger.problems.join("; ")}</td></tr>`,
    ...v.sources.sinks.map(
      (s) =>
        html`<tr><td>sink ${s.name}</td><td>${s.read.toLocaleString("en-US")} items</td><td>${s.complete ? "complete" : "incomplete"}</td><td>${s.error ?? ""}</td></tr>`,
    ),
    ...v.sources.dlqs.map(
      (s) =>
        html`<tr><td>DLQ ${s.name}</td><td>${s.read.toLocaleString("en-US")} messages${s.ofRun === undefined ? "" : html` (${s.ofRun.toLocaleString("en-US")} of this run)`}</td><td>${s.complete ? "complete" : "incomplete"}</td><td>${s.error ?? ""}</td></tr>`,
    ),
  ];
  return html`<div class="scroll"><table id="sources"><thead><tr><th>source</th><th>read</th><th>state</th><th>error</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}
