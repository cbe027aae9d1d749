// The certification suite planned whole before its first load: every entry's rails judged, every refusal named at once.
import { HarnessError } from "../common/errors.ts";
import type { HarnessConfig } from "../config/schema.ts";
import { type ScenarioConfig, scaleScenario } from "../executors/index.ts";
import { SafetyError } from "./errors.ts";
import { resolveScenario } from "./plan.ts";
import { planWithOverrides } from "./stages/plan.ts";

export interface SuiteEntry {
  scenario: string;
  rateMultiplier?: number | undefined;
}

export interface PlannedEntry {
  scenarioName: string;
  factor: number;
  /** The config with this entry's scenario scaled: what its run plans from. */
  config: HarnessConfig;
  scenario: ScenarioConfig;
}

/**
 * Each entry planned exactly as its run will plan it (scaled, then the rails), before any entry sends: a suite whose
 * third entry is above maxRps is refused before the first entry loads the target, not after.
 */
export function planSuite(
  config: HarnessConfig,
  targetName: string,
  suite: readonly SuiteEntry[],
  confirmProduction: boolean,
): PlannedEntry[] {
  const problems: string[] = [];
  const planned: PlannedEntry[] = [];
  for (const [index, entry] of suite.entries()) {
    const factor = entry.rateMultiplier ?? 1;
    try {
      const [scenarioName, scenario] = resolveScenario(config, entry.scenario);
      const scaled = scaleScenario(scenario, factor);
      const entryConfig = { ...config, scenarios: { ...config.scenarios, [scenarioName]: scaled } };
      planWithOverrides(entryConfig, {
        target: targetName,
        scenario: scenarioName,
        config: undefined,
        runsDir: undefined,
        rate: undefined,
        duration: undefined,
        confirmProduction,
        compare: undefined,
        segment: undefined,
      });
      planned.push({ scenarioName, factor, config: entryConfig, scenario: scaled });
    } catch (error) {
      if (!(error instanceof HarnessError)) throw error;
      problems.push(
        `certify.suite[${index}] (${entry.scenario}${factor === 1 ? "" : ` x${factor}`}): ${error.message}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new SafetyError(
      `The certification suite was refused before any load:\n  ${problems.join("\n  ")}`,
      "Fix every entry named above (rate multiplier, target maxRps, --confirm-production); no entry was run.",
    );
  }
  return planned;
}
