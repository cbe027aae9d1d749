// summary.md: the verdict, gates, classes and findings for CI step summaries and PR comments; target strings escaped.
import { basename } from "node:path";
import type { RunPaths } from "../../contracts/run-dir.ts";
import { messageClasses } from "../../contracts/verdict.ts";
import type { Reporter, ReportModel } from "./reporter.ts";
import { classMeaning, statusWord, stepLines, validWord } from "./words.ts";

export const markdownReporter: Reporter = {
  name: "md",
  file: (paths: RunPaths) => paths.summaryMd,
  render: renderMarkdown,
};

const icon = { pass: "✅", fail: "❌", unknown: "⚠️", skipped: "⏭️" } as const;

/** Markdown renders inline HTML on GitHub, so markup characters and table pipes are escaped as well. */
export function md(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]|#])/g, "\\$1")
    .replace(/\r?\n/g, " ");
}

/**
 * Code for any string: a Markdown code span shows its content verbatim, so neither entities nor backslash escapes
 * work inside one, and a target's string could close it. An HTML `<code>` element with the same escaping as text
 * renders the same on GitHub, and keeps markup and table pipes inert.
 */
export function code(text: string): string {
  return `<code>${md(text)}</code>`;
}

/** Classes whose IDs the summary lists (a sample): the ones a reader acts on. */
const listedClasses = ["lost", "unexpected", "deadLettered", "rejectedButDelivered", "unknownNotDelivered"] as const;

export function renderMarkdown({ result, data }: ReportModel): string {
  const lines: string[] = [];
  lines.push(`## ${icon[result.status]} harness ${statusWord[result.status]}: run ${code(result.runId)}`);
  lines.push("");
  lines.push(
    `Target **${md(result.target ?? "?")}**, scenario **${md(result.scenario ?? "?")}**; accounting **${validWord(result.valid)}**` +
      (result.totals === null
        ? "."
        : `: ${result.totals.ledger.toLocaleString("en-US")} messages ledgered, ${result.totals.accepted.toLocaleString("en-US")} accepted.`),
  );
  for (const r of result.reasons) lines.push(`- ${md(r)}`);
  for (const w of data.verdict?.warnings ?? []) lines.push(`- ⚠️ warning: ${md(w.source)}: ${md(w.message)}`);
  lines.push("", "| gate | status | actual | limit | detail |", "|---|---|---|---|---|");
  for (const g of result.gates) {
    lines.push(
      `| ${code(g.name)} | ${icon[g.status]} ${statusWord[g.status]} | ${md(g.actual ?? "n/a")} | ${md(g.limit ?? "")} | ${md(g.message)} |`,
    );
  }
  if (result.classes !== null) {
    lines.push("", "| class | count | meaning |", "|---|---:|---|");
    for (const c of messageClasses) {
      const n = result.classes[c];
      if (n > 0 || c === "lost" || c === "delivered")
        lines.push(`| ${code(c)} | ${n.toLocaleString("en-US")} | ${classMeaning[c]} |`);
    }
  }
  const links = data.verdict?.chain?.links ?? [];
  if (links.length > 0) {
    lines.push(
      "",
      "| chained sink | expected | delivered | duplicated | deadLettered | lost | unexpected |",
      "|---|---:|---:|---:|---:|---:|---:|",
    );
    for (const l of links)
      lines.push(
        `| ${code(l.after)} → ${code(l.sink)} | ${l.expected} | ${l.classes.delivered.count} | ${l.classes.duplicated.count} | ${l.classes.deadLettered.count} | ${l.classes.lost.count} | ${l.classes.unexpected.count} |`,
      );
  }
  const statuses = Object.entries(data.load?.status ?? {}).sort((a, b) => b[1] - a[1]);
  if (data.load !== null && statuses.length > 0) {
    const mix = statuses.map(([status, n]) => `${md(status)} × ${n.toLocaleString("en-US")}`).join(", ");
    lines.push(
      "",
      `Client outcomes: ${data.load.acc.toLocaleString("en-US")} accepted, ${data.load.rej.toLocaleString("en-US")} rejected, ${data.load.unk.toLocaleString("en-US")} unknown (status or error: ${mix}).`,
    );
  }
  const steps = stepLines(data.load?.steps);
  if (steps.length > 0)
    lines.push("", "Flow steps (each call, send to answer):", "", ...steps.map((l) => `- ${md(l)}`));
  if (result.findings.length > 0) {
    lines.push("", "### Findings", "");
    for (const f of result.findings) lines.push(`- **${md(f.title)}** (${f.severity}): ${md(f.summary)}`);
  }
  const samples = listedClasses.filter((c) => (data.verdict?.classes[c]?.sample.length ?? 0) > 0);
  for (const c of samples) {
    const listed = data.verdict?.classes[c];
    const sample = listed?.sample.slice(0, 10) ?? [];
    const of = (listed?.count ?? 0) > sample.length ? ` of ${listed?.count.toLocaleString("en-US")}` : "";
    lines.push(
      "",
      `<details><summary>${c}: first ${sample.length}${of} IDs</summary>`,
      "",
      ...sample.map((id) => `- ${code(id)}`),
      "",
      "</details>",
    );
  }
  if (result.problems.length > 0) {
    lines.push("", "### What this report lacks", "", ...result.problems.map((p) => `- ${md(p)}`));
  }
  // Relative to summary.md, which sits beside it: the link works wherever the run directory is published.
  lines.push("", `Full report: [report.html](${basename(data.paths.reportHtml)})`, "");
  return lines.join("\n");
}
