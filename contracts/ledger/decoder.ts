// Decodes one ledger file's NDJSON bytes, chunk by chunk, into records handed to a sink; checks its closing record.
import { OutcomeCode, type OutcomeCodeValue, outcomeCodeOf } from "./outcome-code.ts";
import type { LedgerClose } from "./record.ts";

/**
 * Where decoded records go. An ID of the form `<prefix>-<n>` arrives as its number, after the prefix was announced
 * once (the verifier keeps one column per prefix); any other ID arrives as a string.
 */
export interface LedgerRecordSink {
  /** The numbered records that follow carry this prefix, until the next call. */
  enterPrefix(prefix: string): void;
  numbered(n: number, outcome: OutcomeCodeValue, tsMs: number): void;
  record(id: string, outcome: OutcomeCodeValue, tsMs: number): void;
}

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

const NL = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const DASH = 0x2d;
const recordHead = Buffer.from('{"id":"');
const tsKey = Buffer.from('"ts":');
const outcomeKey = Buffer.from('"o":"');
const empty = Buffer.alloc(0);

/**
 * Works on bytes, not strings: 10M lines decoded to strings and cut into IDs cost more than everything else the
 * verifier does. An ID whose prefix is the previous line's is compared in place and never becomes a string.
 */
export class LedgerDecoder {
  readonly report: LedgerFileReport;
  private readonly sink: LedgerRecordSink;
  private carry: Buffer = empty;
  /** Next backslash at or after the current line in the current buffer (Infinity: none); found lazily, once per buffer. */
  private backslash = -1;
  private prefix: Buffer = empty;

  constructor(file: string, sink: LedgerRecordSink) {
    this.sink = sink;
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

  push(chunk: Buffer): void {
    const buf = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let start = 0;
    this.backslash = -1;
    for (let nl = buf.indexOf(NL, start); nl >= 0; nl = buf.indexOf(NL, start)) {
      if (nl > start && !this.fast(buf, start, nl)) this.slow(buf.toString("utf8", start, nl));
      start = nl + 1;
    }
    // Copied: a view would pin the whole chunk until the next one arrives.
    this.carry = start < buf.length ? Buffer.from(buf.subarray(start)) : empty;
  }

  end(): LedgerFileReport {
    const rest = this.carry.toString("utf8").trim();
    this.carry = empty;
    if (rest.length > 0) {
      // A last line without its newline is complete only if it parses; a crash mid-write leaves a fragment.
      const before = this.report.malformed;
      this.slow(rest);
      if (this.report.malformed > before) {
        this.report.malformed = before;
        this.report.partialTail = true;
      }
    }
    return this.report;
  }

  /**
   * The engine writes `{"id":"…","ts":…,…,"o":"acc"…}`; without a backslash in the line no string value can hold a
   * quote, so the key patterns below can only be keys. Anything else takes the JSON.parse path.
   */
  private fast(buf: Buffer, start: number, end: number): boolean {
    if (end - start < 30) return false;
    for (let k = 0; k < recordHead.length; k++) if (buf[start + k] !== recordHead[k]) return false;
    if (this.backslash < start) {
      const next = buf.indexOf(BACKSLASH, start);
      this.backslash = next < 0 ? Number.POSITIVE_INFINITY : next;
    }
    if (this.backslash < end) return false;
    const idStart = start + recordHead.length;
    let idEnd = idStart;
    while (idEnd < end && buf[idEnd] !== QUOTE) idEnd++;
    if (idEnd >= end) return false;

    // Byte loops rather than Buffer#indexOf: the key sits a few bytes on, and a native call per line costs more.
    const tsAt = find(buf, tsKey, idEnd, end);
    if (tsAt < 0) return false;
    let ts = 0;
    let i = tsAt + tsKey.length;
    const digitsFrom = i;
    for (; i < end; i++) {
      const c = (buf[i] as number) - 48;
      if (c < 0 || c > 9) break;
      ts = ts * 10 + c;
    }
    const after = buf[i];
    if (i === digitsFrom || (after !== 0x2c && after !== 0x7d && after !== 0x2e)) return false; // , } .

    const oAt = find(buf, outcomeKey, idEnd, end);
    if (oAt < 0 || oAt + 9 > end || buf[oAt + 8] !== QUOTE) return false;
    const o0 = buf[oAt + 5];
    const o1 = buf[oAt + 6];
    const o2 = buf[oAt + 7];
    let outcome: OutcomeCodeValue;
    if (o0 === 0x61 && o1 === 0x63 && o2 === 0x63) outcome = OutcomeCode.acc;
    else if (o0 === 0x72 && o1 === 0x65 && o2 === 0x6a) outcome = OutcomeCode.rej;
    else if (o0 === 0x75 && o1 === 0x6e && o2 === 0x6b) outcome = OutcomeCode.unk;
    else return false;

    this.count(outcome);
    const n = this.slotOf(buf, idStart, idEnd);
    if (n >= 0) this.sink.numbered(n, outcome, ts);
    else this.sink.record(buf.toString("utf8", idStart, idEnd), outcome, ts);
    return true;
  }

  /** The ID's number when it is `<prefix>-<n>`, switching the cached prefix when it changed; else -1. */
  private slotOf(buf: Buffer, from: number, to: number): number {
    const p = this.prefix;
    const len = p.length;
    let same = len > 0 && to - from > len + 1 && buf[from + len] === DASH;
    for (let k = 0; same && k < len; k++) if (buf[from + k] !== p[k]) same = false;
    if (!same) {
      let dash = to - 1;
      while (dash > from && buf[dash] !== DASH) dash--;
      if (dash <= from) return -1;
      if (digits(buf, dash + 1, to) < 0) return -1;
      this.prefix = Buffer.from(buf.subarray(from, dash));
      this.sink.enterPrefix(buf.toString("utf8", from, dash));
      return digits(buf, dash + 1, to);
    }
    return digits(buf, from + len + 1, to);
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
    const outcome = outcomeCodeOf[o];
    this.count(outcome);
    this.sink.record(r.id, outcome, r.ts);
  }

  private count(outcome: OutcomeCodeValue): void {
    const r = this.report;
    if (outcome === OutcomeCode.acc) r.acc++;
    else if (outcome === OutcomeCode.rej) r.rej++;
    else r.unk++;
    r.records++;
    if (r.close !== undefined) r.afterClose++;
  }
}

/** First index of needle in buf[from, to), or -1. */
function find(buf: Buffer, needle: Buffer, from: number, to: number): number {
  const first = needle[0];
  const last = to - needle.length;
  outer: for (let i = from; i <= last; i++) {
    if (buf[i] !== first) continue;
    for (let k = 1; k < needle.length; k++) if (buf[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

/** buf[from, to) as a decimal without leading zero below 2^31, else -1 (such IDs go to the table's fallback map). */
function digits(buf: Buffer, from: number, to: number): number {
  const len = to - from;
  if (len < 1 || len > 10 || (len > 1 && buf[from] === 0x30)) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = (buf[i] as number) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n <= 2 ** 31 - 1 ? n : -1;
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
