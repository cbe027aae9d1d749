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
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)}s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s === 0 ? `${m}m` : `${m}m${s}s`;
}

/** A duration as the user writes it ("120s") parsed once, at validation, to milliseconds. */
export const durationSchema = z
  .string()
  .refine((s) => parseDuration(s) !== undefined, 'must be a duration such as "30s", "2m" or "500ms"')
  .transform((s) => parseDuration(s) as number);
