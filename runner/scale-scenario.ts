// Pure: a scenario with every rate multiplied (certification's "spike at 3x expected peak").
import type { ScenarioConfig } from "../config/schema-scenario.ts";

export function scaleScenario(scenario: ScenarioConfig, factor: number): ScenarioConfig {
  if (factor === 1) return scenario;
  switch (scenario.executor) {
    case "constant-arrival-rate":
      return { ...scenario, rate: scenario.rate * factor };
    case "ramping-arrival-rate":
      return {
        ...scenario,
        startRate: scenario.startRate * factor,
        stages: scenario.stages.map((s) => ({ ...s, target: s.target * factor })),
      };
    case "constant-vus":
      return { ...scenario, vus: Math.max(1, Math.round(scenario.vus * factor)) };
  }
}
