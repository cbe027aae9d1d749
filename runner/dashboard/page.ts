// The live dashboard's page: one self-contained HTML file (uPlot inlined as in report.html), fed by /events.
//
// uPlot (github.com/leeoniya/uPlot, MIT licence, Leon Sorokin) is inlined: the page loads nothing but its own events,
// and its Content-Security-Policy allows only its two scripts (by hash) and a connection back to this server.
import { createHash } from "node:crypto";
import { uplotAssets } from "../../reports/render/uplot-assets.ts";
import { livePageScript } from "./page-script.ts";

const style = `
:root{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#111827;background:#f9fafb}
body{max-width:1100px;margin:0 auto;padding:12px 14px 40px;overflow-wrap:anywhere}
h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:18px 0 6px;border-bottom:1px solid #e5e7eb;padding-bottom:3px}
.meta{color:#4b5563;font-size:13px}
#state{font-weight:600}#state.live{color:#15803d}#state.ended{color:#1f2937}#state.lost{color:#b45309}
.verdict{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:center;padding:10px 16px;border-radius:8px;margin:10px 0;color:#fff}
.verdict.pass{background:#15803d}.verdict.fail{background:#b91c1c}.verdict.unknown{background:#b45309}
.verdict .word{font-size:26px;font-weight:700;letter-spacing:.04em}.verdict>div{min-width:0;font-size:13px}
.verdict ul{margin:4px 0 0;padding-left:18px}
#stages{list-style:none;padding:0;margin:8px 0;display:flex;flex-wrap:wrap;gap:6px}
#stages li{background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:4px 8px;font-size:12px;display:flex;gap:6px;align-items:center}
#stages li.running{border-color:#2563eb}#stages li.done b{color:#15803d}
.bar{display:inline-block;width:90px;height:8px;background:#e5e7eb;border-radius:4px;overflow:hidden}
.bar i{display:block;height:100%;background:#2563eb}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(120px,1fr));gap:6px;margin:8px 0}
.tile{background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:6px 8px}
.tile .k{font-size:11px;color:#6b7280}.tile .v{font-size:20px;font-weight:600;font-variant-numeric:tabular-nums}
.tile .t{font-size:11px;color:#6b7280}#tile-latency{grid-column:span 2}
#tile-rejected .v{color:#b91c1c}#tile-unknown .v{color:#7c3aed}#tile-dlqs .v{color:#b45309}
figure.chart{margin:8px 0;background:#fff;padding:6px 8px;border-radius:6px}
figcaption{font-size:13px;font-weight:600}figcaption small{font-weight:400;color:#6b7280}
.plot{width:100%;overflow:hidden}
.uplot{width:100%}.u-legend{font-size:12px;text-align:left}
.bands{position:absolute;inset:0;pointer-events:none}
.band{position:absolute;top:0;bottom:0;background:rgba(254,226,226,.85);border-left:1px solid #dc2626;border-right:1px solid #dc2626}
.band.open{border-right-style:dashed}.band.failed{background:rgba(229,231,235,.9);border-color:#6b7280}
.band-tag{position:absolute;top:1px;left:2px;font-size:10px;color:#991b1b;white-space:nowrap;overflow:hidden;max-width:100%}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:12px;background:#fff}
th,td{text-align:left;padding:3px 6px;border-bottom:1px solid #e5e7eb}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr.open td{color:#b91c1c}
.muted{color:#6b7280;font-size:12px}
`;

const tile = (id: string, label: string) =>
  `<div class="tile" id="${id}"><div class="k">${label}</div><div class="v">–</div><div class="t"></div></div>`;

const figure = (id: string, title: string, unit: string) =>
  `<figure class="chart" id="${id}" hidden><figcaption>${title} <small>(${unit})</small></figcaption><div class="plot"></div></figure>`;

const columns = [
  "second",
  "offered",
  "sent",
  "written",
  "accepted",
  "rejected",
  "unknown",
  "in flight",
  "send lag p99",
  "p50",
  "p95",
  "p99",
];

export interface LivePage {
  html: string;
  csp: string;
}

let cached: LivePage | null = null;

/** The page never changes during a run (its data comes from /events): built once. */
export function livePage(): LivePage {
  if (cached !== null) return cached;
  const uplot = uplotAssets();
  const scripts = [uplot.js, livePageScript];
  const inPage = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    "img-src data:",
    "connect-src 'self'",
    `script-src ${scripts.map(sha256).join(" ")}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  // The header adds what a <meta> policy cannot carry: no other site may frame the page.
  const csp = `${inPage}; frame-ancestors 'none'`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${inPage}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="data:,">
<title>harness live</title>
<style>${uplot.css}</style>
<style>${style}</style></head><body>
<h1>harness run <span id="run-id">…</span></h1>
<div class="meta">target <b id="target">?</b> · scenario <b id="scenario">?</b> · <span id="state">connecting…</span></div>
<div id="verdict" class="verdict" hidden></div>
<ul id="stages"></ul>
<div class="muted" id="tile-second">waiting for the first second</div>
<div class="tiles">
${tile("tile-offered", "offered /s")}${tile("tile-written", "written /s")}${tile("tile-accepted", "accepted /s")}
${tile("tile-rejected", "rejected /s")}${tile("tile-unknown", "unknown /s")}${tile("tile-lag", "send lag")}
${tile("tile-latency", "latency")}${tile("tile-queues", "queue depth")}${tile("tile-dlqs", "DLQ depth")}
</div>
${figure("chart-load", "Load per second", "messages/s")}
${figure("chart-latency", "Latency from intended send time, and send lag", "ms")}
${figure("chart-queues", "Queue depth (visible + in flight + delayed)", "messages")}
${figure("chart-dlqs", "DLQ depth", "messages")}
<section id="chaos-section" hidden><h2>Chaos windows</h2><div class="scroll"><table id="chaos"><thead><tr><th>action</th><th>params</th><th>from</th><th>to</th><th>injected</th></tr></thead><tbody></tbody></table></div></section>
<h2>Per second <span class="muted" id="seconds-note"></span></h2>
<div class="scroll"><table id="seconds"><thead><tr>${columns.map((c, i) => `<th${i === 0 ? "" : ' class="n"'}>${c}</th>`).join("")}</tr></thead><tbody></tbody></table></div>
<p class="muted">Times from the load start; latencies and lag in ms. Charts drawn with uPlot (MIT licence, github.com/leeoniya/uPlot), inlined in this page.</p>
<script>${uplot.js}</script>
<script>${livePageScript}</script>
</body></html>
`;
  cached = { html, csp };
  return cached;
}

/** A CSP source for an inline script: only these exact scripts may run. */
function sha256(script: string): string {
  return `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`;
}
