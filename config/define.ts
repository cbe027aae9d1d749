// Typed identity helpers for harness.config.ts and scenario files (vitest's defineConfig habit).
import type { HarnessConfigInput } from "./schema.ts";
import type { ScenarioInput } from "./schema-scenario.ts";

export function defineConfig(config: HarnessConfigInput): HarnessConfigInput {
  return config;
}

export function defineScenario(scenario: ScenarioInput): ScenarioInput {
  return scenario;
}
