// The pure saga check: every accepted ledger ID against the step tables' records, into one outcome each.
import { runPrefix as runPrefixOf } from "../../contracts/message-id.ts";
import type { SagaOutcome, SagaVerdict, Valid, Verdict } from "../../contracts/verdict.ts";
import type { LedgerEvidence } from "../evidence.ts";
import { emptyDlq, emptyInFlight, emptySink, OutcomeCode, outcomeMask, secondBase } from "../evidence.ts";
import { idAt, traverse } from "../traverse.ts";
import { classifySaga, stepNames } from "./classify.ts";
import type { SagaEvidence } from "./evidence.ts";

/** halfDone and unexpected IDs listed inline up to this many each (a saga run that leaves more is broken anyway). */
const listCap = 10_000;

type Charted = "completed" | "compensated" | "halfDone";
const charted: ReadonlySet<SagaOutcome> = new Set<SagaOutcome>(["completed", "compensated", "halfDone"]);

export function checkSaga(ledger: LedgerEvidence, saga: SagaEvidence, runId: string): SagaVerdict {
  const counts: Record<SagaOutcome, number> = {
    completed: 0,
    compensated: 0,
    halfDone: 0,
    notStarted: 0,
    unexpected: 0,
  };
  const halfDone: SagaVerdict["halfDone"] = [];
  const unexpected: SagaVerdict["unexpected"] = [];
  const seconds: Record<Charted, Map<number, number>> = {
    completed: new Map(),
    compensated: new Map(),
    halfDone: new Map(),
  };
  const { steps } = saga;
  const seen = new Set<string>();
  const noted = (id: string, records: { committed: number; compensated: number }, orphans: number) =>
    unexpected.length < listCap &&
    unexpected.push({
      id,
      steps: stepNames(steps, records.committed),
      compensated: stepNames(steps, orphans || records.compensated),
    });

  const ev = { ledger, sink: emptySink(), dlq: emptyDlq(), inFlight: emptyInFlight() };
  traverse(ev, runPrefixOf(runId), (_cls, byte, second, prefix, n) => {
    if ((byte & outcomeMask) !== OutcomeCode.acc) return;
    const id = idAt(prefix, n);
    const records = saga.byId.get(id) ?? { committed: 0, compensated: 0 };
    if (records.committed !== 0 || records.compensated !== 0) seen.add(id);
    const { outcome, steps: bits } = classifySaga(steps.length, records.committed, records.compensated);
    counts[outcome]++;
    if (outcome === "halfDone" && halfDone.length < listCap) halfDone.push({ id, left: stepNames(steps, bits) });
    if (outcome === "unexpected") noted(id, records, bits);
    if (charted.has(outcome)) {
      const m = seconds[outcome as Charted];
      const at = second + secondBase;
      m.set(at, (m.get(at) ?? 0) + 1);
    }
  });
  // Records of an ID the ledger does not hold as accepted: the saga ran for a message nobody saw accepted.
  for (const [id, records] of [...saga.byId].sort(([a], [b]) => a.localeCompare(b))) {
    if (seen.has(id) || !ledgerHasNot(ledger, id)) continue;
    counts.unexpected++;
    noted(id, records, 0);
  }
  const sorted = (m: Map<number, number>) => [...m].sort((a, b) => a[0] - b[0]);
  return {
    steps: [...steps],
    counts,
    halfDone,
    unexpected,
    truncated: halfDone.length < counts.halfDone || unexpected.length < counts.unexpected,
    bySecond: {
      completed: sorted(seconds.completed),
      compensated: sorted(seconds.compensated),
      halfDone: sorted(seconds.halfDone),
    },
    sources: saga.statuses.map((s) => ({ ...s })),
  };
}

/** True when the ledger has no record of the ID at all (not an ID that was rejected or had an unknown outcome). */
function ledgerHasNot(ledger: LedgerEvidence, id: string): boolean {
  return ledger.ids.getByte(id) === 0;
}

/**
 * The verdict with the saga check folded in: a half-done saga or an unexpected saga record makes `valid` false (the
 * process left inconsistent state, which no gate may allow silently); a step table not read in full makes a `true`
 * verdict unknown.
 */
export function withSaga(verdict: Verdict, saga: SagaVerdict, ledgerComplete: boolean): Verdict {
  const reasons = [...verdict.reasons];
  let valid: Valid = verdict.valid;
  const certain: string[] = [];
  const { halfDone, unexpected } = saga.counts;
  if (halfDone > 0) {
    const sample = saga.halfDone
      .slice(0, 3)
      .map((h) => `${h.id} (${h.left.join(", ")})`)
      .join(", ");
    certain.push(`${halfDone} saga(s) left half done: a committed step was never compensated, e.g. ${sample}`);
  }
  if (unexpected > 0) {
    const what = `${unexpected} saga(s) with a compensation whose step never committed, or records the ledger never sent`;
    if (ledgerComplete) certain.push(`${what}: unexpected`);
    else if (valid === true) {
      valid = "unknown";
      reasons.push(`${what}, but the ledger is incomplete`);
    }
  }
  const unread = saga.sources.filter((s) => !s.complete);
  if (certain.length > 0) valid = false;
  else if (unread.length > 0 && valid === true) valid = "unknown";
  for (const s of unread) reasons.push(`saga table ${s.name} was not read in full${s.error ? `: ${s.error}` : ""}`);
  return { ...verdict, valid, reasons: [...certain, ...reasons], saga };
}
