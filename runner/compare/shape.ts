// Pure: how two runs' shapes differ (target, executor, channels, peak rate, duration), and which differences refuse.
import { formatDuration } from "../../common/duration.ts";
import type { ShapeDifference, ShapeField } from "../../contracts/compare.ts";

export { describeDifferences } from "../../contracts/compare.ts";

import { closedModelVus, peakRatePerSecond, type ScenarioConfig, scenarioDurationMs } from "../../executors/index.ts";

export interface RunShape {
  target: string;
  scenario: ScenarioConfig;
}

/**
 * Another target, executor or channel mix is another experiment: no figure of one says anything about the other, so
 * the comparison is refused. Another peak rate or duration is the same experiment at another strength: the figures
 * are compared, and the difference is recorded and shown beside them.
 */
export const refusingFields: ReadonlySet<ShapeField> = new Set(["target", "executor", "channels"]);

export function shapeDifferences(baseline: RunShape, current: RunShape): ShapeDifference[] {
  const then = describeShape(baseline);
  const now = describeShape(current);
  return (Object.keys(now) as ShapeField[])
    .filter((field) => then[field] !== now[field])
    .map((field) => ({ field, baseline: then[field], current: now[field] }));
}

export function refusing(differences: readonly ShapeDifference[]): ShapeDifference[] {
  return differences.filter((d) => refusingFields.has(d.field));
}

function describeShape({ target, scenario }: RunShape): Record<ShapeField, string> {
  const rate = peakRatePerSecond(scenario);
  const vus = closedModelVus(scenario);
  const channels = Object.entries(scenario.channels)
    .filter(([, weight]) => (weight ?? 0) > 0)
    .map(([name, weight]) => `${name} ${weight}`)
    .join(", ");
  return {
    target,
    executor: scenario.executor,
    channels,
    peakRate: rate !== undefined ? `${round(rate)}/s` : `${vus ?? "?"} VUs`,
    duration: formatDuration(scenarioDurationMs(scenario)),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
