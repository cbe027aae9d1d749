// outputs.json: what each metrics output (OTLP, Prometheus) got out during the run, and what it dropped and why.
import { z } from "zod";
import { defineArtifact } from "./artifact.ts";

const outputExportSchema = z.object({
  type: z.enum(["otlp", "prometheus"]),
  /** The collector URL (secrets redacted) or the scrape address. */
  where: z.string(),
  /** Closed seconds offered to the output. */
  intervals: z.number().int(),
  /** Intervals the collector acknowledged (OTLP); for a scrape, the scrapes served. */
  exported: z.number().int(),
  /** Intervals never acknowledged: failed, pushed out of the buffer, or still queued when the flush timed out. */
  dropped: z.number().int(),
  reasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
});

export type OutputExport = z.infer<typeof outputExportSchema>;

export const outputsFileSchema = z.object({
  schemaVersion: z.literal(1),
  runId: z.string(),
  outputs: z.array(outputExportSchema),
});

export type OutputsFile = z.infer<typeof outputsFileSchema>;

export const outputsArtifact = defineArtifact<OutputsFile>({
  file: "outputs.json",
  version: 1,
  schema: outputsFileSchema,
  migrations: [],
});
