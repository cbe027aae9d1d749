// compare.json: this run's figures against a baseline run's, which of them regressed, and how the two runs' shapes differ.
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

/** What makes two runs' figures comparable: the system, the kind of traffic, and its strength and length. */
export const shapeFields = ["target", "executor", "channels", "peakRate", "duration"] as const;
export type ShapeField = (typeof shapeFields)[number];

const differenceSchema = z.object({
  field: z.enum(shapeFields),
  /** As a reader says it: `20/s`, `30 s`, `http 1, events 1`. */
  baseline: z.string(),
  current: z.string(),
});

export type ShapeDifference = z.infer<typeof differenceSchema>;

const fieldWords: Readonly<Record<ShapeField, string>> = {
  target: "target",
  executor: "executor",
  channels: "channels",
  peakRate: "peak rate",
  duration: "duration",
};

/** `peak rate 10/s here, 20/s in the baseline; duration ...`: the same words in the CLI, compare gates and findings. */
export function describeDifferences(differences: readonly ShapeDifference[]): string {
  return differences.map((d) => `${fieldWords[d.field]} ${d.current} here, ${d.baseline} in the baseline`).join("; ");
}

const compareV1Schema = z.object({
  schemaVersion: z.literal(1),
  baseline: z.string(),
  comparisons: z.array(comparisonSchema),
});

/** Version 2: the shape differences between the runs (a comparison across rates says so). */
export const compareFileSchema = z.object({
  schemaVersion: z.literal(2),
  /** The baseline's run ID. */
  baseline: z.string(),
  comparisons: z.array(comparisonSchema),
  /** Empty when the two runs have the same shape; the figures of runs that differ here compare with care. */
  differences: z.array(differenceSchema),
});

export type CompareFile = z.infer<typeof compareFileSchema>;

/** Files written before compare.json had a version hold version 1's shape; version 1 recorded no differences. */
export const compareArtifact = defineArtifact<CompareFile>({
  file: "compare.json",
  version: 2,
  schema: compareFileSchema,
  versionOf: (raw) => {
    const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
    return version === undefined ? 1 : version;
  },
  migrations: [
    {
      from: 1,
      schema: compareV1Schema.extend({ schemaVersion: z.literal(1).optional() }),
      up: (v1: z.infer<typeof compareV1Schema>) => ({ ...v1, schemaVersion: 2, differences: [] }),
    },
  ],
});
