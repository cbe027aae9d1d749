// The pure core (Jepsen total-queue style): every ledger ID into exactly one class, counts, samples, latency, verdict.
import { runPrefix as runPrefixOf } from "../contracts/message-id.ts";
import { type ClassResult, type MessageClass, messageClasses, type Valid, type Verdict } from "../contracts/verdict.ts";
import { classCode } from "./classify.ts";
import type { DlqEvidence, InFlightEvidence, LedgerEvidence, SinkEvidence } from "./evidence.ts";
import { OutcomeCode, outcomeMask, secondBase } from "./evidence.ts";
import { type LedgerExpectation, ledgerGaps } from "./ledger-expectation.ts";
import { type Evidence, idAt, traverse } from "./traverse.ts";
import { sourceWarnings } from "./warnings.ts";

export interface ReconcileContext {
  runId: string;
  /** ISO time stamped into the verdict (injected: reconcile reads no clock). */
  verifiedAt: string;
  drain: Verdict["drain"];
  /** IDs kept inline per class; the full lists go to files. */
  sampleCap?: number;
  /**
   * What the ledger should hold (files, messages sent), from the plan and the load summaries: a file missing or a count
   * short of it makes the ledger incomplete. Unchecked when absent.
   */
  expected?: LedgerExpectation;
}

export interface Reconciliation {
  verdict: Verdict;
  /** Calls visit with every ID of a class, in prefix then numeric order; recomputed from the evidence, so no list is held. */
  eachId(cls: MessageClass, visit: (id: string) => void): void;
  /** eachId without building strings: (prefix, n) for `<prefix>-<n>`, or (id, -1) for an ID outside that scheme. */
  eachIdPart(cls: MessageClass, visit: (prefix: string, n: number) => void): void;
}

const defaultSampleCap = 20;
const C = classCode;

export function reconcile(
  ledger: LedgerEvidence,
  sink: SinkEvidence,
  dlq: DlqEvidence,
  inFlight: InFlightEvidence,
  context: ReconcileContext,
): Reconciliation {
  // A gap in what the ledger should hold is a problem of the ledger, like a file cut short: the same doubts follow.
  const gaps = context.expected === undefined ? [] : ledgerGaps(context.expected, ledger.fileRecords);
  const ledgerSeen =
    gaps.length === 0 ? ledger : { ...ledger, complete: false, problems: [...ledger.problems, ...gaps] };
  const ev: Evidence = { ledger: ledgerSeen, sink, dlq, inFlight };
  const runPrefix = runPrefixOf(context.runId);
  const eachIdPart = (cls: MessageClass, visit: (prefix: string, n: number) => void) => {
    const wanted = classCode[cls];
    traverse(ev, runPrefix, (c, _l, _s, prefix, n) => {
      if (c === wanted) visit(prefix, n);
    });
  };
  const eachId = (cls: MessageClass, visit: (id: string) => void) =>
    eachIdPart(cls, (prefix, n) => visit(idAt(prefix, n)));
  try {
    return { verdict: judge(ev, context), eachId, eachIdPart };
  } catch (error) {
    // A check that throws proves nothing: the verdict says so instead of passing silently.
    const verdict = skeleton(ev, context);
    verdict.valid = "unknown";
    verdict.reasons.push(`reconcile failed: ${error instanceof Error ? error.message : String(error)}`);
    return { verdict, eachId: () => {}, eachIdPart: () => {} };
  }
}

function judge(ev: Evidence, context: ReconcileContext): Verdict {
  const verdict = skeleton(ev, context);
  const cap = context.sampleCap ?? defaultSampleCap;
  const counts = new Float64Array(messageClasses.length);
  const samples: string[][] = messageClasses.map(() => []);
  const seconds = messageClasses.map(() => new Map<number, number>());
  const outcomes = [0, 0, 0, 0];
  // Consecutive IDs share a second: count runs, touch the Map once per run (the hot loop stays allocation-free).
  let runCls = -1;
  let runSec = 0;
  let runLen = 0;
  const flush = () => {
    if (runLen === 0) return;
    const m = seconds[runCls] as Map<number, number>;
    m.set(runSec + secondBase, (m.get(runSec + secondBase) ?? 0) + runLen);
    runLen = 0;
  };
  traverse(ev, runPrefixOf(context.runId), (cls, ledger, second, prefix, n) => {
    counts[cls] = (counts[cls] as number) + 1;
    const outcome = ledger & outcomeMask;
    outcomes[outcome] = (outcomes[outcome] as number) + 1;
    const sample = samples[cls] as string[];
    if (sample.length < cap) sample.push(idAt(prefix, n));
    if (outcome === OutcomeCode.none) return; // no ledger record, no send second
    if (cls !== runCls || second !== runSec) {
      flush();
      runCls = cls;
      runSec = second;
    }
    runLen++;
  });
  flush();

  messageClasses.forEach((name, i) => {
    const count = counts[i] as number;
    const result: ClassResult = { count, sample: samples[i] as string[] };
    if (count > 0) result.file = `ids/${name}.txt`;
    verdict.classes[name] = result;
    const bySecond = [...(seconds[i] as Map<number, number>)].sort((a, b) => a[0] - b[0]);
    if (bySecond.length > 0) verdict.bySecond[name] = bySecond;
  });
  const accepted = outcomes[OutcomeCode.acc] as number;
  const rejected = outcomes[OutcomeCode.rej] as number;
  const unknown = outcomes[OutcomeCode.unk] as number;
  verdict.totals.ledger = accepted + rejected + unknown;
  verdict.totals.accepted = accepted;
  verdict.totals.rejected = rejected;
  verdict.totals.unknown = unknown;
  verdict.e2eLatency = latency(ev.sink);
  // Messages found nowhere: a sink showing none of the run's items while it holds items may be looking in the wrong
  // place (all dead-lettered is no reason to warn).
  const nowhere = (counts[C.lost] as number) + (counts[C.unknownNotDelivered] as number);
  verdict.warnings = sourceWarnings([...ev.sink.diagnoses, ...ev.dlq.diagnoses], nowhere);
  const { valid, reasons } = validity(ev, counts);
  verdict.valid = valid;
  verdict.reasons = reasons;
  return verdict;
}

