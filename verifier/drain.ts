// Waits for the pipeline to settle: every watched queue empty and the sink count unchanged for the settle window.
import { setTimeout as delay } from "node:timers/promises";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { formatDuration } from "../common/duration.ts";
import { UnreachableError } from "../common/errors.ts";
import type { Output } from "../common/output.ts";
import { type StageProgress, stageBlock } from "../common/progress-bar.ts";
import { StatusLine } from "../common/status-line.ts";
import type { QueueConfig } from "../config/schema-target.ts";
import { queueDepth } from "./sources/sqs-peek.ts";

export interface DrainOptions {
  sqs: SQSClient;
  queues: readonly QueueConfig[];
  /** The run's items in the sinks now; undefined when there is no way to count them. */
  sinkCount: (() => Promise<number>) | undefined;
  /**
   * Messages the target holds outside its queues, by name (the local EventBridge stand-in's deliveries waiting to be
   * retried): the pipeline has not settled while any is held. An answer that fails counts as none held.
   */
  held?: () => Promise<Record<string, number>>;
  timeoutMs: number;
  settleMs: number;
  /**
   * Items the sink should hold once every accepted message arrived (the ledger's accepted count, given only when every
   * message was accepted). With it, the drain settles on evidence, before the settle window: queues empty and the count
   * exactly this on two counts in a row. Not "at least": a sink holding more (a duplicate item, an unexpected one) could
   * make up for an accepted message still on its way outside the queues, which would then be called lost.
   */
  expectedSinkCount?: number | undefined;
  output: Output;
  pollMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
}

export interface DrainResult {
  waitedMs: number;
  timedOut: boolean;
  /** Messages left per queue (visible + in flight + delayed); -1 when the queue could not be read. */
  remaining: Record<string, number>;
}

/** After a sink count that took d, the next one waits this many times d. */
const countCostFactor = 9;

