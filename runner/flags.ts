// `--rate`, `--duration` and `--segment` parsed at the border: the engine and the executors take numbers, not flags.
import { parseDuration } from "../common/duration.ts";
import { applyOverrides, OverrideRefusedError, type ScenarioConfig } from "../executors/index.ts";
import type { Segment } from "../loadtests/engine/segments.ts";
import { OverrideError } from "./errors.ts";

export interface OverrideFlags {
  rate?: string | undefined;
  duration?: string | undefined;
}

/** `--rate 300`: arrivals per time unit, above 0. */
export function parseRateFlag(text: string): number {
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(value) || value <= 0)
    throw new OverrideError(
      "--rate",
      `"${text}" is not a positive number`,
      "Give arrivals per time unit, e.g. --rate 300.",
    );
  return value;
}

/** `--duration 5m`: milliseconds, above 0. */
export function parseDurationFlag(text: string): number {
  const value = parseDuration(text);
  if (value === undefined || value <= 0)
    throw new OverrideError(
      "--duration",
      `"${text}" is not a positive duration`,
      'Give a k6 duration such as "30s", "5m" or "1h30m".',
    );
  return value;
}

/** `--start-at 2026-12-01T02:00:00Z`: the epoch ms every segment starts at. */
export function parseStartAtFlag(text: string): number {
  const at = /^\d{4}-\d{2}-\d{2}T/.test(text.trim()) ? Date.parse(text.trim()) : Number.NaN;
  if (!Number.isFinite(at))
    throw new OverrideError(
      "--start-at",
      `"${text}" is not an ISO time`,
      "Give one instant for every segment, with its zone, e.g. --start-at 2026-12-01T02:00:00Z.",
    );
  return at;
}

const segmentHint = 'Give the segment as i/n with 1 <= i <= n, e.g. "--segment 2/8" for the second of eight.';

/** `--segment 2/8` -> { index: 2, count: 8 }. */
export function parseSegmentFlag(text: string): Segment {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (match === null) throw new OverrideError("--segment", `"${text}" is not of the form i/n`, segmentHint);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > 10_000)
    throw new OverrideError("--segment", `n must be between 1 and 10000 (got ${count})`, segmentHint);
  if (index < 1 || index > count)
    throw new OverrideError("--segment", `i must be between 1 and n=${count} (got ${index})`, segmentHint);
  return { index, count };
}

/** The scenario with `--rate` / `--duration` applied by its executor; a refusal names the flag. */
export function applyOverrideFlags(scenario: ScenarioConfig, flags: OverrideFlags): ScenarioConfig {
  const rate = flags.rate === undefined ? undefined : parseRateFlag(flags.rate);
  const durationMs = flags.duration === undefined ? undefined : parseDurationFlag(flags.duration);
  try {
    return applyOverrides(scenario, { rate, durationMs });
  } catch (error) {
    if (error instanceof OverrideRefusedError)
      throw new OverrideError(`--${error.override}`, error.message, error.hint ?? "", error);
    throw error;
  }
}
