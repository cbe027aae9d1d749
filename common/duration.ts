// k6-style durations ("500ms", "30s", "2m", "1h30m") to milliseconds.
import { z } from "zod";

const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;

/** Parses a k6 duration; returns undefined for anything that is not one. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  part.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let m = part.exec(trimmed); m !== null; m = part.exec(trimmed)) {
    total += Number(m[1]) * (unitMs[m[2] as string] as number);
    consumed = part.lastIndex;
  }
  return consumed === trimmed.length ? total : undefined;
}

export function formatDuration(ms: number): string {
  // Rounded first, then split: 119.7 s is 2m, not 1m60s.
  if (Math.round(ms) < 1000) return `${Math.round(ms)}ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(tenths % 10 === 0 ? 0 : 1)}s`;
  const seconds = Math.round(ms / 1000);
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return s === 0 ? `${m}m` : `${m}m${s}s`;
}

/** A k6 duration in the user's file ("30s"), milliseconds once validated: downstream never parses it again. */
export const durationSchema = z
  .string()
  .refine((s) => parseDuration(s) !== undefined, 'must be a duration such as "30s", "2m" or "500ms"')
  .transform((s) => parseDuration(s) as number);
