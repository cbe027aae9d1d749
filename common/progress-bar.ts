// A long stage's progress on a terminal: a bar with done / total, the rate and the time left, then a line of detail.
import { formatDuration } from "./duration.ts";

export interface StageProgress {
  /** "load", "drain", "verify": the tag the stage's plain lines carry too. */
  stage: string;
  done: number;
  /** null: not known in advance (a sink read): the count and rate are shown without a bar. */
  total: number | null;
  /** How done and total read ("12s/20s"); plain numbers when absent. */
  format?: (n: number) => string;
  /** Per second, with its unit ("20 msg/s"); omitted when unknown. */
  rate?: string | null;
  leftMs?: number | null;
  /** A second line: the counts that matter for the stage. */
  detail?: string;
}

const barWidth = 24;

/** Eighth blocks, so a bar of 24 cells moves in steps of 1/192: a slow stage still visibly advances. */
const partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

export function progressBar(fraction: number, width = barWidth): string {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  const part = partial[eighths % 8] as string;
  return `${"█".repeat(full)}${part}${" ".repeat(width - full - (part === "" ? 0 : 1))}`;
}

/** The block a StatusLine redraws: `[load] [████▌     ] 12s/20s 60% · 20/s · 8s left`, then the detail indented. */
export function stageBlock(p: StageProgress): string {
  const fmt = p.format ?? ((n: number) => n.toLocaleString("en-US"));
  const parts: string[] = [];
  if (p.total !== null && p.total > 0) {
    const fraction = p.done / p.total;
    parts.push(
      `[${progressBar(fraction)}] ${fmt(p.done)}/${fmt(p.total)} ${Math.floor(Math.min(1, Math.max(0, fraction)) * 100)}%`,
    );
  } else parts.push(fmt(p.done));
  if (p.rate !== undefined && p.rate !== null) parts.push(p.rate);
  if (p.leftMs !== undefined && p.leftMs !== null) parts.push(`${formatDuration(Math.max(0, p.leftMs))} left`);
  const head = `[${p.stage}] ${parts.join(" · ")}`;
  return p.detail === undefined || p.detail === "" ? head : `${head}\n${" ".repeat(p.stage.length + 3)}${p.detail}`;
}
