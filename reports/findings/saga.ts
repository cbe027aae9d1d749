// Finding: sagas left half done (a committed step never compensated), from verify.json's saga check, by step and when.
import type { FindingContext } from "./context.ts";
import { fmt } from "./format.ts";
import type { SagaHalfDoneFinding } from "./types.ts";

export function sagaHalfDone(ctx: FindingContext): SagaHalfDoneFinding | null {
  const saga = ctx.input.verdict?.saga;
  if (saga === undefined || saga.counts.halfDone === 0) return null;
  const byStep: Record<string, number> = {};
  for (const h of saga.halfDone) for (const step of h.left) byStep[step] = (byStep[step] ?? 0) + 1;
  const seconds = saga.bySecond.halfDone;
  const first = seconds[0]?.[0];
  const last = seconds.at(-1)?.[0];
  const steps = Object.entries(byStep)
    .map(([step, n]) => `${step} ${fmt(n)}`)
    .join(", ");
  const sample = saga.halfDone.slice(0, 5);
  return {
    kind: "sagaHalfDone",
    severity: "problem",
    title: `${fmt(saga.counts.halfDone)} saga(s) left half done`,
    summary:
      `A step committed and its compensation never ran, so these orders are neither completed nor undone (left uncompensated: ${steps}). ` +
      "The step tables show it per ID; a compensation that reports success without writing its record does this.",
    window: first === undefined || last === undefined ? null : { start: first, end: last + 1 },
    halfDone: saga.counts.halfDone,
    byStep,
    sample,
    evidence: [
      {
        label: "saga outcomes",
        value: `${fmt(saga.counts.completed)} completed, ${fmt(saga.counts.compensated)} compensated, ${fmt(saga.counts.halfDone)} half done, ${fmt(saga.counts.notStarted)} not started`,
        source: "verify",
      },
      {
        label: "half done, e.g.",
        value: sample.map((h) => `${h.id} (${h.left.join(", ")})`).join("; "),
        source: "verify",
      },
    ],
  };
}
