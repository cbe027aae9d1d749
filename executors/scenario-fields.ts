// The fields every scenario has whatever its executor: channels, thresholds, chaos, graceful stop, payload, flow.
// Each comes in two forms: as the user writes it (durations as strings) and resolved (milliseconds).
import { z } from "zod";
import { durationSchema } from "../common/duration.ts";
import { thresholdProblem } from "./metrics.ts";

/** A load's run time: above 0 (a load of 0 s sends nothing, and would prove nothing). */
export const runDurationSchema = durationSchema.refine((ms) => ms > 0, "must be above 0 (a load of 0 s sends nothing)");

/** Milliseconds in the resolved form. */
export const msSchema = z.number().min(0);

/** k6's timeUnit: a duration above 0 (a rate per 0 ms has no meaning), "1s" when not given. */
export const timeUnitSchema = durationSchema.refine((ms) => ms > 0, "must be above 0").prefault("1s");

const channelWeightsSchema = z
  .strictObject({
    http: z.number().min(0).optional(),
    events: z.number().min(0).optional(),
    sqs: z.number().min(0).optional(),
    /** Step Functions StartExecution (the execution name is the message ID). */
    sfn: z.number().min(0).optional(),
    /** Lambda Invoke, InvocationType Event (202 is acceptance). */
    lambda: z.number().min(0).optional(),
  })
  .refine(
    (w) => (w.http ?? 0) + (w.events ?? 0) + (w.sqs ?? 0) + (w.sfn ?? 0) + (w.lambda ?? 0) > 0,
    "give at least one channel a weight above 0",
  );

/** k6 threshold expressions: `p(95)<500`, `avg<200`, `rate<0.01`, `count>100`. */
export const thresholdExpressionSchema = z
  .string()
  .regex(
    /^\s*(p\(\d+(\.\d+)?\)|avg|min|max|med|rate|count)\s*(<=|>=|<|>|==|!=)\s*-?\d+(\.\d+)?\s*$/,
    'must be a k6 threshold such as "p(95)<500" or "rate<0.01"',
  );

const resolvedThresholdSchema = z.union([
  thresholdExpressionSchema,
  z.strictObject({ threshold: thresholdExpressionSchema, abortOnFail: z.boolean(), delayAbortEvalMs: msSchema }),
]);

const thresholdSchema = z.union([
  thresholdExpressionSchema,
  z
    .strictObject({
      threshold: thresholdExpressionSchema,
      abortOnFail: z.boolean().default(false),
      delayAbortEval: durationSchema.prefault("0s"),
    })
    .transform(({ delayAbortEval, ...rest }) => ({ ...rest, delayAbortEvalMs: delayAbortEval })),
]);

const chaosParamsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

/** A chaos step resolved: starts `atMs` after the load's start and lasts `durationMs`. */
export const resolvedChaosStepSchema = z.strictObject({
  atMs: msSchema,
  durationMs: msSchema,
  action: z.string().min(1),
  params: chaosParamsSchema,
});

export type ChaosStep = z.output<typeof resolvedChaosStepSchema>;

export const chaosStepSchema = z
  .strictObject({
    at: durationSchema,
    duration: durationSchema,
    action: z.string().min(1),
    params: chaosParamsSchema.default({}),
  })
  .transform(({ at, duration, ...rest }): ChaosStep => ({ atMs: at, durationMs: duration, ...rest }));

/** The shared fields as the user writes them; an executor's transform renames `gracefulStop` to `gracefulStopMs`. */
export const scenarioFields = {
  description: z.string().optional(),
  maxInFlight: z.number().int().positive().default(10_000),
  channels: channelWeightsSchema.default({ http: 1 }),
  thresholds: z
    .record(z.string(), z.array(thresholdSchema))
    .superRefine((thresholds, ctx) => {
      // Checked here, not when the engine starts: a wrong metric is found with every other problem, before any run.
      for (const [metric, list] of Object.entries(thresholds)) {
        for (const [i, item] of list.entries()) {
          const problem = thresholdProblem(metric, typeof item === "string" ? item : item.threshold);
          if (problem !== undefined) ctx.addIssue({ code: "custom", path: [metric, i], message: problem });
        }
      }
    })
    .default({}),
  chaos: z.array(chaosStepSchema).default([]),
  gracefulStop: durationSchema.prefault("10s"),
  /** Module whose default export builds each message body (definePayload); relative to the config file. */
  payload: z.string().min(1).optional(),
  /** Module whose default export runs each message's calls (defineFlow); relative to the config file. */
  flow: z.string().min(1).optional(),
};

/** The shared fields resolved, as plan.json stores them. */
export const resolvedScenarioFields = {
  description: z.string().optional(),
  maxInFlight: z.number().int().positive(),
  channels: channelWeightsSchema,
  thresholds: z.record(z.string(), z.array(resolvedThresholdSchema)),
  chaos: z.array(resolvedChaosStepSchema),
  gracefulStopMs: msSchema,
  payload: z.string().min(1).optional(),
  flow: z.string().min(1).optional(),
};