/**
 * Jepsen's three values, about accounting only. Loss is asserted only when every place a message could be was read
 * in full (else it may sit in the part not read); unexpected only when the ledger is complete (else its record may
 * be in the part cut off).
 */
function validity(ev: Evidence, counts: Float64Array): { valid: Valid; reasons: string[] } {
  const lost = counts[C.lost] as number;
  const unexpected = counts[C.unexpected] as number;
  const inFlight = counts[C.inFlight] as number;
  const sinksComplete = ev.sink.statuses.length > 0 && ev.sink.statuses.every((s) => s.complete);
  // An unparseable DLQ body may be one of the "lost" messages: loss is asserted only when every body was read.
  const dlqsComplete = ev.dlq.statuses.every((s) => s.complete && s.unparseable === 0);
  const queuesKnown = ev.inFlight.complete && ev.inFlight.unidentified === 0;
  const ledgerComplete = ev.ledger.complete && ev.ledger.repeated === 0;
  const certain: string[] = [];
  const doubts: string[] = [];

  if (lost > 0) {
    const where = `${lost} accepted message(s) found in no sink, DLQ or queue`;
    if (sinksComplete && dlqsComplete && queuesKnown) certain.push(`${where}: lost`);
    else doubts.push(`${where}, but not every source was read in full, so they may not be lost`);
  }
  if (unexpected > 0) {
    const what = `${unexpected} message(s) of this run in a sink, DLQ or queue that the ledger never sent`;
    if (ledgerComplete) certain.push(`${what}: unexpected`);
    else doubts.push(`${what}, but the ledger is incomplete, so they may be in its missing part`);
  }
  if (ev.sink.statuses.length === 0) doubts.push("no sink was read");
  for (const s of ev.sink.statuses) if (!s.complete) doubts.push(`sink ${s.name} was not read in full${why(s.error)}`);
  for (const s of ev.dlq.statuses) if (!s.complete) doubts.push(`DLQ ${s.name} was not read in full${why(s.error)}`);
  if (!ev.ledger.complete) doubts.push(...ev.ledger.problems.map((p) => `ledger: ${p}`));
  if (ev.ledger.repeated > 0) doubts.push(`ledger: ${ev.ledger.repeated} ID(s) recorded more than once`);
  if (ev.ledger.files === 0) doubts.push("ledger: no ledger file found");
  if (inFlight > 0) doubts.push(`${inFlight} accepted message(s) still in flight at the drain deadline`);
  if (ev.inFlight.unidentified > 0) {
    doubts.push(`${ev.inFlight.unidentified} message(s) still in the queues whose IDs could not be read`);
  }
  if (!ev.inFlight.complete) doubts.push(...ev.inFlight.problems.map((p) => `queues: ${p}`));

  if (certain.length > 0) return { valid: false, reasons: [...certain, ...doubts] };
  if (doubts.length > 0) return { valid: "unknown", reasons: doubts };
  return { valid: true, reasons: [] };
}

function why(error: string | undefined): string {
  return error === undefined ? "" : `: ${error}`;
}

function latency(sink: SinkEvidence): Verdict["e2eLatency"] {
  const h = sink.latency;
  if (!sink.timed || h.count === 0) return null;
  return {
    count: h.count,
    p50: h.percentile(50),
    p90: h.percentile(90),
    p95: h.percentile(95),
    p99: h.percentile(99),
    max: h.max,
  };
}

function skeleton(ev: Evidence, context: ReconcileContext): Verdict {
  const classes = Object.fromEntries(messageClasses.map((c) => [c, { count: 0, sample: [] }])) as unknown as Record<
    MessageClass,
    ClassResult
  >;
  return {
    schemaVersion: 1,
    runId: context.runId,
    verifiedAt: context.verifiedAt,
    valid: "unknown",
    reasons: [],
    warnings: [],
    totals: { ledger: 0, accepted: 0, rejected: 0, unknown: 0, sinkItems: ev.sink.items, dlqMessages: ev.dlq.messages },
    classes,
    e2eLatency: null,
    bySecond: {},
    sources: {
      ledger: { files: ev.ledger.files, complete: ev.ledger.complete, problems: [...ev.ledger.problems] },
      sinks: ev.sink.statuses.map((s) => ({ ...s })),
      dlqs: ev.dlq.statuses.map((s) => ({ ...s, unparseableSample: [...s.unparseableSample] })),
    },
    drain: context.drain,
  };
}
