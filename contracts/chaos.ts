// chaos.json: the faults injected during the load, as they really happened (not as planned).
import { z } from "zod";
import { defineArtifact } from "./artifact.ts";

export const chaosWindowSchema = z.object({
  action: z.string().min(1),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Epoch ms. */
  start: z.number(),
  end: z.number().nullable(),
  error: z.string().optional(),
});

export type ChaosWindow = z.infer<typeof chaosWindowSchema>;

export const chaosFileSchema = z.object({
  schemaVersion: z.literal(2),
  windows: z.array(chaosWindowSchema),
});

export type ChaosFile = z.infer<typeof chaosFileSchema>;

/** Version 1 was a bare array of windows (no room for a version); version 2 wraps it. */
export const chaosArtifact = defineArtifact<ChaosFile>({
  file: "chaos.json",
  version: 2,
  schema: chaosFileSchema,
  versionOf: (raw) => (Array.isArray(raw) ? 1 : (raw as { schemaVersion?: unknown } | null)?.schemaVersion),
  migrations: [
    {
      from: 1,
      schema: z.array(chaosWindowSchema),
      up: (windows: ChaosWindow[]) => ({ schemaVersion: 2, windows }),
    },
  ],
});
