// Schema of a local target's DynamoDB stream (`stream`): the table it is enabled on, and the event source mapping that
// feeds its records to the stream consumer (the reference projection, or `functions.streamConsumer`), with Lambda's
// settings and defaults for a DynamoDB stream source.
import { z } from "zod";

export const localStreamSchema = z.strictObject({
  /** The stream-enabled table; default the reference consumer's sink (orders-sink). */
  table: z.string().min(3).max(255).optional(),
  viewType: z.enum(["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"]).default("NEW_AND_OLD_IMAGES"),
  /** Records per invocation (Lambda: 1-10,000, default 100). */
  batchSize: z.number().int().min(1).max(10_000).default(100),
  /** On a function error, split the batch in two and retry each half (the split uses no retry). */
  bisectBatchOnFunctionError: z.boolean().default(false),
  /** -1: retry until the records expire (Lambda's default); else 0-10,000 retries, then the on-failure destination. */
  maximumRetryAttempts: z.number().int().min(-1).max(10_000).default(-1),
  /** -1: no limit (Lambda's default); else 60-604,800 s, after which a failing batch goes to the on-failure destination. */
  maximumRecordAgeSeconds: z
    .number()
    .int()
    .refine((s) => s === -1 || (s >= 60 && s <= 604_800), "must be -1 or between 60 and 604800 seconds")
    .default(-1),
  /** FunctionResponseTypes ReportBatchItemFailures: the handler's batchItemFailures name where to resume. */
  reportBatchItemFailures: z.boolean().default(false),
});

export type LocalStreamConfig = z.infer<typeof localStreamSchema>;
