// verify.json: every ledger ID in exactly one class, and the three-valued verdict (DESIGN.md, Jepsen's model).
import { z } from "zod";
import { defineArtifact } from "./artifact.ts";
import { latencySummarySchema } from "./latency.ts";
import { chainVerdictSchema } from "./verdict-chain.ts";

export type Valid = true | false | "unknown";

export const messageClasses = [
  "delivered",
  "duplicated",
  "deadLettered",
  "lost",
  "inFlight",
  "rejected",
  "rejectedButDelivered",
  "unknownDelivered",
  "unknownNotDelivered",
  "unexpected",
] as const;

export type MessageClass = (typeof messageClasses)[number];

const classResultSchema = z.object({
  count: z.number().int().min(0),
  /** Up to a capped number of IDs, inline. */
  sample: z.array(z.string()),
  /** Relative path (in the run directory) of the full ID list, one ID a line, when count > 0. */
  file: z.string().optional(),
});

export type ClassResult = z.infer<typeof classResultSchema>;

const sourceStatusSchema = z.object({
  name: z.string(),
  /** Items or messages read. */
  read: z.number(),
  complete: z.boolean(),
  error: z.string().optional(),
  /** True when the source did not answer at all (connection refused, DNS, timeout); absent otherwise. */
  unreachable: z.literal(true).optional(),
});

export type SourceStatus = z.infer<typeof sourceStatusSchema>;

/**
 * A source that yielded nothing (or less) of this run while holding items that mention its IDs: the likely cause
 * (idPath, idRegex, idAttribute), the paths where the run's IDs are in the samples, and the samples.
 */
const warningSchema = z.object({
  /** `DLQ <name>` or `sink <name>`. */
  source: z.string(),
  message: z.string(),
  /** Paths in the samples whose value starts with the run's ID prefix (or holds it: needs an idRegex). */
  paths: z.array(z.string()),
  /** Bodies or items (as JSON), cut short. */
  sample: z.array(z.string()),
});

export type VerdictWarning = z.infer<typeof warningSchema>;

/** A saga's per-ID outcome (verifier/saga): every step committed, every committed step undone, or neither. */
export const sagaOutcomes = ["completed", "compensated", "halfDone", "notStarted", "unexpected"] as const;
export type SagaOutcome = (typeof sagaOutcomes)[number];

const secondCounts = z.array(z.tuple([z.number(), z.number()]));

/**
 * The saga check over the step tables, for every accepted ID: `completed` (every step committed, none undone),
 * `compensated` (every committed step compensated), `notStarted` (no step committed), `halfDone` (a committed step
 * left without its compensation: `left` names them), `unexpected` (a compensation without its step, or records of an
 * ID the ledger never sent).
 */
export const sagaVerdictSchema = z.object({
  steps: z.array(z.string()),
  counts: z.object(
    Object.fromEntries(sagaOutcomes.map((o) => [o, z.number().int().min(0)])) as Record<SagaOutcome, z.ZodNumber>,
  ),
  halfDone: z.array(z.object({ id: z.string(), left: z.array(z.string()) })),
  unexpected: z.array(z.object({ id: z.string(), steps: z.array(z.string()), compensated: z.array(z.string()) })),
  /** True when halfDone or unexpected list fewer IDs than their counts (capped). */
  truncated: z.boolean(),
  /** Counts by send second (epoch seconds) for the report's chart. */
  bySecond: z.object({ completed: secondCounts, compensated: secondCounts, halfDone: secondCounts }),
  sources: z.array(sourceStatusSchema),
});

export type SagaVerdict = z.infer<typeof sagaVerdictSchema>;

const classRecord = <T extends z.ZodType>(value: T) =>
  z.object(Object.fromEntries(messageClasses.map((c) => [c, value])) as Record<MessageClass, T>);

export const verdictSchema = z.object({
  schemaVersion: z.literal(1),
  runId: z.string(),
  verifiedAt: z.string(),
  valid: z.union([z.boolean(), z.literal("unknown")]),
  /** Why valid is false or unknown (empty when true). */
  reasons: z.array(z.string()),
  /** Sources whose configuration seems to miss this run's IDs; absent in files written before it was recorded. */
  warnings: z.array(warningSchema).optional(),
  totals: z.object({
    ledger: z.number(),
    accepted: z.number(),
    rejected: z.number(),
    unknown: z.number(),
    sinkItems: z.number(),
    dlqMessages: z.number(),
  }),
  classes: classRecord(classResultSchema),
  /** End-to-end latency (sink processedAt - payload sentAt), ms; null when the sink does not record times. */
  e2eLatency: latencySummarySchema.nullable(),
  /** Per class, counts by send second (epoch seconds), for clustering in the report. */
  bySecond: classRecord(z.array(z.tuple([z.number(), z.number()])).optional()),
  sources: z.object({
    ledger: z.object({ files: z.number(), complete: z.boolean(), problems: z.array(z.string()) }),
    sinks: z.array(sourceStatusSchema),
    /** archived: this run's messages this verification moved to the DLQ's archive queue (when it has one). */
    dlqs: z.array(
      sourceStatusSchema.extend({
        unparseable: z.number(),
        unparseableSample: z.array(z.string()),
        archived: z.number().optional(),
        /** Of the messages read (every run's), this run's; absent in files written before it was recorded. */
        ofRun: z.number().optional(),
      }),
    ),
  }),
  drain: z
    .object({ waitedMs: z.number(), timedOut: z.boolean(), remaining: z.record(z.string(), z.number()) })
    .nullable(),
  /** The saga check, when the target names saga step tables. */
  saga: sagaVerdictSchema.optional(),
  /** Chained sinks judged link by link (verdict-chain.ts); absent when the target has none. */
  chain: chainVerdictSchema.optional(),
});

export type Verdict = z.infer<typeof verdictSchema>;

export const verdictArtifact = defineArtifact<Verdict>({
  file: "verify.json",
  version: 1,
  schema: verdictSchema,
  migrations: [],
});
