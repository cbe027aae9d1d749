// constant-vus: `vus` virtual users, each sending its next message when the last one is answered (closed model).
import { z } from "zod";
import { OverrideRefusedError } from "./errors.ts";
import type { Executor } from "./executor.ts";
import { msSchema, resolvedScenarioFields, runDurationSchema, scenarioFields } from "./scenario-fields.ts";

const name = "constant-vus";

const resolvedSchema = z.strictObject({
  executor: z.literal(name),
  ...resolvedScenarioFields,
  vus: z.number().int().positive(),
  durationMs: msSchema,
});

export type ConstantVusConfig = z.output<typeof resolvedSchema>;

const schema = z
  .strictObject({
    executor: z.literal(name),
    ...scenarioFields,
    vus: z.number().int().positive(),
    duration: runDurationSchema,
  })
  .transform(
    ({ gracefulStop, duration, ...rest }): ConstantVusConfig => ({
      ...rest,
      gracefulStopMs: gracefulStop,
      durationMs: duration,
    }),
  );

export const constantVus = {
  name,
  schema,
  resolvedSchema,
  // A closed model has no planned rate to hold against the target's maxRps.
  peakRatePerSecond: (_config) => undefined,
  vus: (c) => c.vus,
  durationMs: (c) => c.durationMs,
  ratePieces: (_config) => [],
  scaled: (c, factor) => ({ ...c, vus: Math.max(1, Math.round(c.vus * factor)) }),
  /** A duration override replaces the duration; a rate has no meaning in a closed model and is refused. */
  withOverrides: (c, { rate, durationMs }) => {
    if (rate !== undefined)
      throw new OverrideRefusedError(
        "rate",
        "the constant-vus executor has no arrival rate (closed model)",
        "Change `vus` in the scenario, or use an arrival-rate executor.",
      );
    return { ...c, ...(durationMs === undefined ? {} : { durationMs }) };
  },
  phases: (c) => [{ durationMs: c.durationMs, label: `${c.vus} virtual users` }],
} satisfies Executor<ConstantVusConfig>;
