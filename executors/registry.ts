// The executors by name: a new executor is one module plus a line in each list below.
import { z } from "zod";
import { constantArrivalRate } from "./constant-arrival-rate.ts";
import { constantVus } from "./constant-vus.ts";
import type { Executor } from "./executor.ts";
import { rampingArrivalRate } from "./ramping-arrival-rate.ts";

/** A scenario as the user writes it (durations as strings) in, resolved (milliseconds) out. */
export const scenarioSchema = z.discriminatedUnion("executor", [
  constantArrivalRate.schema,
  rampingArrivalRate.schema,
  constantVus.schema,
]);

/** A resolved scenario, as plan.json stores it. */
export const resolvedScenarioSchema = z.discriminatedUnion("executor", [
  constantArrivalRate.resolvedSchema,
  rampingArrivalRate.resolvedSchema,
  constantVus.resolvedSchema,
]);

/** A scenario resolved: every duration in milliseconds. */
export type ScenarioConfig = z.output<typeof scenarioSchema>;
/** A scenario as written in harness.config.ts, a scenario file or defineScenario. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ExecutorName = ScenarioConfig["executor"];

const registry: { readonly [N in ExecutorName]: Executor<Extract<ScenarioConfig, { executor: N }>> } = {
  "constant-arrival-rate": constantArrivalRate,
  "ramping-arrival-rate": rampingArrivalRate,
  "constant-vus": constantVus,
};

export const executorNames = Object.keys(registry) as ExecutorName[];

/** The module of a scenario's executor, typed for that scenario. */
export function executorOf<C extends ScenarioConfig>(scenario: C): Executor<C> {
  // The map's type pairs each name with its module; TypeScript cannot carry that pairing through the lookup.
  return registry[scenario.executor as ExecutorName] as unknown as Executor<C>;
}
