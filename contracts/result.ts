// result.json: the run's outcome as one exported type (gates, verdict, findings); what CI and `--compare` read.
import { z } from "zod";
import { defineArtifact } from "./artifact.ts";
import type { Finding } from "./findings.ts";
import { type MessageClass, messageClasses } from "./verdict.ts";

export const gateResultSchema = z.object({
  /** Stable name, one JUnit test case each: `verdict`, `maxLost`, `e2eLatency p(99)`, `threshold http_req_duration p(95)<500`. */
  name: z.string(),
  /** `verdict` and `gate` failures exit 1; `threshold` failures exit 99 (k6's code). */
  kind: z.enum(["verdict", "gate", "threshold"]),
  status: z.enum(["pass", "fail", "unknown", "skipped"]),
  actual: z.string().nullable(),
  limit: z.string().nullable(),
  message: z.string(),
});

export type GateResult = z.infer<typeof gateResultSchema>;
export type GateStatus = GateResult["status"];

const reporterOutcomeSchema = z.object({
  name: z.string(),
  file: z.string(),
  ok: z.boolean(),
  error: z.string().optional(),
});

export type ReporterOutcome = z.infer<typeof reporterOutcomeSchema>;

/**
 * The fields every finding has; each kind's own fields are kept as written (contracts/findings.ts types them), so a
 * finding the renderers add later does not make an older reader refuse the file.
 */
const findingSchema = z
  .looseObject({
    // Any kind: a newer harness's finding read by this one (a --compare baseline) is kept, not refused.
    kind: z.string().min(1),
    severity: z.enum(["info", "warning", "problem"]),
    title: z.string(),
    summary: z.string(),
    window: z.object({ start: z.number(), end: z.number() }).nullable(),
    evidence: z.array(z.object({ label: z.string(), value: z.string(), source: z.string() })),
  })
  .transform((f) => f as unknown as Finding);

const totalsSchema = z.object({
  ledger: z.number(),
  accepted: z.number(),
  rejected: z.number(),
  unknown: z.number(),
  sinkItems: z.number(),
  dlqMessages: z.number(),
});

export const runResultSchema = z.object({
  schemaVersion: z.literal(1),
  runId: z.string(),
  generatedAt: z.string(),
  /** fail when any gate fails; unknown when none fails but one cannot be judged; pass otherwise. */
  status: z.enum(["pass", "fail", "unknown"]),
  valid: z.union([z.boolean(), z.literal("unknown")]),
  reasons: z.array(z.string()),
  target: z.string().nullable(),
  scenario: z.string().nullable(),
  /** Load window, epoch ms. */
  window: z.object({ start: z.number(), end: z.number() }).nullable(),
  totals: totalsSchema.nullable(),
  classes: z
    .object(Object.fromEntries(messageClasses.map((c) => [c, z.number()])) as Record<MessageClass, z.ZodNumber>)
    .nullable(),
  load: z
    .object({
      planned: z.number(),
      sent: z.number(),
      accepted: z.number(),
      rejected: z.number(),
      unknown: z.number(),
      dropped: z.number(),
      aborted: z.object({ reason: z.string(), at: z.number() }).nullable(),
      interrupted: z.boolean(),
    })
    .nullable(),
  gates: z.array(gateResultSchema),
  findings: z.array(findingSchema),
  /** Artifacts that were missing or unreadable, so a partial report says what it lacks. */
  problems: z.array(z.string()),
  reporters: z.array(reporterOutcomeSchema),
});

export type RunResult = z.infer<typeof runResultSchema>;

export const runResultArtifact = defineArtifact<RunResult>({
  file: "result.json",
  version: 1,
  schema: runResultSchema,
  migrations: [],
});
