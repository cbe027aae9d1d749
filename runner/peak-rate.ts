// The highest arrival rate a scenario plans, per second (closed-model scenarios have none to check).
import { parseDuration } from "../common/duration.ts";
import type { ScenarioConfig } from "../config/schema-scenario.ts";

export function peakRatePerSecond(scenario: ScenarioConfig): number | undefined {
  if (scenario.executor === "constant-vus") return undefined;
  const unitSeconds = (parseDuration(scenario.timeUnit) ?? 1000) / 1000;
  const peak =
    scenario.executor === "constant-arrival-rate"
      ? scenario.rate
      : Math.max(scenario.startRate, ...scenario.stages.map((s) => s.target));
  return peak / unitSeconds;
}
