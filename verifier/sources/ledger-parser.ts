// Parses one ledger file's NDJSON text, chunk by chunk, into the ledger evidence; checks it against its closing record.
import type { LedgerClose } from "../../contracts/ledger.ts";
import { addLedgerRecord, addLedgerRecordIn, type LedgerEvidence, outcomeCode } from "../evidence.ts";

export interface LedgerFileReport {
  file: string;
  records: number;
  acc: number;
  rej: number;
  unk: number;
  malformed: number;
  close: LedgerClose | undefined;
  /** Records after the closing record (two writers on one file, or an appended file). */
  afterClose: number;
  /** The file ended in the middle of a line (a crash while writing). */
  partialTail: boolean;
  readError?: string;
}

const recordHead = '{"id":"';

export class LedgerFileParser {
  readonly report: LedgerFileReport;
  private readonly ev: LedgerEvidence;
  private carry = "";
  /** Next backslash at or after the current line in the current text (Infinity: none); found lazily, once per text. */
  private backslash = -1;

  constructor(file: string, ev: LedgerEvidence) {
    this.ev = ev;
    this.report = {
      file,
      records: 0,
      acc: 0,
      rej: 0,
      unk: 0,
      malformed: 0,
      close: undefined,
      afterClose: 0,
      partialTail: false,
    };
  }

  push(chunk: string): void {
    const text = this.carry.length > 0 ? this.carry + chunk : chunk;
    let start = 0;
    this.backslash = -1;
    for (let nl = text.indexOf("\n", start); nl >= 0; nl = text.indexOf("\n", start)) {
      if (nl > start) this.line(text, start, nl);
      start = nl + 1;
    }
    this.carry = start < text.length ? text.slice(start) : "";
  }

  end(): LedgerFileReport {
    const rest = this.carry.trim();
    if (rest.length > 0) {
      // A last line without its newline is complete only if it parses; a crash mid-write leaves a fragment.
      const before = this.report.malformed;
      this.backslash = -1;
      this.line(rest, 0, rest.length);
      if (this.report.malformed > before) {
        this.report.malformed = before;
        this.report.partialTail = true;
      }
    }
    this.carry = "";
    return this.report;
  }

  private line(text: string, start: number, end: number): void {
    if (!this.fast(text, start, end)) this.slow(text.slice(start, end));
  }

  /**
   * The engine writes `{"id":"…","ts":…,…,"o":"acc"…}`; without a backslash in the line no string value can hold a
   * quote, so the key patterns below can only be keys. Anything else takes the JSON.parse path.
   */
  private fast(text: string, start: number, end: number): boolean {
    if (!text.startsWith(recordHead, start)) return false;
    const idStart = start + recordHead.length;
    const idEnd = text.indexOf('"', idStart);
    if (idEnd < 0 || idEnd >= end) return false;
    if (this.backslash < start) {
      const next = text.indexOf("\\", start);
      this.backslash = next < 0 ? Number.POSITIVE_INFINITY : next;
    }
    if (this.backslash < end) return false;
    const tsKey = text.indexOf('"ts":', idEnd);
    if (tsKey < 0 || tsKey >= end) return false;
    let ts = 0;
    let i = tsKey + 5;
    let digits = 0;
    for (; i < end; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      ts = ts * 10 + c;
      digits++;
    }
    const after = text.charCodeAt(i);
    if (digits === 0 || (after !== 44 && after !== 125 && after !== 46)) return false; // , } .
    const oKey = text.indexOf('"o":"', idEnd);
    if (oKey < 0 || oKey + 9 > end || text.charCodeAt(oKey + 8) !== 34) return false;
    let outcome: number;
    switch (text.charCodeAt(oKey + 5)) {
      case 97: // a
        if (!text.startsWith("acc", oKey + 5)) return false;
        outcome = 1;
        this.report.acc++;
        break;
      case 114: // r
        if (!text.startsWith("rej", oKey + 5)) return false;
        outcome = 2;
        this.report.rej++;
        break;
      case 117: // u
        if (!text.startsWith("unk", oKey + 5)) return false;
        outcome = 3;
        this.report.unk++;
        break;
      default:
        return false;
    }
    this.counted();
    addLedgerRecordIn(this.ev, text, idStart, idEnd, outcome, ts);
    return true;
  }

  private slow(line: string): void {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.report.malformed++;
      return;
    }
    if (typeof value !== "object" || value === null) {
      this.report.malformed++;
      return;
    }
    const r = value as Record<string, unknown>;
    if (r.end === true) {
      if (this.report.close !== undefined) this.report.afterClose++;
      this.report.close = r as unknown as LedgerClose;
      return;
    }
    const o = r.o;
    if (typeof r.id !== "string" || typeof r.ts !== "number" || (o !== "acc" && o !== "rej" && o !== "unk")) {
      this.report.malformed++;
      return;
    }
    this.report[o]++;
    this.counted();
    addLedgerRecord(this.ev, r.id, outcomeCode[o], r.ts);
  }

  private counted(): void {
    this.report.records++;
    if (this.report.close !== undefined) this.report.afterClose++;
  }
}

/** What is wrong with one file, in words; empty when it is complete and agrees with its closing record. */
export function fileProblems(r: LedgerFileReport): string[] {
  const problems: string[] = [];
  if (r.readError !== undefined) problems.push(`${r.file}: could not be read (${r.readError})`);
  if (r.partialTail) problems.push(`${r.file}: ends in the middle of a line (cut short)`);
  if (r.malformed > 0) problems.push(`${r.file}: ${r.malformed} unreadable line(s)`);
  if (r.afterClose > 0) problems.push(`${r.file}: ${r.afterClose} record(s) after its closing record`);
  const c = r.close;
  if (c === undefined) {
    problems.push(`${r.file}: no closing record (the writer stopped before finishing: cut short)`);
  } else if (c.count !== r.records || c.acc !== r.acc || c.rej !== r.rej || c.unk !== r.unk) {
    problems.push(
      `${r.file}: closing record says ${c.count} (acc ${c.acc}, rej ${c.rej}, unk ${c.unk}) but the file holds ` +
        `${r.records} (acc ${r.acc}, rej ${r.rej}, unk ${r.unk})`,
    );
  }
  return problems;
}
