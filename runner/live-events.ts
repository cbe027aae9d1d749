// The run as it happens, for whoever watches it live (a dashboard, a metrics exporter): typed events, fire and forget.
import type { Output } from "../common/output.ts";
import type { ChaosWindow } from "../contracts/chaos.ts";
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
  | { kind: "load-end"; endedAt: number }
  /** The sampler's poll of every watched queue (visible + in flight + delayed), at epoch ms t. */
  | { kind: "depths"; t: number; queues: QueueDepth[] }
  /** A chaos window as it opens (end null) and again as it closes; index tells the windows of one run apart. */
  | { kind: "chaos"; index: number; window: ChaosWindow }
  /** A stage of the run starts or ends (the `[stage] started` / `done in` lines); ms is its wall time at the end. */
  | { kind: "stage"; stage: string; state: "start" | "end"; at: number; ms?: number }
  /** A long stage's progress (drain, verify's reads): done of total (null: not known in advance), with its detail. */
  | { kind: "progress"; stage: string; done: number; total: number | null; detail: string; leftMs: number | null }
  /** The run's outcome once the report is written. */
  | { kind: "verdict"; verdict: LiveVerdict }
  /** The run is over, however it ended: its exit code, or the error that ended it. */
  | { kind: "end"; at: number; exitCode: number | null; error?: string };

export interface QueueDepth {
  name: string;
  dlq: boolean;
  depth: number;
}

export interface LiveVerdict {
  status: "pass" | "fail" | "unknown";
  valid: boolean | "unknown";
  exitCode: number;
  /** Messages per class (only classes with any), as verify.json counts them. */
  classes: Record<string, number>;
  /** The gates that failed or could not be judged, with why. */
  failing: Array<{ name: string; status: string; message: string }>;
  report: string;
}

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

/** The sampler's samples as one live event, each queue's depth summed the way the report's queue charts sum it. */
export function liveDepths(
  samples: ReadonlyArray<{ t: number; queue: string; visible: number; notVisible: number; delayed: number }>,
  dlqs: ReadonlySet<string>,
): LiveEvent {
  return {
    kind: "depths",
    t: samples[0]?.t ?? Date.now(),
    queues: samples.map((s) => ({
      name: s.queue,
      dlq: dlqs.has(s.queue),
      depth: s.visible + s.notVisible + s.delayed,
    })),
  };
}

/** The output the stages write through, with the long stages' progress (drain, verify's reads) told as live events. */
export function withLiveProgress(output: Output, live: LiveEvents): Output {
  return {
    ...output,
    progress: (p) =>
      live.emit({
        kind: "progress",
        stage: p.stage,
        done: p.done,
        total: p.total,
        detail: p.detail ?? "",
        leftMs: p.leftMs ?? null,
      }),
  };
}
