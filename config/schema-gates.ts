// Schema of the gates a run is judged by (DESIGN.md: verdict and exit codes).
import { z } from "zod";
import { durationSchema } from "./schema-scenario.ts";

export const gatesSchema = z.strictObject({
  maxLost: z.number().int().min(0).default(0),
  maxDeadLettered: z.number().int().min(0).optional(),
  maxDuplicated: z.number().int().min(0).optional(),
  maxRejectedShare: z.number().min(0).max(1).optional(),
  maxUnknownShare: z.number().min(0).max(1).optional(),
  /** End-to-end latency bounds in ms, by percentile: `{ "p(99)": 2000 }`. */
  e2eLatencyMs: z
    .record(z.string().regex(/^p\(\d+(\.\d+)?\)$/, 'must be a percentile such as "p(99)"'), z.number().positive())
    .default({}),
  maxDrain: durationSchema.optional(),
  /** Whether failed load thresholds fail the run (exit 99). */
  thresholds: z.boolean().default(true),
});

export type GatesConfig = z.infer<typeof gatesSchema>;
