// Operations on any resolved scenario, each handed to its executor's module.
import type { Phase, RatePiece, ScenarioOverrides } from "./executor.ts";
import { executorOf, type ScenarioConfig } from "./registry.ts";

/** The highest arrival rate planned, per second; undefined for a closed model. */
export function peakRatePerSecond(scenario: ScenarioConfig): number | undefined {
  return executorOf(scenario).peakRatePerSecond(scenario);
}

/** Virtual users of a closed-model scenario; undefined for an open model. */
export function closedModelVus(scenario: ScenarioConfig): number | undefined {
  return executorOf(scenario).vus(scenario);
}

/** The scenario's run time without the graceful stop. */
export function scenarioDurationMs(scenario: ScenarioConfig): number {
  return executorOf(scenario).durationMs(scenario);
}

/** Rate pieces of an arrival-rate scenario, in arrivals per millisecond; empty for a closed model. */
export function ratePieces(scenario: ScenarioConfig): RatePiece[] {
  return executorOf(scenario).ratePieces(scenario);
}

/** Every rate multiplied by `factor` (certification's "spike at 3x expected peak"). */
export function scaleScenario(scenario: ScenarioConfig, factor: number): ScenarioConfig {
  return factor === 1 ? scenario : executorOf(scenario).scaled(scenario, factor);
}

/** The same shape with a rate and/or duration override; unchanged without either. */
export function applyOverrides(scenario: ScenarioConfig, overrides: ScenarioOverrides): ScenarioConfig {
  if (overrides.rate === undefined && overrides.durationMs === undefined) return scenario;
  return executorOf(scenario).withOverrides(scenario, overrides);
}

/** The load's phases, in order from its start. */
export function scenarioPhases(scenario: ScenarioConfig): Phase[] {
  return executorOf(scenario).phases(scenario);
}
