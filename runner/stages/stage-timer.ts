// Times each stage of a run and logs its start and end, so the closing note and the summary can give wall time per stage.
import type { Output } from "../../common/output.ts";
import type { LiveEvents } from "../live-events.ts";

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

/** The same timer, telling live watchers as each stage starts and ends. */
export function liveStageTimer(timer: StageTimer, live: LiveEvents, now: () => number = Date.now): StageTimer {
  return {
    times: timer.times,
    run<T>(stage: string, fn: () => Promise<T>): Promise<T> {
      return timer.run(stage, async () => {
        const at = now();
        live.emit({ kind: "stage", stage, state: "start", at });
        try {
          return await fn();
        } finally {
          const end = now();
          live.emit({ kind: "stage", stage, state: "end", at: end, ms: end - at });
        }
      });
    },
  };
}
