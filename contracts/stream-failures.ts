// Schema of a stream's on-failure destination read as a DLQ-like source: an SQS queue that gets Lambda's failure
// records (DDBStreamBatchInfo: shard and sequence range, not the records), resolved to message IDs by reading the
// stream range while it is retained.
import { z } from "zod";
import { sqsQueueUrl } from "./target-parts.ts";

export const streamFailuresSchema = z.strictObject({
  name: z.string().min(1),
  queueUrl: sqsQueueUrl,
  /** The chained sink (`after`) whose stream consumer sends its failed batches here. */
  sink: z.string().min(1),
});

export type StreamFailuresConfig = z.infer<typeof streamFailuresSchema>;
