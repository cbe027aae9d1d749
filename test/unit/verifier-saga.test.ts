// The saga check: every combination of committed and compensated steps into one outcome, and the verdict it makes.
import { describe, expect, it } from "vitest";
import type { SagaOutcome, Verdict } from "../../contracts/verdict.ts";
import { ledgerFrom } from "../../verifier/evidence.ts";
import { checkSaga, withSaga } from "../../verifier/saga/check.ts";
import { classifySaga, stepNames } from "../../verifier/saga/classify.ts";
import { addSagaRecord, emptySagaEvidence } from "../../verifier/saga/evidence.ts";

const steps = ["reserve", "charge", "ship"] as const;

/** The expected outcome of a saga written out by hand from the rule, step by step (no bit tricks). */
function expected(committed: boolean[], compensated: boolean[]): [SagaOutcome, string[]] {
  const orphan = steps.filter((_, i) => compensated[i] && !committed[i]);
  if (orphan.length > 0) return ["unexpected", orphan];
  if (!committed.some(Boolean)) return ["notStarted", []];
  if (committed.every(Boolean) && !compensated.some(Boolean)) return ["completed", []];
  const left = steps.filter((_, i) => committed[i] && !compensated[i]);
  return left.length === 0 ? ["compensated", []] : ["halfDone", left];
}

const bits = (flags: boolean[]) => flags.reduce((acc, on, i) => acc | (on ? 1 << i : 0), 0);
const flagsOf = (n: number) => steps.map((_, i) => (n & (1 << i)) !== 0);

describe("classifySaga", () => {
  // All 8 x 8 combinations of three steps committed or not, compensated or not.
  const cases = Array.from({ length: 64 }, (_, k) => [flagsOf(k & 7), flagsOf(k >> 3)] as const);
  it.each(cases)("committed %j, compensated %j", (committed, compensated) => {
    const [outcome, named] = expected(committed, compensated);
    const got = classifySaga(steps.length, bits(committed), bits(compensated));
    expect({ outcome: got.outcome, steps: stepNames(steps, got.steps) }).toEqual({ outcome, steps: named });
  });

  it("names the textbook cases", () => {
    expect(classifySaga(3, 0b111, 0).outcome).toBe("completed");
    expect(classifySaga(3, 0b011, 0b011).outcome).toBe("compensated");
    expect(classifySaga(3, 0b001, 0b001).outcome).toBe("compensated");
    expect(classifySaga(3, 0b011, 0b010)).toEqual({ outcome: "halfDone", steps: 0b001 });
    expect(classifySaga(3, 0b001, 0b010)).toEqual({ outcome: "unexpected", steps: 0b010 });
    expect(classifySaga(3, 0, 0).outcome).toBe("notStarted");
  });
});

const runId = "20261130T120000-abcd";
const id = (n: number) => `${runId}-saga-${n}`;
const second = 1_796_000_000;

function evidence(records: Array<[number, string, boolean]>) {
  const ev = emptySagaEvidence(steps);
  ev.statuses = [{ name: "reserve", read: records.length, complete: true }];
  for (const [n, step, compensation] of records) addSagaRecord(ev, id(n), step, compensation);
  return ev;
}

describe("checkSaga", () => {
  it("an empty run: nothing to check", () => {
    const result = checkSaga(ledgerFrom([]), evidence([]), runId);
    expect(result.counts).toEqual({ completed: 0, compensated: 0, halfDone: 0, notStarted: 0, unexpected: 0 });
    expect(result.halfDone).toEqual([]);
  });

  it("classifies each accepted ID, lists half-done ones with the steps left, and counts by send second", () => {
    const ledger = ledgerFrom([
      { id: id(1), ts: second * 1000, o: "acc" },
      { id: id(2), ts: second * 1000 + 10, o: "acc" },
      { id: id(3), ts: (second + 1) * 1000, o: "acc" },
      { id: id(4), ts: (second + 1) * 1000, o: "acc" },
      { id: id(5), ts: (second + 2) * 1000, o: "rej" },
    ]);
    const ev = evidence([
      [1, "reserve", false],
      [1, "charge", false],
      [1, "ship", false],
      [2, "reserve", false],
      [2, "charge", false],
      [2, "reserve", true],
      [2, "charge", true],
      [3, "reserve", false],
      [3, "charge", false],
      [3, "charge", true],
      // A rejected message's saga never ran: no records, nothing said about it.
      // An ID the ledger never sent: unexpected.
      [9, "reserve", false],
    ]);
    const result = checkSaga(ledger, ev, runId);
    expect(result.counts).toEqual({ completed: 1, compensated: 1, halfDone: 1, notStarted: 1, unexpected: 1 });
    expect(result.halfDone).toEqual([{ id: id(3), left: ["reserve"] }]);
    expect(result.unexpected).toEqual([{ id: id(9), steps: ["reserve"], compensated: [] }]);
    expect(result.bySecond).toEqual({
      completed: [[second, 1]],
      compensated: [[second, 1]],
      halfDone: [[second + 1, 1]],
    });
  });

  it("a half-done saga makes the verdict false with a reason naming it; a clean one leaves it true", () => {
    const base = { valid: true, reasons: [] } as unknown as Verdict;
    const ledger = ledgerFrom([{ id: id(1), ts: second * 1000, o: "acc" }]);
    const half = checkSaga(
      ledger,
      evidence([
        [1, "reserve", false],
        [1, "charge", false],
        [1, "charge", true],
      ]),
      runId,
    );
    const judged = withSaga(base, half, true);
    expect(judged.valid).toBe(false);
    expect(judged.reasons[0]).toMatch(/1 saga\(s\) left half done.*-saga-1 \(reserve\)/);
    const clean = checkSaga(
      ledger,
      evidence([
        [1, "reserve", false],
        [1, "reserve", true],
      ]),
      runId,
    );
    expect(withSaga(base, clean, true)).toMatchObject({ valid: true, reasons: [] });
  });

  it("a step table not read in full makes a true verdict unknown", () => {
    const base = { valid: true, reasons: [] } as unknown as Verdict;
    const ev = evidence([]);
    ev.statuses = [{ name: "refund", read: 0, complete: false, error: "timeout" }];
    const judged = withSaga(base, checkSaga(ledgerFrom([]), ev, runId), true);
    expect(judged.valid).toBe("unknown");
    expect(judged.reasons).toEqual(["saga table refund was not read in full: timeout"]);
  });
});
