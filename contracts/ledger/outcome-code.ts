// Outcomes as small integers for the verifier's per-ID byte (ID tables), and the names they stand for.
import type { Outcome } from "./record.ts";

/** 0 is "no ledger record"; the two low bits of an ID's byte hold the code. */
export const OutcomeCode = { none: 0, acc: 1, rej: 2, unk: 3 } as const;

export type OutcomeCodeValue = (typeof OutcomeCode)[keyof typeof OutcomeCode];

export const outcomeCodeOf: Readonly<Record<Outcome, OutcomeCodeValue>> = {
  acc: OutcomeCode.acc,
  rej: OutcomeCode.rej,
  unk: OutcomeCode.unk,
};

/** The bits of an ID's byte that hold the outcome code. */
export const outcomeMask = 3;
