// Schema of the team's own Lambda handlers in the local target (`functions`) and the tables they write (`tables`).
import { z } from "zod";
import { durationSchema } from "../common/duration.ts";

/** `./src/consumer.ts#handler`: a module path (relative to the config file) and its export, `handler` by default. */
const handlerRef = z
  .string()
  .regex(/^[^#]+(#[A-Za-z_$][A-Za-z0-9_$]*)?$/, 'must be "<module path>#<export>", e.g. "./src/consumer.ts#handler"');

export const localFunctionSchema = z.strictObject({
  handler: handlerRef,
  /** Added to the function's environment, over the emulator endpoints and local credentials. */
  environment: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}),
  /** Lambda's function timeout: an invocation still running past it fails, and its batch returns to the queue. */
  timeoutSeconds: z.number().int().min(1).max(900).default(3),
  /** The worker's V8 old-space limit (Lambda's memory setting; CPU is not scaled with it). */
  memoryMB: z.number().int().min(128).max(10_240).optional(),
  /** Caps the function's concurrent invocations (and so its worker processes); else `consumers.maxConcurrency`. */
  reservedConcurrency: z.number().int().min(1).max(1000).optional(),
  /**
   * A worker idle this long is retired, as Lambda reclaims an unused execution environment; the next invocation
   * cold-starts a new one. Lambda's own reclaim is not configurable and takes minutes; locally it frees the memory.
   * Default 5 minutes (local/functions.ts).
   */
  idleTimeout: durationSchema.optional(),
});

export const localFunctionsSchema = z.strictObject({
  /** The SQS consumer behind the event source mappings of the ingest and events queues. */
  consumer: localFunctionSchema.optional(),
  /** The asynchronously invoked function behind the Lambda Invoke API (needs `asyncFunction`). */
  async: localFunctionSchema.optional(),
  /** The DynamoDB stream consumer behind the stream's event source mapping (needs `stream`), in place of the projection. */
  streamConsumer: localFunctionSchema.optional(),
});

const keyName = z.string().min(1);
const keySchema = z.union([
  keyName.transform((name) => ({ name, type: "S" as const })),
  z.strictObject({ name: keyName, type: z.enum(["S", "N", "B"]).default("S") }),
]);

/** A table by its keys, or the team's own CreateTable input (as JSON, e.g. from their IaC). */
export const localTableSchema = z.union([
  z.strictObject({ name: z.string().min(3).max(255), partitionKey: keySchema, sortKey: keySchema.optional() }),
  z.strictObject({
    createTable: z.looseObject({
      TableName: z.string().min(3).max(255),
      KeySchema: z.array(z.looseObject({})).min(1),
      AttributeDefinitions: z.array(z.looseObject({})).min(1),
    }),
  }),
]);

export type LocalFunctionConfig = z.infer<typeof localFunctionSchema>;
export type LocalTableConfig = z.infer<typeof localTableSchema>;

/** Splits a handler reference into its module path and export name. */
export function parseHandlerRef(ref: string): { path: string; exportName: string } {
  const hash = ref.lastIndexOf("#");
  return hash < 0
    ? { path: ref, exportName: "handler" }
    : { path: ref.slice(0, hash), exportName: ref.slice(hash + 1) };
}
