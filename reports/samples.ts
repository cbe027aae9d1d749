// samples.ndjson: queue and DLQ depths the sampler polled during the run (finer than CloudWatch's one-minute SQS metrics).

export interface QueueSample {
  /** Epoch ms of the poll. */
  t: number;
  queue: string;
  visible: number;
  notVisible: number;
  delayed: number;
}

export function formatSample(sample: QueueSample): string {
  return `${JSON.stringify(sample)}\n`;
}

/** Parses samples.ndjson; lines that are not samples (a torn last line after a crash) are counted, not fatal. */
export function parseSamples(text: string): { samples: QueueSample[]; badLines: number } {
  const samples: QueueSample[] = [];
  let badLines = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const s = JSON.parse(line) as Partial<QueueSample>;
      if (typeof s.t === "number" && typeof s.queue === "string") {
        samples.push({
          t: s.t,
          queue: s.queue,
          visible: s.visible ?? 0,
          notVisible: s.notVisible ?? 0,
          delayed: s.delayed ?? 0,
        });
      } else badLines++;
    } catch {
      badLines++;
    }
  }
  samples.sort((a, b) => a.t - b.t);
  return { samples, badLines };
}
