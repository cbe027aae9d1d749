// certificate.json: one verdict over a certification suite (under <runsDir>/certificates/<id>/), reproducible.
import { z } from "zod";
import { defineArtifact } from "./artifact.ts";

const certifiedScenarioSchema = z.object({
  scenario: z.string(),
  rateMultiplier: z.number(),
  runId: z.string().nullable(),
  exitCode: z.number().int(),
  status: z.enum(["pass", "fail", "unknown"]),
  valid: z.union([z.boolean(), z.literal("unknown")]),
  ledgerDigest: z.string().nullable(),
  report: z.string().nullable(),
  error: z.string().optional(),
});

export type CertifiedScenario = z.infer<typeof certifiedScenarioSchema>;

export const certificateSchema = z.object({
  schemaVersion: z.literal(1),
  certificateId: z.string(),
  certifiedAt: z.string(),
  target: z.string(),
  verdict: z.enum(["pass", "fail", "unknown"]),
  versions: z.record(z.string(), z.string()),
  configDigest: z.string(),
  scenarios: z.array(certifiedScenarioSchema),
});

export type Certificate = z.infer<typeof certificateSchema>;

export const certificateArtifact = defineArtifact<Certificate>({
  file: "certificate.json",
  version: 1,
  schema: certificateSchema,
  migrations: [],
});
