// reconcile() on small handwritten histories (Jepsen checker_test style): empty, sane, pathological; whole results.
import { describe, expect, it } from "vitest";
import type { LedgerRecord } from "../../contracts/ledger.ts";
import { type MessageClass, messageClasses, type Verdict } from "../../contracts/verdict.ts";
import {
  dlqFrom,
  emptyDlq,
  emptyInFlight,
  emptySink,
  inFlightFrom,
  ledgerFrom,
  sinkFrom,
} from "../../verifier/evidence.ts";
import { reconcile } from "../../verifier/reconcile.ts";

const runId = "20261126T154200Z-k3j9x2q1";
const t0 = 1_764_171_720_000; // 2025-11-26T15:42:00Z, a whole second
const s0 = t0 / 1000;
const id = (n: number, scenario = "smoke") => `${runId}-${scenario}-${n}`;
const rec = (n: number, o: LedgerRecord["o"], ts = t0): Pick<LedgerRecord, "id" | "ts" | "o"> => ({ id: id(n), ts, o });
const context = { runId, verifiedAt: "2026-11-26T16:00:00.000Z", drain: null };

/** A verdict with every class empty; tests spell out only what differs. */
function expected(over: {
  valid: Verdict["valid"];
  reasons?: string[];
  totals?: Partial<Verdict["totals"]>;
  classes?: Partial<Record<MessageClass, string[]>>;
  bySecond?: Verdict["bySecond"];
  e2eLatency?: Verdict["e2eLatency"];
  sources?: Partial<Verdict["sources"]>;
}): Verdict {
  const classes = Object.fromEntries(
    messageClasses.map((c) => {
      const ids = over.classes?.[c] ?? [];
      return [c, ids.length > 0 ? { count: ids.length, sample: ids, file: `ids/${c}.txt` } : { count: 0, sample: [] }];
    }),
  ) as Verdict["classes"];
  return {
    schemaVersion: 1,
    runId,
    verifiedAt: context.verifiedAt,
    valid: over.valid,
    reasons: over.reasons ?? [],
    warnings: [],
    totals: { ledger: 0, accepted: 0, rejected: 0, unknown: 0, sinkItems: 0, dlqMessages: 0, ...over.totals },
    classes,
    e2eLatency: over.e2eLatency ?? null,
    bySecond: over.bySecond ?? {},
    sources: {
      ledger: { files: 1, complete: true, problems: [] },
      sinks: [{ name: "sink", read: 0, complete: true }],
      dlqs: [],
      ...over.sources,
    },
    drain: null,
  };
}

function listOf(result: ReturnType<typeof reconcile>, cls: MessageClass): string[] {
  const ids: string[] = [];
  result.eachId(cls, (x) => ids.push(x));
  return ids;
}

