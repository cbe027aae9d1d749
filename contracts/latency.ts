// A latency distribution as the artifacts keep it: a count and the percentiles reports and gates read, in ms.
import { z } from "zod";

export const latencySummarySchema = z.object({
  count: z.number(),
  p50: z.number(),
  p90: z.number(),
  p95: z.number(),
  p99: z.number(),
  max: z.number(),
});

export type LatencySummary = z.infer<typeof latencySummarySchema>;
