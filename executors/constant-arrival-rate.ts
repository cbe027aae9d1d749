// constant-arrival-rate: `rate` arrivals per `timeUnit` for `duration`, whatever the target answers (open model).
import { z } from "zod";
import { formatDuration } from "../common/duration.ts";
import type { Executor } from "./executor.ts";
import {
  msSchema,
  resolvedScenarioFields,
  runDurationSchema,
  scenarioFields,
  timeUnitSchema,
} from "./scenario-fields.ts";

const name = "constant-arrival-rate";

const resolvedSchema = z.strictObject({
  executor: z.literal(name),
  ...resolvedScenarioFields,
  rate: z.number().positive(),
  timeUnitMs: msSchema.positive(),
  durationMs: msSchema,
});

export type ConstantArrivalRateConfig = z.output<typeof resolvedSchema>;

const schema = z
  .strictObject({
    executor: z.literal(name),
    ...scenarioFields,
    rate: z.number().positive(),
    timeUnit: timeUnitSchema,
    duration: runDurationSchema,
  })
  .transform(
    ({ gracefulStop, timeUnit, duration, ...rest }): ConstantArrivalRateConfig => ({
      ...rest,
      gracefulStopMs: gracefulStop,
      timeUnitMs: timeUnit,
      durationMs: duration,
    }),
  );

export const constantArrivalRate = {
  name,
  schema,
  resolvedSchema,
  peakRatePerSecond: (c) => c.rate / (c.timeUnitMs / 1000),
  vus: (_config) => undefined,
  durationMs: (c) => c.durationMs,
  ratePieces: (c) => {
    const rate = c.rate / c.timeUnitMs;
    return [{ durationMs: c.durationMs, from: rate, to: rate }];
  },
  scaled: (c, factor) => ({ ...c, rate: c.rate * factor }),
  /** A rate override replaces the rate, a duration override the duration. */
  withOverrides: (c, { rate, durationMs }) => ({
    ...c,
    ...(rate === undefined ? {} : { rate }),
    ...(durationMs === undefined ? {} : { durationMs }),
  }),
  phases: (c) => [{ durationMs: c.durationMs, label: `constant ${c.rate}/${formatDuration(c.timeUnitMs)}` }],
} satisfies Executor<ConstantArrivalRateConfig>;
