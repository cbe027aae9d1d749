// The progress display: one redrawn line on a terminal, a plain log line every few seconds in CI (through Output).
import type { Output } from "../../common/output.ts";
import { stageBlock } from "../../common/progress-bar.ts";
import { StatusLine } from "../../common/status-line.ts";
import type { Aggregator } from "./aggregator.ts";

export interface ProgressLine {
  elapsedMs: number;
  totalMs: number;
  planned: number;
  sent: number;
  inFlight: number;
  acc: number;
  rej: number;
  unk: number;
  dropped: number;
  /** Messages sent in the newest closed second. */
  rate: number | null;
  p99: number | null;
}

export function formatProgress(p: ProgressLine): string {
  const secs = (ms: number) => `${Math.floor(ms / 1000)}s`;
  const rate = p.rate === null ? "-" : `${p.rate}/s`;
  const p99 = p.p99 === null ? "-" : `${p.p99.toFixed(1)}ms`;
  return (
    `[load] ${secs(p.elapsedMs)}/${secs(p.totalMs)} rate ${rate} sent ${p.sent} in-flight ${p.inFlight} ` +
    `acc ${p.acc} rej ${p.rej} unk ${p.unk} dropped ${p.dropped} p99 ${p99}`
  );
}

/** On a terminal: a bar over the load's duration, the rate and the time left, then the counts. */
export function formatProgressBlock(p: ProgressLine): string {
  const p99 = p.p99 === null ? "-" : `${p.p99.toFixed(1)}ms`;
  return stageBlock({
    stage: "load",
    done: p.elapsedMs,
    total: p.totalMs,
    format: (ms) => `${Math.floor(ms / 1000)}s`,
    rate: p.rate === null ? null : `${p.rate}/s`,
    leftMs: p.totalMs - p.elapsedMs,
    detail:
      `sent ${p.sent} · in-flight ${p.inFlight} · acc ${p.acc} · rej ${p.rej} · unk ${p.unk} · ` +
      `dropped ${p.dropped} · p99 ${p99}`,
  });
}

/** During the run the rate is the newest closed second's; on the final line, the run's average. */
export function progressOf(agg: Aggregator, elapsedMs: number, totalMs: number, final = false): ProgressLine {
  const last = agg.last;
  const average = elapsedMs > 0 ? Math.round(agg.sent / (elapsedMs / 1000)) : null;
  return {
    elapsedMs,
    totalMs,
    planned: agg.planned,
    sent: agg.sent,
    inFlight: agg.inFlight,
    acc: agg.acc,
    rej: agg.rej,
    unk: agg.unk,
    dropped: agg.dropped,
    rate: final ? average : last === null ? null : last.sent,
    p99: final ? (agg.intended.percentile(99) ?? null) : (last?.latency?.p99 ?? null),
  };
}

/** Terminal: redraws its own line once a second. CI: a new line every `plainEveryMs`. */
export class ProgressDisplay {
  private readonly line: StatusLine;
  private readonly plainEveryMs: number;
  private lastPlainAt = Number.NEGATIVE_INFINITY;

  constructor(output: Output, plainEveryMs = 5000) {
    this.line = new StatusLine(output);
    this.plainEveryMs = plainEveryMs;
  }

  get intervalMs(): number {
    return this.line.interactive ? 1000 : Math.min(1000, this.plainEveryMs);
  }

  update(line: ProgressLine, force = false): void {
    if (this.line.interactive) {
      // The forced update is the load's last: its block stays on screen above what the next stages print.
      if (force) this.line.finish(formatProgressBlock(line));
      else this.line.draw(formatProgressBlock(line));
      return;
    }
    if (!force && line.elapsedMs - this.lastPlainAt < this.plainEveryMs) return;
    this.lastPlainAt = line.elapsedMs;
    this.line.draw(formatProgress(line));
  }
}
