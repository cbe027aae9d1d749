// What each source contributes to reconcile(): compact per-ID evidence plus how complete the read was.

import { outcomeCodeOf } from "../contracts/ledger/outcome-code.ts";
import type { LedgerRecord } from "../contracts/ledger.ts";
import type { SourceStatus } from "../contracts/verdict.ts";
import { LatencyHistogram } from "./histogram.ts";
import { IdTable, type PrefixColumn } from "./id-table.ts";

export { OutcomeCode, outcomeCodeOf, outcomeMask } from "../contracts/ledger/outcome-code.ts";

/** Set on a ledger ID recorded more than once (two workers or two segments claimed it: the ID space overlapped). */
export const ledgerRepeatBit = 4;

export interface LedgerEvidence {
  /** byte: outcome code (| ledgerRepeatBit); word: send second, counted from secondBase. */
  readonly ids: IdTable;
  files: number;
  /** False when a file was cut short, disagreed with its closing record, or could not be read. */
  complete: boolean;
  problems: string[];
  /** IDs recorded more than once. */
  repeated: number;
  /** Records per file read, by file name (no folder): held against what the load summaries say was written. */
  fileRecords: Array<{ name: string; records: number }>;
}

export interface DlqStatus extends SourceStatus {
  unparseable: number;
  unparseableSample: string[];
  /** This run's messages moved to the DLQ's archive queue by this verification (when it has one). */
  archived?: number;
  /** Of the messages read, this run's (a DLQ holds earlier runs' too). */
  ofRun?: number;
}

/**
 * What a source showed of this run beyond its IDs: how many of the messages or items looked at were this run's, and
 * of the others how many still mention the run's ID prefix (an idPath or idRegex that misses them), with samples.
 */
export interface SourceDiagnosis {
  /** `DLQ <name>` or `sink <name>`. */
  source: string;
  kind: "dlq" | "sink";
  /** How the ID is looked for, as the config says it (`idPath detail.id`, `idAttribute id`, ...). */
  lookup: string;
  /** Messages or items looked at, every run's. */
  read: number;
  /** Of them, this run's. */
  ofRun: number;
  /** Of the rest, those whose body or item still holds the run's ID prefix somewhere. */
  mentions: number;
  /** Paths in those where the run's IDs are (see id-paths.ts). */
  paths: string[];
  /** A few of them, cut short. */
  sample: string[];
}

export interface SinkEvidence {
  /** byte: how many times the sink shows the ID (items, or the attempts attribute), saturating at 255. */
  readonly ids: IdTable;
  readonly latency: LatencyHistogram;
  /** True when some sink records send and processed times (else e2e latency is null). */
  timed: boolean;
  /** This run's items read. */
  items: number;
  statuses: SourceStatus[];
  diagnoses: SourceDiagnosis[];
}

export interface DlqEvidence {
  /** byte: how many DLQ messages carry the ID. */
  readonly ids: IdTable;
  /** Messages read in all DLQs (this run's or not). */
  messages: number;
  statuses: DlqStatus[];
  diagnoses: SourceDiagnosis[];
}

export interface InFlightEvidence {
  /** byte: 1 when the ID was seen in a watched queue at the drain deadline. */
  readonly ids: IdTable;
  /** Messages known to be in the queues (depth) whose IDs could not be read. */
  unidentified: number;
  /** False when some queue could not be read or peeked. */
  complete: boolean;
  problems: string[];
}

export function emptyLedger(): LedgerEvidence {
  return { ids: new IdTable({ words: true }), files: 0, complete: true, problems: [], repeated: 0, fileRecords: [] };
}

export function emptySink(): SinkEvidence {
  return { ids: new IdTable(), latency: new LatencyHistogram(), timed: false, items: 0, statuses: [], diagnoses: [] };
}

export function emptyDlq(): DlqEvidence {
  return { ids: new IdTable(), messages: 0, statuses: [], diagnoses: [] };
}

export function emptyInFlight(): InFlightEvidence {
  return { ids: new IdTable(), unidentified: 0, complete: true, problems: [] };
}

/** Records one ledger line; a repeated ID keeps its first outcome and is flagged. */
export function addLedgerRecord(ev: LedgerEvidence, id: string, outcome: number, tsMs: number): void {
  const before = ev.ids.claim(id, outcome, sendSecond(tsMs));
  if (before !== 0) flagRepeat(ev, id, before);
}

/** The ledger's hot path: the ID is already split into its prefix's column and its number. */
export function addLedgerSlot(ev: LedgerEvidence, col: PrefixColumn, n: number, outcome: number, tsMs: number): void {
  const before = ev.ids.claimSlot(col, n, outcome, sendSecond(tsMs));
  if (before !== 0) flagRepeat(ev, `${col.prefix}-${n}`, before);
}

/**
 * Send seconds are kept relative to 2023-11-14 so they stay small integers (V8 Smis) on the hot path instead of boxed
 * doubles; a send time before it (no real run) is clamped to it.
 */
export const secondBase = 1_700_000_000;

function sendSecond(tsMs: number): number {
  const s = Math.floor(tsMs / 1000) - secondBase;
  return Math.max(0, s);
}

function flagRepeat(ev: LedgerEvidence, id: string, before: number): void {
  if ((before & ledgerRepeatBit) !== 0) return;
  ev.repeated++;
  ev.ids.orByte(id, ledgerRepeatBit);
}

export interface SinkObservation {
  id: string;
  /** How many deliveries this item stands for (1, or the attempts attribute). */
  times: number;
  sentAt?: number | undefined;
  processedAt?: number | undefined;
}

export function addSinkObservation(ev: SinkEvidence, item: SinkObservation): void {
  recordSinkItem(ev, item.id, item.times, item.sentAt, item.processedAt);
}

/** addSinkObservation without the object: the sink reader calls this once per item. */
export function recordSinkItem(
  ev: SinkEvidence,
  id: string,
  times: number,
  sentAt: number | undefined,
  processedAt: number | undefined,
): void {
  ev.ids.addByte(id, Math.max(1, times));
  ev.items++;
  if (sentAt !== undefined && processedAt !== undefined) {
    ev.timed = true;
    ev.latency.record(processedAt - sentAt);
  }
}

/** Small handwritten histories for tests and examples: evidence straight from records. */
export function ledgerFrom(records: ReadonlyArray<Pick<LedgerRecord, "id" | "ts" | "o">>, files = 1): LedgerEvidence {
  const ev = emptyLedger();
  ev.files = files;
  for (const r of records) addLedgerRecord(ev, r.id, outcomeCodeOf[r.o], r.ts);
  return ev;
}

export function sinkFrom(items: ReadonlyArray<SinkObservation | string>, name = "sink"): SinkEvidence {
  const ev = emptySink();
  for (const item of items) addSinkObservation(ev, typeof item === "string" ? { id: item, times: 1 } : item);
  ev.statuses.push({ name, read: ev.items, complete: true });
  return ev;
}

export function dlqFrom(ids: readonly string[], name = "dlq"): DlqEvidence {
  const ev = emptyDlq();
  for (const id of ids) ev.ids.addByte(id, 1);
  ev.messages = ids.length;
  ev.statuses.push({ name, read: ids.length, complete: true, unparseable: 0, unparseableSample: [] });
  return ev;
}

export function inFlightFrom(ids: readonly string[], unidentified = 0): InFlightEvidence {
  const ev = emptyInFlight();
  for (const id of ids) ev.ids.orByte(id, 1);
  ev.unidentified = unidentified;
  return ev;
}