describe("reconcile", () => {
  it("an empty history is valid: nothing was sent, nothing arrived", () => {
    const result = reconcile(ledgerFrom([]), sinkFrom([]), emptyDlq(), emptyInFlight(), context);
    expect(result.verdict).toEqual(expected({ valid: true }));
  });

  it("a sane history: every accepted message delivered once, with latency and per-second counts", () => {
    const ledger = ledgerFrom([rec(0, "acc"), rec(1, "acc"), rec(2, "acc", t0 + 1500)]);
    const sink = sinkFrom([
      { id: id(0), times: 1, sentAt: t0, processedAt: t0 + 100 },
      { id: id(1), times: 1, sentAt: t0, processedAt: t0 + 200 },
      { id: id(2), times: 1, sentAt: t0 + 1500, processedAt: t0 + 1800 },
    ]);
    const result = reconcile(ledger, sink, emptyDlq(), emptyInFlight(), context);
    expect(result.verdict).toEqual(
      expected({
        valid: true,
        totals: { ledger: 3, accepted: 3, sinkItems: 3 },
        classes: { delivered: [id(0), id(1), id(2)] },
        bySecond: {
          delivered: [
            [s0, 2],
            [s0 + 1, 1],
          ],
        },
        e2eLatency: { count: 3, p50: 200, p90: 300, p95: 300, p99: 300, max: 300 },
        sources: { sinks: [{ name: "sink", read: 3, complete: true }] },
      }),
    );
    expect(listOf(result, "delivered")).toEqual([id(0), id(1), id(2)]);
  });

  it("a pathological history: every class at once, each ID in exactly one", () => {
    const ledger = ledgerFrom([
      rec(0, "acc"), // sink twice -> duplicated
      rec(1, "acc"), // sink and DLQ -> delivered (the sink is the proof)
      rec(2, "acc"), // DLQ only -> deadLettered
      rec(3, "acc"), // nowhere -> lost
      rec(4, "acc"), // still queued -> inFlight
      rec(5, "rej"), // nowhere -> rejected
      rec(6, "rej"), // in the sink -> rejectedButDelivered
      rec(7, "unk"), // in the sink -> unknownDelivered
      rec(8, "unk"), // nowhere -> unknownNotDelivered
      rec(9, "acc"), // attempts 2 on one item -> duplicated
    ]);
    const sink = sinkFrom([
      id(0),
      id(0),
      id(1),
      id(6),
      id(7),
      { id: id(9), times: 2 },
      id(99), // this run's prefix, never sent -> unexpected
      `${runId}-weird`, // this run, outside the <prefix>-<n> scheme -> unexpected too
    ]);
    const dlq = dlqFrom([id(1), id(2), "20250101T000000Z-oldrun00-smoke-1"]); // another run's message is ignored
    const inFlight = inFlightFrom([id(4)]);
    const result = reconcile(ledger, sink, dlq, inFlight, context);
    expect(result.verdict).toEqual(
      expected({
        valid: false,
        reasons: [
          "1 accepted message(s) found in no sink, DLQ or queue: lost",
          "2 message(s) of this run in a sink, DLQ or queue that the ledger never sent: unexpected",
          "1 accepted message(s) still in flight at the drain deadline",
        ],
        totals: { ledger: 10, accepted: 6, rejected: 2, unknown: 2, sinkItems: 8, dlqMessages: 3 },
        classes: {
          delivered: [id(1)],
          duplicated: [id(0), id(9)],
          deadLettered: [id(2)],
          lost: [id(3)],
          inFlight: [id(4)],
          rejected: [id(5)],
          rejectedButDelivered: [id(6)],
          unknownDelivered: [id(7)],
          unknownNotDelivered: [id(8)],
          unexpected: [id(99), `${runId}-weird`],
        },
        bySecond: {
          delivered: [[s0, 1]],
          duplicated: [[s0, 2]],
          deadLettered: [[s0, 1]],
          lost: [[s0, 1]],
          inFlight: [[s0, 1]],
          rejected: [[s0, 1]],
          rejectedButDelivered: [[s0, 1]],
          unknownDelivered: [[s0, 1]],
          unknownNotDelivered: [[s0, 1]],
        },
        sources: {
          sinks: [{ name: "sink", read: 8, complete: true }],
          dlqs: [{ name: "dlq", read: 3, complete: true, unparseable: 0, unparseableSample: [] }],
        },
      }),
    );
    expect(listOf(result, "unexpected")).toEqual([id(99), `${runId}-weird`]);
    const total = messageClasses.reduce((sum, c) => sum + result.verdict.classes[c].count, 0);
    expect(total).toBe(10 + 2);
  });

  it("a cut-short ledger: loss is still asserted, but a sink item it does not know may be in the missing part", () => {
    const ledger = ledgerFrom([rec(0, "acc"), rec(1, "acc")]);
    ledger.complete = false;
    ledger.problems.push("w1.ndjson: no closing record (the writer stopped before finishing: cut short)");
    const result = reconcile(ledger, sinkFrom([id(0), id(2)]), emptyDlq(), emptyInFlight(), context);
    expect(result.verdict).toEqual(
      expected({
        valid: false,
        reasons: [
          "1 accepted message(s) found in no sink, DLQ or queue: lost",
          "1 message(s) of this run in a sink, DLQ or queue that the ledger never sent, but the ledger is incomplete, so they may be in its missing part",
          "ledger: w1.ndjson: no closing record (the writer stopped before finishing: cut short)",
        ],
        totals: { ledger: 2, accepted: 2, sinkItems: 2 },
        classes: { delivered: [id(0)], lost: [id(1)], unexpected: [id(2)] },
        bySecond: { delivered: [[s0, 1]], lost: [[s0, 1]] },
        sources: {
          ledger: {
            files: 1,
            complete: false,
            problems: ["w1.ndjson: no closing record (the writer stopped before finishing: cut short)"],
          },
          sinks: [{ name: "sink", read: 2, complete: true }],
        },
      }),
    );
  });

  it("a cut-short ledger with nothing missing is unknown, not true", () => {
    const ledger = ledgerFrom([rec(0, "acc")]);
    ledger.complete = false;
    ledger.problems.push("w1.ndjson: ends in the middle of a line (cut short)");
    const result = reconcile(ledger, sinkFrom([id(0)]), emptyDlq(), emptyInFlight(), context);
    expect(result.verdict.valid).toBe("unknown");
    expect(result.verdict.reasons).toEqual(["ledger: w1.ndjson: ends in the middle of a line (cut short)"]);
  });

  it("a sink read only in part turns loss into unknown: the missing message may be in the unread part", () => {
    const sink = emptySink();
    sink.statuses.push({ name: "orders", read: 0, complete: false, error: "AccessDeniedException: no" });
    const result = reconcile(ledgerFrom([rec(0, "acc")]), sink, emptyDlq(), emptyInFlight(), context);
    expect(result.verdict.valid).toBe("unknown");
    expect(result.verdict.classes.lost.count).toBe(1);
    expect(result.verdict.reasons).toEqual([
      "1 accepted message(s) found in no sink, DLQ or queue, but not every source was read in full, so they may not be lost",
      "sink orders was not read in full: AccessDeniedException: no",
    ]);
  });

  it("an unparseable DLQ body makes loss uncertain, and is counted, never a crash", () => {
    const dlq = emptyDlq();
    dlq.messages = 1;
    dlq.statuses.push({ name: "dlq", read: 1, complete: true, unparseable: 1, unparseableSample: ["not JSON: oops"] });
    const result = reconcile(ledgerFrom([rec(0, "acc")]), sinkFrom([]), dlq, emptyInFlight(), context);
    expect(result.verdict.valid).toBe("unknown");
    expect(result.verdict.sources.dlqs).toEqual([
      { name: "dlq", read: 1, complete: true, unparseable: 1, unparseableSample: ["not JSON: oops"] },
    ]);
  });

  it("messages in the queues whose IDs could not be read leave the verdict unknown", () => {
    const result = reconcile(ledgerFrom([rec(0, "acc")]), sinkFrom([]), emptyDlq(), inFlightFrom([], 3), context);
    expect(result.verdict.valid).toBe("unknown");
    expect(result.verdict.reasons).toEqual([
      "1 accepted message(s) found in no sink, DLQ or queue, but not every source was read in full, so they may not be lost",
      "3 message(s) still in the queues whose IDs could not be read",
    ]);
  });

  it("an ID the ledger holds twice (overlapping segments) is counted once and makes the verdict unknown", () => {
    const ledger = ledgerFrom([rec(0, "acc"), rec(0, "rej"), rec(0, "acc")], 2);
    const result = reconcile(ledger, sinkFrom([id(0)]), emptyDlq(), emptyInFlight(), context);
    expect(result.verdict.classes.delivered).toEqual({ count: 1, sample: [id(0)], file: "ids/delivered.txt" });
    expect(result.verdict.valid).toBe("unknown");
    expect(result.verdict.reasons).toEqual(["ledger: 1 ID(s) recorded more than once"]);
  });

  it("no ledger file at all is unknown, not a vacuous true", () => {
    const result = reconcile(ledgerFrom([], 0), sinkFrom([]), emptyDlq(), emptyInFlight(), context);
    expect(result.verdict.valid).toBe("unknown");
    expect(result.verdict.reasons).toEqual(["ledger: no ledger file found"]);
  });

  it("an exception inside a check becomes unknown with the error, never a silent pass", () => {
    const sink = sinkFrom([{ id: id(0), times: 1, sentAt: t0, processedAt: t0 + 5 }]);
    sink.latency.percentile = () => {
      throw new Error("histogram corrupted");
    };
    const result = reconcile(ledgerFrom([rec(0, "acc")]), sink, emptyDlq(), emptyInFlight(), context);
    expect(result.verdict.valid).toBe("unknown");
    expect(result.verdict.reasons).toEqual(["reconcile failed: histogram corrupted"]);
  });

  it("caps inline samples but lists every ID", () => {
    const ledger = ledgerFrom(Array.from({ length: 30 }, (_, n) => rec(n, "acc")));
    const result = reconcile(ledger, sinkFrom([]), emptyDlq(), emptyInFlight(), { ...context, sampleCap: 5 });
    expect(result.verdict.classes.lost).toEqual({
      count: 30,
      sample: [0, 1, 2, 3, 4].map((n) => id(n)),
      file: "ids/lost.txt",
    });
    expect(listOf(result, "lost")).toEqual(Array.from({ length: 30 }, (_, n) => id(n)));
  });
});
