// Schema of a scenario in k6's vocabulary: built from the executors' registry (executors/), re-exported here.
import { z } from "zod";
import { parseDuration } from "../common/duration.ts";

export {
  type ChaosStep,
  chaosStepSchema,
  resolvedScenarioSchema,
  type ScenarioConfig,
  type ScenarioInput,
  scenarioSchema,
  thresholdExpressionSchema,
} from "../executors/index.ts";

/** A duration kept as a string: only the gates still take one (common/duration.ts has the one that gives ms). */
export const durationSchema = z
  .string()
  .refine((s) => parseDuration(s) !== undefined, 'must be a duration such as "30s", "2m" or "500ms"');