/** A timeout of 0 checks once without waiting (a re-verification later does not need to wait again). */
export async function drain(options: DrainOptions): Promise<DrainResult> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? delay;
  const pollMs = options.pollMs ?? 1_000;
  const start = now();
  const deadline = start + options.timeoutMs;
  const progress = new Progress(options.output, now, options.settleMs);
  let lastCount: number | undefined;
  let stableSince: number | undefined;
  let nextCountAt = start;
  let first = true;
  /** Consecutive polls with the queues empty and every accepted message in the sink. */
  let complete = 0;
  /** Poll interval once the evidence starts to come in: the confirming poll need not wait a whole pollMs. */
  const confirmMs = Math.min(pollMs, 250);
  for (;;) {
    const remaining: Record<string, number> = {};
    const failures: string[] = [];
    await Promise.all(
      options.queues.map(async (q) => {
        try {
          const d = await queueDepth(options.sqs, q.queueUrl);
          remaining[q.name] = d.visible + d.notVisible + d.delayed;
        } catch (error) {
          remaining[q.name] = -1;
          failures.push(`${q.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }),
    );
    if (options.held !== undefined) Object.assign(remaining, await options.held().catch(() => ({})));
    // Not one queue answers at the start: the target is down, and waiting out the timeout would only hide it.
    if (first && failures.length > 0 && failures.length === options.queues.length) {
      throw new UnreachableError(`No watched queue answers (${failures.join("; ")}).`, {
        hint: "Check the target's endpoint and credentials; for the local target run `harness local up` first.",
      });
    }
    first = false;
    const depth = Object.values(remaining).reduce((a, b) => a + Math.max(0, b), 0);
    const empty = Object.values(remaining).every((n) => n === 0);
    // A sink count reads the sink (on AWS a COUNT Query or a full Scan, billed as one): after a count that took d,
    // the next waits 9d, so counting is at most a tenth of the drain however big the table; settling is judged at counts.
    let counted = options.sinkCount === undefined;
    if (!empty) {
      stableSince = undefined;
      lastCount = undefined;
    } else if (options.sinkCount !== undefined && now() >= nextCountAt) {
      const before = now();
      const count = await options.sinkCount().catch(() => undefined);
      const after = now();
      nextCountAt = after + countCostFactor * (after - before);
      // The sink count cannot be read: settle on the queues alone.
      if (stableSince === undefined || count !== lastCount) stableSince = after;
      lastCount = count;
      counted = true;
    } else if (options.sinkCount === undefined) {
      stableSince ??= now();
    }
    const count = lastCount;
    const t = now();
    const expected = options.expectedSinkCount;
    if (!empty) complete = 0;
    else if (counted && expected !== undefined) complete = count === expected ? complete + 1 : 0;
    const settled =
      empty &&
      (options.timeoutMs === 0 ||
        complete >= 2 ||
        (counted && stableSince !== undefined && t - stableSince >= options.settleMs));
    if (settled || t >= deadline) {
      const result = { waitedMs: t - start, timedOut: !settled, remaining };
      progress.done(result, count);
      return result;
    }
    progress.step(
      remaining,
      depth,
      count,
      deadline - t,
      empty ? options.settleMs - (t - (stableSince ?? t)) : undefined,
    );
    await sleep(Math.min(complete > 0 ? confirmMs : pollMs, Math.max(0, deadline - t)));
  }
}

/** A redrawn bar on a terminal; in CI a log line when something changed, or every 10 s. */
class Progress {
  private readonly line: StatusLine;
  private lastLine = "";
  private lastLogAt = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;
  private readonly settleMs: number;
  private readonly startedAt: number;
  /** The most messages seen still to arrive: the bar's total while the queues empty. */
  private most = 0;

  private readonly output: Output;

  constructor(output: Output, now: () => number, settleMs: number) {
    this.output = output;
    this.line = new StatusLine(output);
    this.now = now;
    this.settleMs = settleMs;
    this.startedAt = now();
  }

  step(
    remaining: Record<string, number>,
    depth: number,
    count: number | undefined,
    leftMs: number,
    settleLeftMs: number | undefined,
  ): void {
    const queues = Object.entries(remaining)
      .map(([name, n]) => `${name} ${n < 0 ? "?" : n}`)
      .join(", ");
    const state =
      settleLeftMs === undefined
        ? `${depth} message(s) still to arrive${queues === "" ? "" : ` (${queues})`}`
        : `queues empty, sink ${count ?? "?"} item(s), settling ${formatDuration(Math.max(0, settleLeftMs))}`;
    const line = `[drain] ${state}; ${formatDuration(leftMs)} left`;
    const progress = this.progress(depth, count, queues, leftMs, settleLeftMs);
    this.output.progress?.(progress);
    if (this.line.interactive) {
      this.line.draw(stageBlock(progress));
      return;
    }
    const now = this.now();
    if (state !== this.lastLine || now - this.lastLogAt >= 10_000) {
      this.line.draw(line);
      this.lastLine = state;
      this.lastLogAt = now;
    }
  }

  /**
   * Still arriving: a bar over the messages seen in the queues (arrived / most seen), their rate and the time left at
   * that rate (never past the deadline). Settling: a bar over the settle period.
   */
  private progress(
    depth: number,
    count: number | undefined,
    queues: string,
    leftMs: number,
    settleLeftMs: number | undefined,
  ): StageProgress {
    const deadline = `deadline in ${formatDuration(Math.max(0, leftMs))}`;
    if (settleLeftMs !== undefined) {
      return {
        stage: "drain",
        done: Math.max(0, this.settleMs - settleLeftMs),
        total: this.settleMs,
        format: (ms) => formatDuration(ms),
        leftMs: settleLeftMs,
        detail: `queues empty, sink ${count ?? "?"} item(s), settling; ${deadline}`,
      };
    }
    this.most = Math.max(this.most, depth);
    const arrived = this.most - depth;
    const seconds = (this.now() - this.startedAt) / 1000;
    const rate = seconds > 0 && arrived > 0 ? arrived / seconds : null;
    return {
      stage: "drain",
      done: arrived,
      total: this.most,
      rate: rate === null ? null : `${Math.round(rate).toLocaleString("en-US")} msg/s`,
      leftMs: rate === null ? leftMs : Math.min(leftMs, (depth / rate) * 1000),
      detail: `${depth} message(s) still to arrive${queues === "" ? "" : ` (${queues})`}; ${deadline}`,
    };
  }

  done(result: DrainResult, count: number | undefined): void {
    const left = Object.entries(result.remaining).filter(([, n]) => n !== 0);
    const line = result.timedOut
      ? `[drain] timed out after ${formatDuration(result.waitedMs)}; still to arrive: ${
          left.map(([name, n]) => `${name} ${n < 0 ? "?" : n}`).join(", ") || "none (the sink was still growing)"
        }`
      : `[drain] settled after ${formatDuration(result.waitedMs)}${count === undefined ? "" : `; sink ${count} item(s)`}`;
    this.line.finish(line);
  }
}
