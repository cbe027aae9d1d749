// Gates a run is judged by (DESIGN.md: verdict and exit codes): as the user writes them, and as plan.json keeps them.
import { z } from "zod";
import { durationSchema } from "../common/duration.ts";

const gateBounds = {
  maxLost: z.number().int().min(0).default(0),
  maxDeadLettered: z.number().int().min(0).optional(),
  maxDuplicated: z.number().int().min(0).optional(),
  maxRejectedShare: z.number().min(0).max(1).optional(),
  maxUnknownShare: z.number().min(0).max(1).optional(),
  /** End-to-end latency bounds in ms, by percentile: `{ "p(99)": 2000 }`. */
  e2eLatencyMs: z
    .record(z.string().regex(/^p\(\d+(\.\d+)?\)$/, 'must be a percentile such as "p(99)"'), z.number().positive())
    .default({}),
  /** Whether failed load thresholds fail the run (exit 99). */
  thresholds: z.boolean().default(true),
};

/** The config file's gates: `maxDrain` is written "2m" and parsed here, once, to milliseconds. */
export const gatesSchema = z.strictObject({ ...gateBounds, maxDrain: durationSchema.optional() });

/** Gates already resolved (plan.json from version 2): `maxDrain` in milliseconds. */
export const resolvedGatesSchema = z.strictObject({ ...gateBounds, maxDrain: z.number().min(0).optional() });

export type GatesConfig = z.infer<typeof gatesSchema>;
export type GatesInput = z.input<typeof gatesSchema>;
