// What the step tables hold for a run: per ID, the steps committed and the steps compensated, as bit sets.
import type { SourceStatus } from "../../contracts/verdict.ts";

export interface SagaRecords {
  committed: number;
  compensated: number;
}

export interface SagaEvidence {
  /** The saga's steps in order; bit i of a record's sets is steps[i]. */
  steps: readonly string[];
  byId: Map<string, SagaRecords>;
  statuses: SourceStatus[];
}

export function emptySagaEvidence(steps: readonly string[]): SagaEvidence {
  return { steps, byId: new Map(), statuses: [] };
}

/** One step table's record of an ID: its step committed, or (compensation) its step undone. */
export function addSagaRecord(ev: SagaEvidence, id: string, step: string, compensation: boolean): void {
  const bit = ev.steps.indexOf(step);
  if (bit < 0) return;
  let r = ev.byId.get(id);
  if (r === undefined) {
    r = { committed: 0, compensated: 0 };
    ev.byId.set(id, r);
  }
  if (compensation) r.compensated |= 1 << bit;
  else r.committed |= 1 << bit;
}
