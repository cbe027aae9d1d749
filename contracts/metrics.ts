// metrics.json: the platform's CloudWatch series for the run window, as collected (the report's server-side view).
import { z } from "zod";
import { defineArtifact } from "./artifact.ts";

/** What a metric says about the pipeline, so findings can ask for "throttles" without knowing AWS names. */
export const metricRoles = [
  "throttle",
  "error",
  "dlq",
  "retry",
  "depth",
  "age",
  "throughput",
  "latency",
  "other",
] as const;

export type MetricRole = (typeof metricRoles)[number];

const metricSeriesSchema = z.object({
  /** The query id from the target config (CloudWatch MetricDataQuery Id). */
  id: z.string(),
  label: z.string(),
  namespace: z.string(),
  metricName: z.string(),
  dimensions: z.record(z.string(), z.string()),
  stat: z.string(),
  role: z.enum(metricRoles),
  unit: z.string(),
  /** [epoch seconds at the start of the period, value], ascending. */
  points: z.array(z.tuple([z.number(), z.number()])),
  /** CloudWatch StatusCode of the last page: Complete, PartialData, Forbidden, InternalError. */
  status: z.string(),
});

export type MetricSeries = z.infer<typeof metricSeriesSchema>;

export const metricsFileSchema = z.object({
  schemaVersion: z.literal(1),
  collectedAt: z.string(),
  /** The window asked for, epoch ms. */
  start: z.number(),
  end: z.number(),
  periodSeconds: z.number().positive(),
  series: z.array(metricSeriesSchema),
  /** Problems CloudWatch reported (messages, partial data), so the report can say what it could not see. */
  problems: z.array(z.string()),
});

export type MetricsFile = z.infer<typeof metricsFileSchema>;

export const metricsArtifact = defineArtifact<MetricsFile>({
  file: "metrics.json",
  version: 1,
  schema: metricsFileSchema,
  migrations: [],
});
