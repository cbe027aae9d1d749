// ramping-arrival-rate: from `startRate`, each stage moves the rate linearly to its target over its duration (open model).
import { z } from "zod";
import { durationSchema, formatDuration } from "../common/duration.ts";
import { OverrideRefusedError } from "./errors.ts";
import type { Executor, RatePiece } from "./executor.ts";
import { msSchema, resolvedScenarioFields, scenarioFields, timeUnitSchema } from "./scenario-fields.ts";

const name = "ramping-arrival-rate";

const resolvedSchema = z.strictObject({
  executor: z.literal(name),
  ...resolvedScenarioFields,
  startRate: z.number().min(0),
  timeUnitMs: msSchema.positive(),
  stages: z.array(z.strictObject({ durationMs: msSchema, target: z.number().min(0) })).min(1),
});

export type RampingArrivalRateConfig = z.output<typeof resolvedSchema>;

const stageSchema = z
  .strictObject({ duration: durationSchema, target: z.number().min(0) })
  .transform(({ duration, target }) => ({ durationMs: duration, target }));

const schema = z
  .strictObject({
    executor: z.literal(name),
    ...scenarioFields,
    startRate: z.number().min(0).default(0),
    timeUnit: timeUnitSchema,
    stages: z
      .array(stageSchema)
      .min(1, "give at least one stage")
      // A 0 s stage is a jump (k6); stages that add up to 0 s send nothing.
      .refine(
        (stages) => stages.length === 0 || !stages.every((s) => s.durationMs === 0),
        "must last above 0 s in all (a load of 0 s sends nothing)",
      ),
  })
  .transform(
    ({ gracefulStop, timeUnit, ...rest }): RampingArrivalRateConfig => ({
      ...rest,
      gracefulStopMs: gracefulStop,
      timeUnitMs: timeUnit,
    }),
  );

const peakOf = (c: RampingArrivalRateConfig): number => Math.max(c.startRate, ...c.stages.map((s) => s.target));

export const rampingArrivalRate = {
  name,
  schema,
  resolvedSchema,
  peakRatePerSecond: (c) => peakOf(c) / (c.timeUnitMs / 1000),
  vus: (_config) => undefined,
  durationMs: (c) => c.stages.reduce((sum, s) => sum + s.durationMs, 0),
  ratePieces: (c) => {
    const pieces: RatePiece[] = [];
    let from = c.startRate / c.timeUnitMs;
    for (const stage of c.stages) {
      const to = stage.target / c.timeUnitMs;
      pieces.push({ durationMs: stage.durationMs, from, to });
      from = to;
    }
    return pieces;
  },
  scaled: (c, factor) => ({
    ...c,
    startRate: c.startRate * factor,
    stages: c.stages.map((s) => ({ ...s, target: s.target * factor })),
  }),
  /**
   * A rate override becomes the peak and the start rate and every stage target scale with it, so a spike stays a spike;
   * a duration override stretches every stage in proportion.
   */
  withOverrides: (c, { rate, durationMs }) => {
    const peak = peakOf(c);
    if (rate !== undefined && peak === 0)
      throw new OverrideRefusedError(
        "rate",
        "the scenario's stages all have target 0; there is no peak to scale",
        "Give the stages a target above 0 first.",
      );
    const factor = rate === undefined ? 1 : rate / peak;
    const total = c.stages.reduce((sum, s) => sum + s.durationMs, 0);
    const stretch = durationMs === undefined || total === 0 ? 1 : durationMs / total;
    return {
      ...c,
      startRate: c.startRate * factor,
      stages: c.stages.map((s) => ({
        durationMs: durationMs === undefined ? s.durationMs : Math.round(s.durationMs * stretch),
        target: s.target * factor,
      })),
    };
  },
  phases: (c) => {
    let from = c.startRate;
    return c.stages.map((stage, i) => {
      const verb = stage.target > from ? "ramp up" : stage.target < from ? "ramp down" : "hold";
      const label = `stage ${i + 1}: ${verb} ${from} -> ${stage.target}/${formatDuration(c.timeUnitMs)}`;
      from = stage.target;
      return { durationMs: stage.durationMs, label };
    });
  },
} satisfies Executor<RampingArrivalRateConfig>;
