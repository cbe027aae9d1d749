// From the user's form to the resolved one, and back from plan.json (including an older run's string form).
import type { z } from "zod";
import { resolvedScenarioSchema, type ScenarioConfig, scenarioSchema } from "./registry.ts";

/** User input (durations as strings) -> resolved scenario; throws zod's error, with paths, when it is invalid. */
export function resolveScenario(input: unknown): ScenarioConfig {
  return scenarioSchema.parse(input);
}

/**
 * A scenario as stored in plan.json: the resolved form, or the string form that runs before milliseconds stored
 * (resolved now). On failure, the problems are those of the resolved form.
 */
export function readStoredScenario(value: unknown): z.ZodSafeParseResult<ScenarioConfig> {
  const resolved = resolvedScenarioSchema.safeParse(value);
  if (resolved.success) return resolved;
  const older = scenarioSchema.safeParse(value);
  return older.success ? older : resolved;
}
