// The ledger reader: fast and JSON paths agree, and every way a ledger file can be incomplete is detected.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emptyLedger, secondBase } from "../../verifier/evidence.ts";
import { fileProblems, LedgerFileParser } from "../../verifier/sources/ledger-parser.ts";
import { listLedgerFiles, readLedgers } from "../../verifier/sources/ledger-reader.ts";

const line = (n: number, o: string, extra = "") =>
  `{"id":"run1-smoke-${n}","ts":1764171720123.5,"dur":3,"ch":"http","st":200,"o":"${o}"${extra}}\n`;
const close = (count: number, acc: number, rej: number, unk: number) =>
  `${JSON.stringify({ end: true, worker: "w0", count, acc, rej, unk })}\n`;

function parse(text: string, chunkSize = 7) {
  const ev = emptyLedger();
  const parser = new LedgerFileParser("w0.ndjson", ev);
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunkSize) parser.push(bytes.subarray(i, i + chunkSize));
  const report = parser.end();
  return { ev, report, problems: fileProblems(report) };
}

describe("ledger parser", () => {
  it("reads engine lines, error lines and reordered keys alike, across any chunking", () => {
    const text =
      line(0, "acc") +
      line(1, "rej", ',"err":"HTTP 429"') +
      line(2, "unk", ',"err":"socket \\"hang\\" up"') +
      `{"o":"acc","ts":1764171720000,"id":"run1-smoke-3","ch":"sqs","st":0,"dur":1}\n` +
      close(4, 2, 1, 1);
    for (const chunk of [1, 7, 1 << 20]) {
      const { ev, report, problems } = parse(text, chunk);
      expect(problems).toEqual([]);
      expect([report.records, report.acc, report.rej, report.unk]).toEqual([4, 2, 1, 1]);
      expect([0, 1, 2, 3].map((n) => ev.ids.getByte(`run1-smoke-${n}`))).toEqual([1, 2, 3, 1]);
      expect(ev.ids.getWord("run1-smoke-0")).toBe(1764171720 - secondBase);
    }
  });

  it("switches prefixes, keeps IDs outside the scheme, and survives multi-byte text split across chunks", () => {
    const text =
      `{"id":"run1-spike-10","ts":5000,"o":"acc"}\n` +
      `{"id":"run1-smoke-0","ts":5000,"o":"rej","err":"refusé ✗"}\n` +
      `{"id":"run1-spike-007","ts":5000,"o":"unk"}\n` +
      `{"id":"odd","ts":5000,"o":"acc"}\n` +
      close(4, 2, 1, 1);
    for (const chunk of [1, 3, 64]) {
      const { ev, problems } = parse(text, chunk);
      expect(problems).toEqual([]);
      expect(["run1-spike-10", "run1-smoke-0", "run1-spike-007", "odd"].map((x) => ev.ids.getByte(x))).toEqual([
        1, 2, 3, 1,
      ]);
      expect([...ev.ids.columns.keys()].sort()).toEqual(["run1-smoke", "run1-spike"]);
      expect([...ev.ids.others.keys()].sort()).toEqual(["odd", "run1-spike-007"]);
    }
  });

  it("a file without its closing record was cut short", () => {
    expect(parse(line(0, "acc")).problems).toEqual([
      "w0.ndjson: no closing record (the writer stopped before finishing: cut short)",
    ]);
  });

  it("a file that ends mid-line was cut short, and its complete lines still count", () => {
    const { ev, problems } = parse(line(0, "acc") + line(1, "acc").slice(0, 20));
    expect(problems).toEqual([
      "w0.ndjson: ends in the middle of a line (cut short)",
      "w0.ndjson: no closing record (the writer stopped before finishing: cut short)",
    ]);
    expect(ev.ids.getByte("run1-smoke-0")).toBe(1);
  });

  it("a closing record that disagrees with the file is reported with both counts", () => {
    expect(parse(line(0, "acc") + close(2, 2, 0, 0)).problems).toEqual([
      "w0.ndjson: closing record says 2 (acc 2, rej 0, unk 0) but the file holds 1 (acc 1, rej 0, unk 0)",
    ]);
  });

  it("garbage lines and records after the close are reported, not thrown", () => {
    const { problems } = parse(`${line(0, "acc")}not json\n{"id":5}\n${close(1, 1, 0, 0)}${line(1, "acc")}`);
    expect(problems).toEqual([
      "w0.ndjson: 2 unreadable line(s)",
      "w0.ndjson: 1 record(s) after its closing record",
      "w0.ndjson: closing record says 1 (acc 1, rej 0, unk 0) but the file holds 2 (acc 2, rej 0, unk 0)",
    ]);
  });
});

describe("ledger reader", () => {
  it("merges the files of several segments and reports the cut-short one", async () => {
    const root = mkdtempSync(join(tmpdir(), "verifier-ledger-"));
    mkdirSync(join(root, "seg0", "ledger"), { recursive: true });
    mkdirSync(join(root, "seg1"), { recursive: true });
    writeFileSync(join(root, "seg0", "ledger", "w0.ndjson"), line(0, "acc") + close(1, 1, 0, 0));
    writeFileSync(join(root, "seg0", "samples.ndjson"), "{}\n");
    writeFileSync(join(root, "seg1", "w0.ndjson"), line(1, "acc"));
    const files = listLedgerFiles([root]);
    expect(files).toEqual([join(root, "seg0", "ledger", "w0.ndjson"), join(root, "seg1", "w0.ndjson")]);
    const { evidence, reports } = await readLedgers(files);
    expect(reports.map((r) => r.records)).toEqual([1, 1]);
    expect([evidence.files, evidence.complete, evidence.problems]).toEqual([
      2,
      false,
      ["w0.ndjson: no closing record (the writer stopped before finishing: cut short)"],
    ]);
  });

  it("parses on several threads to the same evidence as on one, repeated IDs across files included", async () => {
    const root = mkdtempSync(join(tmpdir(), "verifier-ledger-threads-"));
    const files = [0, 1, 2].map((w) => join(root, `w${w}.ndjson`));
    // 70,000 IDs span two pages; ID 5 is in two files (a segment overlap); one ID is outside the scheme.
    files.forEach((file, w) => {
      let text = "";
      let count = 0;
      for (let n = w; n < 70_000; n += 3) {
        text += line(n, n % 10 === 0 ? "rej" : "acc");
        count++;
      }
      if (w === 2) text += line(5, "unk") + '{"id":"odd-one","ts":1,"o":"acc"}\n';
      writeFileSync(file, text + close(count, 0, 0, 0));
    });
    const one = await readLedgers(files, { threads: 1 });
    const three = await readLedgers(files, { threads: 3 });
    expect([one.threads, three.threads]).toEqual([1, 3]);
    expect(three.evidence.repeated).toBe(1);
    expect(three.evidence.repeated).toBe(one.evidence.repeated);
    expect([...three.evidence.ids.entries()]).toEqual([...one.evidence.ids.entries()]);
    expect(three.evidence.ids.getWord("run1-smoke-69999")).toBe(one.evidence.ids.getWord("run1-smoke-69999"));
    expect(three.evidence.problems).toEqual(one.evidence.problems);
    expect(three.reports.map((r) => r.records)).toEqual([23334, 23333, 23335]);
  }, 60_000);

  it("a file that cannot be read makes the ledger incomplete", async () => {
    const { evidence } = await readLedgers(["/nonexistent/w9.ndjson"]);
    expect(evidence.complete).toBe(false);
    expect(evidence.problems[0]).toMatch(/^w9.ndjson: could not be read \(ENOENT/);
  });
});
