// Schema of a target: where the load goes and where the verifier looks (AWS or the embedded local stack).
import { z } from "zod";
import { hasUserinfo, userinfoMessage } from "../common/redact.ts";
import { streamFailuresSchema } from "../contracts/stream-failures.ts";
import {
  awsEndpointsSchema,
  dlqSchema,
  environmentSchema,
  eventsSchema,
  httpSchema,
  metricQuerySchema,
  queueSchema,
  sagaSchema,
  sfnSchema,
  sinkSchema,
} from "../contracts/target-parts.ts";
import { awsAsyncFunctionSchema, localAsyncFunctionSchema } from "./schema-async.ts";
import { localFunctionsSchema, localTableSchema } from "./schema-functions.ts";
import { targetGatesSchema } from "./schema-gates.ts";
import { localStreamSchema } from "./schema-stream.ts";

export {
  type DlqConfig,
  dlqSchema,
  environmentSchema,
  eventsSchema,
  httpSchema,
  type MetricQueryConfig,
  metricQuerySchema,
  type QueueConfig,
  queueSchema,
  type SinkConfig,
  sinkSchema,
} from "../contracts/target-parts.ts";

const commonTarget = {
  environment: environmentSchema,
  /** Highest planned arrival rate this target accepts; a scenario above it is refused before any request. */
  maxRps: z.number().positive(),
  /** Gates for runs against this target, merged key by key over the top-level `gates`. */
  gates: targetGatesSchema.optional(),
};

export const awsTargetSchema = z.strictObject({
  kind: z.literal("aws"),
  ...commonTarget,
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region such as eu-west-1"),
  profile: z.string().optional(),
  /** Endpoint override for every AWS client (else AWS_ENDPOINT_URL, else AWS). */
  endpoint: z
    .url()
    .refine((url) => !hasUserinfo(url), userinfoMessage)
    .optional(),
  /** Per-service endpoints (sqs, dynamodb, events, cloudwatch, s3, fis); each wins over `endpoint` for its service. */
  endpoints: awsEndpointsSchema.optional(),
  http: httpSchema.optional(),
  events: eventsSchema.optional(),
  queues: z.array(queueSchema).default([]),
  sinks: z.array(sinkSchema).min(1, "name at least one sink table to reconcile against"),
  dlqs: z.array(dlqSchema).default([]),
  /** Stream consumers' on-failure destinations (SQS), read as DLQ-like sources of a chained sink. */
  streamFailures: z.array(streamFailuresSchema).default([]),
  metrics: z.array(metricQuerySchema).default([]),
  /** The state machine the sfn channel starts (StartExecution, the message ID as the execution name). */
  sfn: sfnSchema.optional(),
  /** A deployed saga's step tables, checked per ID like the local one (verifier/saga). */
  saga: sagaSchema.optional(),
  /** Functions invoked asynchronously: the lambda channel invokes the first; their failure queues are read as DLQs. */
  asyncFunctions: z.array(awsAsyncFunctionSchema).default([]),
  fis: z
    .strictObject({
      templates: z.record(z.string(), z.string().regex(/^EXT[A-Za-z0-9]+$/, "must be an FIS template id")),
    })
    .optional(),
});

/** The embedded target: endpoints come from `harness local up`; these are its knobs. */
export const localTargetSchema = z.strictObject({
  kind: z.literal("local"),
  ...commonTarget,
  environment: environmentSchema.default("local"),
  maxRps: z.number().positive().default(5000),
  gateway: z
    .strictObject({
      rate: z.number().positive().default(2000),
      burst: z.number().int().positive().default(500),
      /** What the gateway checks on each request: nothing, a SigV4 signature (local credentials), or a JWT. */
      auth: z.enum(["none", "sigv4", "jwt"]).default("none"),
      /** jwt: lifetime of the tokens its `POST /oauth2/token` issues (`expires_in`). */
      tokenTtlSeconds: z.number().int().min(1).max(86_400).default(3600),
    })
    .default({ rate: 2000, burst: 500, auth: "none", tokenTtlSeconds: 3600 }),
  consumers: z
    .strictObject({
      batchSize: z.number().int().min(1).max(10).default(10),
      maxConcurrency: z.number().int().min(1).max(1000).default(32),
      visibilityTimeoutSeconds: z.number().int().min(1).max(43_200).default(30),
      /** Processes the reference consumer's invocations are spread over, under the one concurrency limit; default 1. */
      processes: z.number().int().min(1).max(16).optional(),
    })
    .default({ batchSize: 10, maxConcurrency: 32, visibilityTimeoutSeconds: 30 }),
  maxReceiveCount: z.number().int().min(1).max(1000).default(3),
  eventsPutRate: z.number().positive().default(2000),
  /** The team's own handlers in place of the reference app's (paths relative to the config file). */
  functions: localFunctionsSchema.optional(),
  /** Opt-in: a function behind the Lambda Invoke API, invoked asynchronously (internal queue, retries, destinations). */
  asyncFunction: localAsyncFunctionSchema.optional(),
  /** Tables created in the local DynamoDB for the team's handlers to write. */
  tables: z.array(localTableSchema).default([]),
  /**
   * Opt-in: the reference saga (reserve -> charge -> ship, compensations on failure) behind a local Step Functions API
   * and the gateway's `POST /saga` route. `definition`: an ASL file of the same shape (relative to the config file).
   */
  saga: z.strictObject({ definition: z.string().min(1).optional() }).optional(),
  /** The tables the verifier reads (as on an aws target); required with `functions.consumer`. */
  sinks: z.array(sinkSchema).min(1).optional(),
  /** A DynamoDB stream on a table and its event source mapping (the projection, or `functions.streamConsumer`). */
  stream: localStreamSchema.optional(),
});

export const targetSchema = z.discriminatedUnion("kind", [awsTargetSchema, localTargetSchema]);

export type AwsTargetConfig = z.infer<typeof awsTargetSchema>;
export type LocalTargetConfig = z.infer<typeof localTargetSchema>;
export type TargetConfig = z.infer<typeof targetSchema>;
export type TargetInput = z.input<typeof targetSchema>;
