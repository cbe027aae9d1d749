// `--rate` and `--duration` applied to a scenario: the same shape, scaled or stretched, never edited in the file.
import { parseDuration } from "../../common/duration.ts";
import type { ScenarioConfig } from "../../config/schema-scenario.ts";
import { OverrideError } from "./errors.ts";

export interface Overrides {
  rate?: string | undefined;
  duration?: string | undefined;
}

function parseRate(text: string): number {
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(value) || value <= 0)
    throw new OverrideError(
      "--rate",
      `"${text}" is not a positive number`,
      "Give arrivals per time unit, e.g. --rate 300.",
    );
  return value;
}

function parseLength(text: string): number {
  const value = parseDuration(text);
  if (value === undefined || value <= 0)
    throw new OverrideError(
      "--duration",
      `"${text}" is not a positive duration`,
      'Give a k6 duration such as "30s", "5m" or "1h30m".',
    );
  return value;
}

function formatMs(ms: number): string {
  return `${Math.round(ms)}ms`;
}

/**
 * - constant-arrival-rate: `rate` replaces the rate, `duration` the duration.
 * - ramping-arrival-rate: `rate` becomes the peak and every stage target and the start rate scale with it, so a
 *   spike stays a spike; `duration` stretches every stage in proportion.
 * - constant-vus: `duration` replaces the duration; `rate` has no meaning (closed model) and is refused.
 */
export function applyOverrides(scenario: ScenarioConfig, overrides: Overrides): ScenarioConfig {
  const rate = overrides.rate === undefined ? undefined : parseRate(overrides.rate);
  const duration = overrides.duration === undefined ? undefined : parseLength(overrides.duration);
  if (rate === undefined && duration === undefined) return scenario;
  switch (scenario.executor) {
    case "constant-arrival-rate":
      return {
        ...scenario,
        ...(rate === undefined ? {} : { rate }),
        ...(duration === undefined ? {} : { duration: formatMs(duration) }),
      };
    case "ramping-arrival-rate": {
      const peak = Math.max(scenario.startRate, ...scenario.stages.map((s) => s.target));
      const factor = rate === undefined || peak === 0 ? 1 : rate / peak;
      if (rate !== undefined && peak === 0)
        throw new OverrideError(
          "--rate",
          "the scenario's stages all have target 0; there is no peak to scale",
          "Give the stages a target above 0 first.",
        );
      const total = scenario.stages.reduce((sum, s) => sum + (parseDuration(s.duration) ?? 0), 0);
      const stretch = duration === undefined || total === 0 ? 1 : duration / total;
      return {
        ...scenario,
        startRate: scenario.startRate * factor,
        stages: scenario.stages.map((s) => ({
          target: s.target * factor,
          duration: formatMs((parseDuration(s.duration) ?? 0) * stretch),
        })),
      };
    }
    case "constant-vus":
      if (rate !== undefined)
        throw new OverrideError(
          "--rate",
          "the constant-vus executor has no arrival rate (closed model)",
          "Change `vus` in the scenario, or use an arrival-rate executor.",
        );
      return { ...scenario, ...(duration === undefined ? {} : { duration: formatMs(duration) }) };
  }
}
