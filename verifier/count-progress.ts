// Progress of a long read (millions of sink items): a redrawn line on a terminal, a log line every 10 s in CI.
import type { Output } from "../common/output.ts";
import { stageBlock } from "../common/progress-bar.ts";
import { StatusLine } from "../common/status-line.ts";

export interface CountProgress {
  update(count: number): void;
  /** Clears the redrawn line, so the summary line that follows stands alone. */
  done(): void;
}

export function countProgress(output: Output, label: string, now: () => number = Date.now): CountProgress {
  const everyMs = output.interactive ? 250 : 10_000;
  const start = now();
  let last = start;
  const status = new StatusLine(output);
  // A live watcher (output.progress) hears of the count twice a second, whatever the terminal is.
  let lastTold = Number.NEGATIVE_INFINITY;
  let latest = 0;
  const tell = (count: number, t: number) => {
    lastTold = t;
    output.progress?.({
      stage: "verify",
      done: count,
      total: null,
      detail: `${label}: ${count.toLocaleString("en")} read`,
    });
  };
  return {
    update(count) {
      const t = now();
      latest = count;
      if (output.progress !== undefined && t - lastTold >= 500) tell(count, t);
      if (t - last < everyMs) return;
      last = t;
      const seconds = (t - start) / 1000;
      if (status.interactive) {
        // A sink's size is not known before it is read: the count and its rate, without a bar.
        status.draw(
          stageBlock({
            stage: "verify",
            done: count,
            total: null,
            format: (n) => `${label}: ${n.toLocaleString("en")} read in ${Math.round(seconds)} s`,
            rate: seconds > 0 ? `${Math.round(count / seconds).toLocaleString("en")}/s` : null,
          }),
        );
        return;
      }
      status.draw(`[verify] ${label}: ${count.toLocaleString("en")} read in ${Math.round(seconds)} s`);
    },
    done() {
      if (output.progress !== undefined) tell(latest, now());
      status.clear();
    },
  };
}
