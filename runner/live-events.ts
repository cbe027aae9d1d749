// The run as it happens, for whoever watches it live (a dashboard, a metrics exporter): typed events, fire and forget.
import type { LoadSecond } from "../contracts/load-summary.ts";
import type { SecondDetail } from "../loadtests/engine/index.ts";

/**
 * What a watcher sees, in order. `second` is each closed second of the load, the same row load-summary.json's
 * `perSecond` gets, with its `detail` (counts by channel and flow step, histograms) when the engine made one; more kinds (chaos windows, drain and verify progress, the verdict) are added by those who emit them.
 */
export type LiveEvent =
  | { kind: "run"; runId: string; target: string; scenario: string }
  | { kind: "load-start"; startedAt: number; totalMs: number }
  | { kind: "second"; row: LoadSecond; detail?: SecondDetail }
  | { kind: "load-end"; endedAt: number };

export type LiveListener = (event: LiveEvent) => void;

/**
 * A listener can never slow or break the run: it is called synchronously with each event, and one that throws is
 * dropped (its error counted) so the others and the load go on. Listeners that do real work queue it themselves.
 */
export class LiveEvents {
  private readonly listeners = new Set<LiveListener>();
  /** Listeners removed because they threw, with the first error of each. */
  readonly failures: string[] = [];

  /** Returns a function that removes the listener. */
  on(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: LiveEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.listeners.delete(listener);
        this.failures.push(error instanceof Error ? error.message : String(error));
      }
    }
  }
}
