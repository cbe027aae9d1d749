// compare.json: this run's figures against a baseline run's, and which of them regressed.
import { z } from "zod";
import { defineArtifact } from "./artifact.ts";

export const comparedMetrics = ["throttleOnsetRps", "clientP95Ms", "clientP99Ms", "drainSeconds", "e2eP99Ms"] as const;

const comparisonSchema = z.object({
  metric: z.enum(comparedMetrics),
  baseline: z.number().nullable(),
  current: z.number().nullable(),
  /** current / baseline, when both exist. */
  ratio: z.number().nullable(),
  regression: z.boolean(),
  note: z.string(),
});

export type Comparison = z.infer<typeof comparisonSchema>;

export const compareFileSchema = z.object({
  schemaVersion: z.literal(1),
  /** The baseline's run ID. */
  baseline: z.string(),
  comparisons: z.array(comparisonSchema),
});

export type CompareFile = z.infer<typeof compareFileSchema>;

/** Files written before compare.json had a version hold the same shape without one: read as version 1. */
export const compareArtifact = defineArtifact<CompareFile>({
  file: "compare.json",
  version: 1,
  schema: compareFileSchema,
  versionOf: (raw) => {
    const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
    return version === undefined ? 1 : version;
  },
  migrations: [],
});
