// Runs a chaos schedule beside the load on the wall clock and records the windows as they really happened.
import type { Output } from "../../common/output.ts";
import type { ChaosWindow } from "../../contracts/plan-file.ts";
import type { ChaosDriver } from "./driver.ts";
import type { ScheduledChaos } from "./schedule.ts";

export interface RunningChaos {
  /** Ends every window still open (load over or interrupted) and returns all windows. */
  stop(): Promise<ChaosWindow[]>;
}

export function runChaos(
  schedule: readonly ScheduledChaos[],
  driver: ChaosDriver,
  output: Output,
  now: () => number = Date.now,
  /** Epoch ms the schedule counts from (the load's first arrival); default: now. */
  origin: number = now(),
  /** Told of each window as it opens and again as it closes (a live view); must return at once. */
  onWindow: (window: Readonly<ChaosWindow>, index: number) => void = () => {},
): RunningChaos {
  const windows: ChaosWindow[] = [];
  const timers: NodeJS.Timeout[] = [];
  const pending = new Set<Promise<void>>();
  const open = new Map<ChaosWindow, () => Promise<void>>();
  let stopped = false;

  const track = (promise: Promise<void>) => {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise));
  };
  const end = async (window: ChaosWindow) => {
    const undo = open.get(window);
    if (undo === undefined) return;
    open.delete(window);
    try {
      await undo();
    } catch (error) {
      window.error = `undo failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    window.end = now();
    output.err(`[chaos] ${window.action} ended`);
    onWindow(window, windows.indexOf(window));
  };

  for (const item of schedule) {
    timers.push(
      setTimeout(
        () => {
          if (stopped) return;
          const window: ChaosWindow = { action: item.step.action, params: item.step.params, start: now(), end: null };
          windows.push(window);
          onWindow(window, windows.length - 1);
          const started = (async () => {
            try {
              open.set(window, await driver.start(item.step));
              output.err(`[chaos] ${item.step.action} ${JSON.stringify(item.step.params)} started`);
            } catch (error) {
              window.error = error instanceof Error ? error.message : String(error);
              window.end = now();
              output.err(`[chaos] ${item.step.action} could not start: ${window.error}`);
              onWindow(window, windows.indexOf(window));
            }
          })();
          track(started);
          // The window ends at its planned time on the load's clock, not a duration after a slow start returned.
          const untilEnd = Math.max(0, origin + item.endMs - now());
          timers.push(setTimeout(() => track(started.then(() => end(window))), untilEnd));
        },
        Math.max(0, origin + item.startMs - now()),
      ),
    );
  }

  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.all([...pending]);
      await Promise.all([...open.keys()].map(end));
      return windows;
    },
  };
}
