// Public surface of the executors: schemas, types and the operations every executor provides.
export { OverrideRefusedError } from "./errors.ts";
export type { Executor, Phase, RatePiece, ScenarioOverrides } from "./executor.ts";
export {
  type ExecutorName,
  executorNames,
  executorOf,
  resolvedScenarioSchema,
  type ScenarioConfig,
  type ScenarioInput,
  scenarioSchema,
} from "./registry.ts";
export { readStoredScenario, resolveScenario } from "./resolve.ts";
export {
  applyOverrides,
  closedModelVus,
  peakRatePerSecond,
  ratePieces,
  scaleScenario,
  scenarioDurationMs,
  scenarioPhases,
} from "./scenario.ts";
export {
  type ChaosStep,
  chaosStepSchema,
  resolvedChaosStepSchema,
  thresholdExpressionSchema,
} from "./scenario-fields.ts";
