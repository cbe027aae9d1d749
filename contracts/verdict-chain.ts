// verify.json's `chain`: chained sinks (a projection fed from a sink's stream) judged link by link: of the messages
// that reached the upstream sink, which reached this one once, twice, went to the stream's failure destination, or
// were lost on the way; and a verdict over the chain (false when any link loses).
import { z } from "zod";

export const linkClasses = ["delivered", "duplicated", "deadLettered", "lost", "unexpected"] as const;
export type LinkClass = (typeof linkClasses)[number];

const linkClassSchema = z.object({
  count: z.number().int().min(0),
  sample: z.array(z.string()),
  /** Relative path of the full list (one ID a line), when count > 0. */
  file: z.string().optional(),
});

export const linkResultSchema = z.object({
  /** The chained sink. */
  sink: z.string(),
  /** The sink it is fed from. */
  after: z.string(),
  valid: z.union([z.boolean(), z.literal("unknown")]),
  reasons: z.array(z.string()),
  /** Messages of this run the upstream sink holds: what this link should carry. */
  expected: z.number(),
  classes: z.object(
    Object.fromEntries(linkClasses.map((c) => [c, linkClassSchema])) as Record<LinkClass, typeof linkClassSchema>,
  ),
  sources: z.object({
    upstream: z.object({ name: z.string(), read: z.number(), complete: z.boolean(), error: z.string().optional() }),
    sink: z.object({ name: z.string(), read: z.number(), complete: z.boolean(), error: z.string().optional() }),
    /** The stream's on-failure destinations: failure records read, IDs they resolved to, batches that could not be. */
    failures: z.array(
      z.object({
        name: z.string(),
        records: z.number(),
        ids: z.number(),
        complete: z.boolean(),
        /** Batches whose records the stream no longer retains (or could not be read): named, not resolved. */
        unresolved: z.array(z.string()),
        error: z.string().optional(),
      }),
    ),
  }),
});

export type LinkResult = z.infer<typeof linkResultSchema>;

export const chainVerdictSchema = z.object({
  valid: z.union([z.boolean(), z.literal("unknown")]),
  reasons: z.array(z.string()),
  links: z.array(linkResultSchema),
});

export type ChainVerdict = z.infer<typeof chainVerdictSchema>;
