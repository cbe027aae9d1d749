// summary.md rendered by a maintained GFM renderer (marked), as GitHub shows it in a step summary or a PR comment.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { marked } from "marked";
import { describe, expect, it } from "vitest";
import { memoryOutput } from "../../common/output.ts";
import { buildReport } from "../../reports/index.ts";
import { code } from "../../reports/render/markdown.ts";
import { hostileBody, writeSyntheticRun } from "../fixtures/report/synthetic-run.ts";

const render = (markdown: string) => marked.parse(markdown, { gfm: true, async: false });

async function summaryOfALossyRun(): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), "harness-md-")), "20261126T150000Z-synthmd1");
  const run = writeSyntheticRun({
    dir,
    durationSeconds: 60,
    peakRate: 100,
    hostile: true,
    lost: { fromSecond: 20, seconds: 2, count: 12 },
  });
  const verdict = JSON.parse(readFileSync(run.verify, "utf8"));
  verdict.classes.unexpected = { count: 2, sample: ["20261126T150000Z-synthmd1-other-1", "x|`y`"] };
  writeFileSync(run.verify, JSON.stringify(verdict));
  const load = JSON.parse(readFileSync(run.loadSummary, "utf8"));
  load.status = { ...load.status, timeout: 7 };
  writeFileSync(run.loadSummary, JSON.stringify(load));
  await buildReport({ run, output: memoryOutput() });
  return readFileSync(run.summaryMd, "utf8");
}

describe("summary.md through a GFM renderer", () => {
  it("shows gate names, IDs and target strings literally, links the report relatively, lists unexpected IDs and timeouts", async () => {
    const markdown = await summaryOfALossyRun();
    const htmlOut = render(markdown);
    // A code span shows its content as written: no backslash escapes, no double-escaped entities.
    expect(htmlOut).toContain("<code>threshold http_req_duration p(95)&lt;500</code>");
    expect(htmlOut).not.toMatch(/\\_|&amp;lt;|&amp;gt;/);
    // A hostile ID stays text.
    expect(htmlOut).not.toContain("<script>");
    expect(htmlOut).toContain("&lt;script&gt;");
    expect(markdown).not.toContain(hostileBody.replace(/</g, "&lt;"));
    // Relative to summary.md, never a path of the machine that ran it.
    expect(htmlOut).toContain('<a href="report.html">report.html</a>');
    expect(markdown).not.toContain(tmpdir());
    expect(htmlOut).toContain("<summary>unexpected: first 2 IDs</summary>");
    expect(htmlOut).toContain("<code>x|`y`</code>");
    expect(htmlOut).toMatch(/<summary>lost: first 10 of 12 IDs<\/summary>/);
    expect(htmlOut).toMatch(/timeout × 7/);
  });
});

describe("code", () => {
  it.each(["plain", "a `tick`", "``double``", "x|`y`", "http_req_failed rate<0.01", hostileBody, "a\\_b *c* [d](e)"])(
    "shows %j verbatim inside a table cell",
    (text) => {
      const shown = render(`| c |\n|---|\n| ${code(text)} |`);
      const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
      expect(shown).toContain(`<td><code>${escaped}</code></td>`);
    },
  );
});
