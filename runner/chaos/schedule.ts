// Pure: when each chaos step starts and ends, relative to the load's start.
import { parseDuration } from "../../common/duration.ts";
import type { ChaosStep } from "../../config/schema-scenario.ts";

export interface ScheduledChaos {
  step: ChaosStep;
  /** Milliseconds after the load starts. */
  startMs: number;
  endMs: number;
}

export function scheduleChaos(steps: readonly ChaosStep[]): ScheduledChaos[] {
  return steps
    .map((step) => {
      const startMs = parseDuration(step.at) ?? 0;
      return { step, startMs, endMs: startMs + (parseDuration(step.duration) ?? 0) };
    })
    .sort((a, b) => a.startMs - b.startMs);
}
