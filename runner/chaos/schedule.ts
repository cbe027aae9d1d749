// Pure: when each chaos step starts and ends, relative to the load's start.
import type { ChaosStep } from "../../executors/index.ts";

export interface ScheduledChaos {
  step: ChaosStep;
  /** Milliseconds after the load starts. */
  startMs: number;
  endMs: number;
}

export function scheduleChaos(steps: readonly ChaosStep[]): ScheduledChaos[] {
  return steps
    .map((step) => ({ step, startMs: step.atMs, endMs: step.atMs + step.durationMs }))
    .sort((a, b) => a.startMs - b.startMs);
}
