// load-summary.json (and a segment's load-summary.sIofN.json): what the engine did, per second and in total.
import { z } from "zod";
import { defineArtifact } from "./artifact.ts";
import { latencySummarySchema } from "./latency.ts";

export type { LatencySummary } from "./latency.ts";

const loadSecondSchema = z.object({
  /** Epoch seconds. */
  t: z.number(),
  planned: z.number(),
  /** Arrivals fired into a channel, on plan unless the engine itself fell behind. */
  sent: z.number(),
  /**
   * Messages written to the wire (the request's socket write, or the batch call) in this second: below `sent` while
   * messages wait for a free connection, above it while a backlog drains. Absent in files written before it was
   * recorded.
   */
  written: z.number().optional(),
  dropped: z.number(),
  acc: z.number(),
  rej: z.number(),
  unk: z.number(),
  inFlight: z.number(),
  /** Latency from intended send time (coordinated-omission free), ms. */
  latency: latencySummarySchema.nullable(),
  /** Actual minus intended send time, ms: the request's socket write (or batch call) against the plan. */
  sendLagP99: z.number().nullable(),
  /**
   * Fired minus intended, ms: the scheduler's own part of the send lag. When the send lag is far above it, messages
   * waited for a free connection (the target answered slowly), not for the engine. Absent in files written before
   * it was recorded.
   */
  fireLagP99: z.number().nullable().optional(),
  status: z.record(z.string(), z.number()),
});

export type LoadSecond = z.infer<typeof loadSecondSchema>;

const thresholdResultSchema = z.object({
  metric: z.string(),
  expression: z.string(),
  ok: z.boolean(),
  value: z.number().nullable(),
  abortOnFail: z.boolean(),
});

export type ThresholdResult = z.infer<typeof thresholdResultSchema>;

/** A flow step's calls over the run: counts by outcome and the calls' durations (send to answer), ms. */
const stepSummarySchema = z.object({
  calls: z.number(),
  acc: z.number(),
  rej: z.number(),
  unk: z.number(),
  duration: latencySummarySchema.nullable(),
});

export type StepSummary = z.infer<typeof stepSummarySchema>;

export const loadSummarySchema = z.object({
  schemaVersion: z.literal(1),
  runId: z.string(),
  scenario: z.string(),
  segment: z.object({ index: z.number().int(), count: z.number().int() }).nullable(),
  /**
   * Worker threads (or 1 inline shard) of this process, each with its own ledger file: the verifier expects exactly
   * those files. Absent in files written before it was recorded (the verifier then checks the record count only).
   */
  workers: z.number().int().min(1).optional(),
  startedAt: z.number(),
  endedAt: z.number(),
  plannedArrivals: z.number(),
  sent: z.number(),
  dropped: z.number(),
  acc: z.number(),
  rej: z.number(),
  unk: z.number(),
  byChannel: z.record(z.string(), z.object({ sent: z.number(), acc: z.number(), rej: z.number(), unk: z.number() })),
  status: z.record(z.string(), z.number()),
  latency: z.object({ intended: latencySummarySchema.nullable(), actual: latencySummarySchema.nullable() }),
  /** A flow's calls by step name (`ctx.http.post(url, body, { step })`). Absent for a declarative scenario, and in
   * files written before flows. */
  steps: z.record(z.string(), stepSummarySchema).optional(),
  thresholds: z.array(thresholdResultSchema),
  aborted: z.object({ reason: z.string(), at: z.number() }).nullable(),
  interrupted: z.boolean(),
  perSecond: z.array(loadSecondSchema),
});

export type LoadSummary = z.infer<typeof loadSummarySchema>;

export const loadSummaryArtifact = defineArtifact<LoadSummary>({
  file: "load-summary.json",
  version: 1,
  schema: loadSummarySchema,
  migrations: [],
});

/** A segment's own summary beside the shared ledger folder: `load-summary.s2of8.json`. */
export function segmentSummaryName(segment: { index: number; count: number }): string {
  return `load-summary.s${segment.index}of${segment.count}.json`;
}

export const segmentSummaryPattern = /^load-summary\.s(\d+)of(\d+)\.json$/;
