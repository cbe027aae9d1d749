// The report's per-sink table for chained sinks: each link (upstream -> sink) with what it should carry and where
// each message ended up; a losing link's row is marked. Empty when the target has no chained sink.
import type { Verdict } from "../../contracts/verdict.ts";
import { linkClasses } from "../../contracts/verdict-chain.ts";
import { html, type SafeHtml } from "./escape.ts";
import { validWord } from "./words.ts";

export function chainTable(verdict: Verdict | null): SafeHtml | string {
  const links = verdict?.chain?.links ?? [];
  if (links.length === 0) return "";
  const n = (v: number) => v.toLocaleString("en-US");
  return html`<h2>Chained sinks</h2><p class="muted">Of the messages each upstream sink holds, where they ended up at the sink fed from it (a stream projection); <code>deadLettered</code>: named by the stream's on-failure records.</p><div class="scroll"><table id="chain"><thead><tr><th>link</th><th>expected</th>${linkClasses.map((c) => html`<th>${c}</th>`)}<th>verdict</th></tr></thead><tbody>${links.map(
    (l) =>
      html`<tr class="${l.valid === false ? "bad" : ""}"><td><code>${l.after}</code> → <code>${l.sink}</code></td><td class="n">${n(l.expected)}</td>${linkClasses.map((c) => html`<td class="n">${n(l.classes[c].count)}</td>`)}<td>${validWord(l.valid)}</td></tr>`,
  )}</tbody></table></div>`;
}
