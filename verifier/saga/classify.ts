// One saga's outcome from which of its steps committed and which were compensated (bit i: the saga's step i).
import type { SagaOutcome } from "../../contracts/verdict.ts";

export interface SagaClass {
  outcome: SagaOutcome;
  /** halfDone: the committed steps left without their compensation; unexpected: the compensations without a step. */
  steps: number;
}

/**
 * completed: every step committed and none undone. compensated: at least one step committed and every committed one
 * compensated. notStarted: nothing committed, nothing undone. unexpected: a compensation whose step never committed
 * (it wins: the records themselves are wrong). halfDone: anything else, naming the committed steps not undone.
 */
export function classifySaga(stepCount: number, committed: number, compensated: number): SagaClass {
  const all = 2 ** stepCount - 1;
  const orphans = compensated & ~committed;
  if (orphans !== 0) return { outcome: "unexpected", steps: orphans };
  if (committed === 0) return { outcome: "notStarted", steps: 0 };
  if (committed === all && compensated === 0) return { outcome: "completed", steps: 0 };
  if (compensated === committed) return { outcome: "compensated", steps: 0 };
  return { outcome: "halfDone", steps: committed & ~compensated };
}

/** The names of the steps whose bits are set, in the saga's order. */
export function stepNames(steps: readonly string[], bits: number): string[] {
  return steps.filter((_, i) => (bits & (1 << i)) !== 0);
}
