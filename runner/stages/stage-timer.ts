// Times each stage of a run and logs its start and end, so the closing note and the summary can give wall time per stage.
import type { Output } from "../../common/output.ts";

export interface StageTimes {
  [stage: string]: number;
}

export interface StageTimer {
  readonly times: StageTimes;
  run<T>(stage: string, fn: () => Promise<T>): Promise<T>;
}

export function stageTimer(output: Output, now: () => number = Date.now): StageTimer {
  const times: StageTimes = {};
  return {
    times,
    async run<T>(stage: string, fn: () => Promise<T>): Promise<T> {
      const start = now();
      output.err(`[${stage}] started`);
      try {
        return await fn();
      } finally {
        times[stage] = now() - start;
        output.err(`[${stage}] done in ${((now() - start) / 1000).toFixed(1)} s`);
      }
    },
  };
}
