// samples.ndjson: queue and DLQ depths the sampler polled during the run, one JSON line each, after a version line.
import { z } from "zod";
import { ArtifactInvalidError, ArtifactVersionError } from "./errors.ts";
import { describeIssues } from "./issues.ts";

export const samplesFileName = "samples.ndjson";

/** Files written before the version line existed hold version 1 samples and no header. */
export const samplesSchemaVersion = 1;

export const queueSampleSchema = z.object({
  /** Epoch ms of the poll. */
  t: z.number(),
  queue: z.string(),
  visible: z.number().default(0),
  notVisible: z.number().default(0),
  delayed: z.number().default(0),
});

export type QueueSample = z.infer<typeof queueSampleSchema>;

/** The first line the sampler writes: `{"schemaVersion":1}`. */
export function samplesHeaderLine(): string {
  return `${JSON.stringify({ schemaVersion: samplesSchemaVersion })}\n`;
}

export function formatSample(sample: QueueSample): string {
  return `${JSON.stringify(sample)}\n`;
}

/**
 * Parses samples.ndjson. A line that is not JSON (a torn last line after a crash; the file is appended to, not
 * replaced) is counted, not fatal; a JSON line with a broken field is an error naming the file, the line and the field.
 */
export function parseSamplesText(text: string, file = samplesFileName): { samples: QueueSample[]; badLines: number } {
  const samples: QueueSample[] = [];
  let badLines = 0;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === "") continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      badLines++;
      continue;
    }
    const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
    if (version !== undefined) {
      if (version !== samplesSchemaVersion)
        throw typeof version === "number"
          ? new ArtifactVersionError(file, version, samplesSchemaVersion, samplesSchemaVersion)
          : new ArtifactInvalidError(file, [`line ${i + 1}: schemaVersion: expected number, got ${typeof version}`]);
      continue;
    }
    const parsed = queueSampleSchema.safeParse(raw, { reportInput: true });
    if (!parsed.success)
      throw new ArtifactInvalidError(
        file,
        describeIssues(parsed.error).map((p) => `line ${i + 1}: ${p}`),
        parsed.error,
      );
    samples.push(parsed.data);
  }
  samples.sort((a, b) => a.t - b.t);
  return { samples, badLines };
}
