// Schema of the local target's asynchronously invoked function (`asyncFunction`): AWS's async-invocation settings and
// the local time scale its retry delays and event ages run at.
import { z } from "zod";
import { sqsQueueUrl } from "../contracts/target-parts.ts";

export const localAsyncFunctionSchema = z.strictObject({
  /** MaximumRetryAttempts of the function's event invoke config (AWS: 0 to 2, default 2). */
  maximumRetryAttempts: z.number().int().min(0).max(2).default(2),
  /** MaximumEventAgeInSeconds (AWS: 60 to 21600, default 21600), in AWS seconds: scaled by timeScale locally. */
  maximumEventAgeSeconds: z.number().int().min(60).max(21_600).default(21_600),
  /**
   * How fast the async clock runs locally: AWS's retry waits (1 and 2 minutes) and throttle backoff (1 s up to 5 min)
   * and the event age limit are multiplied by it. 1 is AWS's real timing; the default 0.01 makes a minute 600 ms.
   */
  timeScale: z.number().positive().max(1).default(0.01),
  /** Events the internal queue invokes at once (the function's concurrency, unless asyncMaxConcurrency lowers it). */
  concurrency: z.number().int().min(1).max(1000).default(32),
  /** An on-failure destination (an SQS queue, `orders-async-destination`) receives the invocation records. */
  destination: z.boolean().default(true),
  /** A dead-letter queue (`orders-async-dlq`) receives the original events, with RequestID/ErrorCode/ErrorMessage. */
  dlq: z.boolean().default(true),
  /** The EventBridge rule targets this function (invoked asynchronously) instead of the events queue. */
  ruleTarget: z.boolean().default(false),
});

export type LocalAsyncFunctionConfig = z.infer<typeof localAsyncFunctionSchema>;

/**
 * A deployed function invoked asynchronously (an aws target's `asyncFunctions`): the lambda channel invokes the first;
 * its on-failure destination and DLQ are read as DLQs (an event there is dead-lettered, not lost), and its async
 * metrics are read from CloudWatch.
 */
export const awsAsyncFunctionSchema = z.strictObject({
  name: z.string().min(1),
  /** Name, ARN or partial ARN, as Invoke takes it. */
  functionName: z.string().min(1),
  /** The SQS queue of its OnFailure destination: invocation records, the ID under requestPayload. */
  destinationQueueUrl: sqsQueueUrl.optional(),
  /** Its DeadLetterConfig queue: the original events. */
  dlqUrl: sqsQueueUrl.optional(),
  /** JMESPath to the ID in the event the function is invoked with (`id`; `detail.id` for EventBridge events). */
  idPath: z.string().min(1).default("id"),
});

export type AwsAsyncFunctionConfig = z.infer<typeof awsAsyncFunctionSchema>;
