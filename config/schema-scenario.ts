// Schema of a scenario in k6's vocabulary (executors, stages, thresholds) plus channels and chaos.
import { z } from "zod";
import { parseDuration } from "../common/duration.ts";

export const durationSchema = z
  .string()
  .refine((s) => parseDuration(s) !== undefined, 'must be a duration such as "30s", "2m" or "500ms"');

const stageSchema = z.strictObject({ duration: durationSchema, target: z.number().min(0) });

const channelWeightsSchema = z
  .strictObject({
    http: z.number().min(0).optional(),
    events: z.number().min(0).optional(),
    sqs: z.number().min(0).optional(),
  })
  .refine((w) => (w.http ?? 0) + (w.events ?? 0) + (w.sqs ?? 0) > 0, "give at least one channel a weight above 0");

/** k6 threshold expressions: `p(95)<500`, `avg<200`, `rate<0.01`, `count>100`. */
export const thresholdExpressionSchema = z
  .string()
  .regex(
    /^\s*(p\(\d+(\.\d+)?\)|avg|min|max|med|rate|count)\s*(<=|>=|<|>|==|!=)\s*-?\d+(\.\d+)?\s*$/,
    'must be a k6 threshold such as "p(95)<500" or "rate<0.01"',
  );

const thresholdSchema = z.union([
  thresholdExpressionSchema,
  z.strictObject({
    threshold: thresholdExpressionSchema,
    abortOnFail: z.boolean().default(false),
    delayAbortEval: durationSchema.optional(),
  }),
]);

export const chaosStepSchema = z.strictObject({
  at: durationSchema,
  duration: durationSchema,
  action: z.string().min(1),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});

const common = {
  description: z.string().optional(),
  maxInFlight: z.number().int().positive().default(10_000),
  channels: channelWeightsSchema.default({ http: 1 }),
  thresholds: z.record(z.string(), z.array(thresholdSchema)).default({}),
  chaos: z.array(chaosStepSchema).default([]),
  gracefulStop: durationSchema.default("10s"),
  /** Module whose default export builds each message body (definePayload); relative to the config file. */
  payload: z.string().min(1).optional(),
};

export const constantArrivalRateSchema = z.strictObject({
  executor: z.literal("constant-arrival-rate"),
  ...common,
  rate: z.number().positive(),
  timeUnit: durationSchema.default("1s"),
  duration: durationSchema,
});

export const rampingArrivalRateSchema = z.strictObject({
  executor: z.literal("ramping-arrival-rate"),
  ...common,
  startRate: z.number().min(0).default(0),
  timeUnit: durationSchema.default("1s"),
  stages: z.array(stageSchema).min(1, "give at least one stage"),
});

export const constantVusSchema = z.strictObject({
  executor: z.literal("constant-vus"),
  ...common,
  vus: z.number().int().positive(),
  duration: durationSchema,
});

export const scenarioSchema = z.discriminatedUnion("executor", [
  constantArrivalRateSchema,
  rampingArrivalRateSchema,
  constantVusSchema,
]);

export type ScenarioConfig = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ChaosStep = z.infer<typeof chaosStepSchema>;
