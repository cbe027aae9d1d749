// summary.md: the verdict, gates, classes and findings for CI step summaries and PR comments; target strings escaped.
import type { RunPaths } from "../../contracts/run-dir.ts";
import { messageClasses } from "../../contracts/verdict.ts";
import type { Reporter, ReportModel } from "./reporter.ts";
import { classMeaning, statusWord, validWord } from "./words.ts";

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

export function renderMarkdown({ result, data }: ReportModel): string {
  const lines: string[] = [];
  lines.push(`## ${icon[result.status]} harness ${statusWord[result.status]}: run \`${md(result.runId)}\``);
  lines.push("");
  lines.push(
    `Target **${md(result.target ?? "?")}**, scenario **${md(result.scenario ?? "?")}**; accounting **${validWord(result.valid)}**` +
      (result.totals === null
        ? "."
        : `: ${result.totals.ledger.toLocaleString("en-US")} messages ledgered, ${result.totals.accepted.toLocaleString("en-US")} accepted.`),
  );
  for (const r of result.reasons) lines.push(`- ${md(r)}`);
  lines.push("", "| gate | status | actual | limit | detail |", "|---|---|---|---|---|");
  for (const g of result.gates) {
    lines.push(
      `| \`${md(g.name)}\` | ${icon[g.status]} ${statusWord[g.status]} | ${md(g.actual ?? "n/a")} | ${md(g.limit ?? "")} | ${md(g.message)} |`,
    );
  }
  if (result.classes !== null) {
    lines.push("", "| class | count | meaning |", "|---|---:|---|");
    for (const c of messageClasses) {
      const n = result.classes[c];
      if (n > 0 || c === "lost" || c === "delivered")
        lines.push(`| \`${c}\` | ${n.toLocaleString("en-US")} | ${classMeaning[c]} |`);
    }
  }
  if (result.findings.length > 0) {
    lines.push("", "### Findings", "");
    for (const f of result.findings) lines.push(`- **${md(f.title)}** (${f.severity}): ${md(f.summary)}`);
  }
  const samples = messageClasses.filter(
    (c) => (c === "lost" || c === "deadLettered") && (data.verdict?.classes[c]?.sample.length ?? 0) > 0,
  );
  for (const c of samples) {
    const sample = data.verdict?.classes[c]?.sample.slice(0, 10) ?? [];
    lines.push(
      "",
      `<details><summary>${c}: first ${sample.length} IDs</summary>`,
      "",
      ...sample.map((id) => `- \`${md(id)}\``),
      "",
      "</details>",
    );
  }
  if (result.problems.length > 0) {
    lines.push("", "### What this report lacks", "", ...result.problems.map((p) => `- ${md(p)}`));
  }
  lines.push("", `Full report: \`${md(data.paths.reportHtml)}\``, "");
  return lines.join("\n");
}
