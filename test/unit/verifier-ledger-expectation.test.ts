// The verdict knows what the ledger should hold (#16 item 1): a missing worker file, an emptied ledger folder, or fewer
// records than the load summaries say were sent make `valid` unknown, naming the gap; never true, never "unexpected".
import { describe, expect, it } from "vitest";
import type { LedgerRecord } from "../../contracts/ledger.ts";
import type { LoadSummary } from "../../contracts/load-summary.ts";
import { emptyDlq, emptyInFlight, type LedgerEvidence, ledgerFrom, sinkFrom } from "../../verifier/evidence.ts";
import { expectLedger, ledgerGaps, type SummaryFile } from "../../verifier/ledger-expectation.ts";
import { reconcile } from "../../verifier/reconcile.ts";

const runId = "20261126T154200Z-k3j9x2q1";
const t0 = 1_764_171_720_000;
const id = (n: number) => `${runId}-smoke-${n}`;
const rec = (n: number): Pick<LedgerRecord, "id" | "ts" | "o"> => ({ id: id(n), ts: t0, o: "acc" });
const context = { runId, verifiedAt: "2026-11-26T16:00:00.000Z", drain: null };
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** A load summary as the engine writes it; only what the expectation reads matters. */
function summary(sent: number, workers: number | undefined, segment: LoadSummary["segment"] = null): LoadSummary {
  return {
    runId,
    segment,
    sent,
    ...(workers === undefined ? {} : { workers }),
  } as LoadSummary;
}

/** Ledger evidence as read from the given files: each file's records (worker k of 2 holds the IDs n with n % 2 === k). */
function ledgerOf(files: Record<string, number[]>): LedgerEvidence {
  const ev = ledgerFrom(Object.values(files).flat().map(rec), Object.keys(files).length);
  ev.fileRecords = Object.entries(files).map(([name, ns]) => ({ name, records: ns.length }));
  return ev;
}

const even = range(0, 400).filter((n) => n % 2 === 0);
const odd = range(0, 400).filter((n) => n % 2 === 1);
/** The run: 2 workers sent 400; w0's 200 messages arrived, w1's were lost. */
const sink = sinkFrom(even.map(id));
const whole = (workers: number | undefined): SummaryFile[] => [
  { file: "load-summary.json", summary: summary(400, workers) },
];

describe("reconcile against what the ledger should hold", () => {
  it("w1.ndjson deleted from a run whose w1 messages were lost: unknown, naming the file (was: valid true)", () => {
    const expected = expectLedger(null, whole(2));
    const { verdict } = reconcile(ledgerOf({ "w0.ndjson": even }), sink, emptyDlq(), emptyInFlight(), {
      ...context,
      expected,
    });
    expect(verdict.valid).toBe("unknown");
    expect(verdict.reasons).toEqual([
      "ledger: w1.ndjson is missing (load-summary.json: 2 worker(s), one file each; 400 message(s) sent, 200 record(s) in the ledger)",
    ]);
    expect(verdict.sources.ledger.complete).toBe(false);
    expect(verdict.classes.delivered.count).toBe(200);
  });

  it("an emptied ledger folder: unknown with both files named, not false with 200 unexpected", () => {
    const { verdict } = reconcile(ledgerOf({}), sink, emptyDlq(), emptyInFlight(), {
      ...context,
      expected: expectLedger(null, whole(2)),
    });
    expect(verdict.valid).toBe("unknown");
    expect(verdict.reasons).toEqual([
      "200 message(s) of this run in a sink, DLQ or queue that the ledger never sent, but the ledger is incomplete, so they may be in its missing part",
      "ledger: w0.ndjson, w1.ndjson are missing (load-summary.json: 2 worker(s), one file each; 400 message(s) sent, 0 record(s) in the ledger)",
      "ledger: no ledger file found",
    ]);
  });

  it("a run of the previous version (no worker count recorded) falls back to the count: short is unknown", () => {
    const { verdict } = reconcile(ledgerOf({ "w0.ndjson": even }), sink, emptyDlq(), emptyInFlight(), {
      ...context,
      expected: expectLedger(null, whole(undefined)),
    });
    expect(verdict.valid).toBe("unknown");
    expect(verdict.reasons).toEqual([
      "ledger: the run has 200 record(s) in 1 file(s) but load-summary.json says 400 message(s) were sent",
    ]);
  });

  it("every file there and every message in it: the expectation changes nothing (valid true; false on a real loss)", () => {
    const ledger = ledgerOf({ "w0.ndjson": even, "w1.ndjson": odd });
    const expected = expectLedger(null, whole(2));
    expect(
      reconcile(ledger, sinkFrom(range(0, 400).map(id)), emptyDlq(), emptyInFlight(), { ...context, expected }).verdict,
    ).toMatchObject({ valid: true, reasons: [] });
    const lossy = reconcile(ledger, sink, emptyDlq(), emptyInFlight(), { ...context, expected }).verdict;
    expect([lossy.valid, lossy.classes.lost.count]).toEqual([false, 200]);
  });
});

describe("ledgerGaps over merged segments", () => {
  const seg = (index: number) => ({ index, count: 2 });
  const segments: SummaryFile[] = [
    { file: "load-summary.s1of2.json", summary: summary(120, 2, seg(1)) },
    { file: "load-summary.s2of2.json", summary: summary(120, 2, seg(2)) },
  ];
  const files = (names: string[], records = 60) => names.map((name) => ({ name, records }));

  it("all four files of two segments of two workers: no gap", () => {
    const all = ["s1of2-w0.ndjson", "s1of2-w1.ndjson", "s2of2-w0.ndjson", "s2of2-w1.ndjson"];
    expect(ledgerGaps(expectLedger(seg(2), segments), files(all))).toEqual([]);
  });

  it("one segment's worker file missing is named with its segment's summary", () => {
    const three = ["s1of2-w0.ndjson", "s1of2-w1.ndjson", "s2of2-w0.ndjson"];
    expect(ledgerGaps(expectLedger(seg(2), segments), files(three))).toEqual([
      "s2of2-w1.ndjson is missing (load-summary.s2of2.json: 2 worker(s), one file each; 120 message(s) sent, 60 record(s) in the ledger)",
    ]);
  });

  it("a segment whose summary is missing too: its files are at least expected to exist", () => {
    const one = segments.slice(0, 1);
    expect(ledgerGaps(expectLedger(seg(1), one), files(["s1of2-w0.ndjson", "s1of2-w1.ndjson"]))).toEqual([
      "segment 2/2 left no ledger file and no load summary: it may not have run, or its files are missing",
    ]);
  });

  it("only the ledgers and plan.json (an upload without summaries): each planned segment needs a file", () => {
    expect(ledgerGaps(expectLedger(seg(2), []), files(["s2of2-w0.ndjson"]))).toEqual([
      "segment 1/2 left no ledger file and no load summary: it may not have run, or its files are missing",
    ]);
    expect(ledgerGaps(expectLedger(null, []), [])).toEqual([]);
  });

  it("a summary that cannot be read makes what was sent unknown", () => {
    expect(ledgerGaps(expectLedger(null, [], ["load-summary.json: not JSON"]), files(["w0.ndjson"]))).toEqual([
      "load-summary.json: not JSON: what was sent cannot be checked",
    ]);
  });
});
