// A target resolved for one run: everything the engine, verifier and collectors need, whether AWS or local.
import { z } from "zod";
import type { AwsClientOptions } from "../aws/clients.ts";
import { streamFailuresSchema } from "./stream-failures.ts";
import {
  dlqSchema,
  environmentSchema,
  eventsSchema,
  httpAuthSchema,
  httpTlsSchema,
  metricQuerySchema,
  queueSchema,
  sagaSchema,
  sfnSchema,
  sinkSchema,
} from "./target-parts.ts";

/** Region, profile and endpoints only: credentials never reach plan.json (the local emulators' fixed keys aside). */
const awsOptionsSchema = z
  .looseObject({
    region: z.string().min(1),
    profile: z.string().optional(),
    endpoint: z.string().optional(),
    endpoints: z.record(z.string(), z.string()).optional(),
    maxAttempts: z.number().int().positive().optional(),
    maxSockets: z.number().int().positive().optional(),
  })
  .transform((aws) => aws as AwsClientOptions);

export const resolvedTargetSchema = z.object({
  name: z.string().min(1),
  kind: z.enum(["aws", "local"]),
  environment: environmentSchema,
  maxRps: z.number().positive(),
  aws: awsOptionsSchema,
  http: z
    .object({
      url: z.string().min(1),
      method: z.enum(["POST", "PUT"]),
      headers: z.record(z.string(), z.string()),
      bodyTemplate: z.string(),
      timeoutMs: z.number().int().positive(),
      auth: httpAuthSchema.optional(),
      tls: httpTlsSchema.optional(),
    })
    .optional(),
  events: eventsSchema.optional(),
  /** The function the lambda channel invokes asynchronously (Invoke, InvocationType Event). */
  lambda: z.object({ functionName: z.string().min(1) }).optional(),
  /** Queue the SQS channel sends to directly (SendMessageBatch). */
  sqs: z.object({ queueUrl: z.string().min(1) }).optional(),
  /** The state machine the sfn channel starts executions of. */
  sfn: sfnSchema.optional(),
  /** The saga's step tables: the saga check reads them (verifier/saga). */
  saga: sagaSchema.optional(),
  /** Queues watched for the drain and by the sampler. */
  queues: z.array(queueSchema),
  sinks: z.array(sinkSchema),
  dlqs: z.array(dlqSchema),
  /** On-failure destinations of stream consumers (see stream-failures.ts); absent in older plans. */
  streamFailures: z.array(streamFailuresSchema).optional(),
  metrics: z.array(metricQuerySchema),
  /** AWS only: FIS experiment template IDs by the name chaos steps use. */
  fis: z.object({ templates: z.record(z.string(), z.string()) }).optional(),
  /** Local only: the reference app's fault-control endpoint. */
  control: z.object({ url: z.string().min(1) }).optional(),
});

export type ResolvedTarget = z.infer<typeof resolvedTargetSchema>;
