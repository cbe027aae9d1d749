// Sampler: polls every watched queue's depth (GetQueueAttributes) every few seconds during the run into samples.ndjson.
import { appendFile } from "node:fs/promises";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import type { AwsClients } from "../../aws/clients.ts";
import type { Output } from "../../common/output.ts";
import { samplesHeaderLine } from "../../contracts/samples.ts";
import { formatSample, type QueueSample } from "../samples.ts";

export interface SamplerOptions {
  clients: Pick<AwsClients, "sqs">;
  queues: ReadonlyArray<{ name: string; queueUrl: string }>;
  /** samples.ndjson of the run. */
  file: string;
  intervalMs: number;
  /** Where a failing poll is reported (once per queue until it recovers). */
  output?: Output;
  now?: () => number;
  /** Each poll's samples as they come (a live view); must return at once. */
  onSample?: (samples: QueueSample[]) => void;
}

export interface Sampler {
  /** Waits for the poll in progress, takes a last one (the depth at the end matters to drain), and stops. */
  stop(): Promise<void>;
}

const attributes = [
  "ApproximateNumberOfMessages",
  "ApproximateNumberOfMessagesNotVisible",
  "ApproximateNumberOfMessagesDelayed",
] as const;

export function startSampler(options: SamplerOptions): Sampler {
  const now = options.now ?? Date.now;
  const failing = new Set<string>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inProgress: Promise<void> = Promise.resolve();

  async function pollQueue(queue: { name: string; queueUrl: string }, t: number): Promise<QueueSample | undefined> {
    try {
      const { Attributes: a = {} } = await options.clients.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queue.queueUrl, AttributeNames: [...attributes] }),
      );
      if (failing.delete(queue.name)) options.output?.err(`sampler: ${queue.name} answers again`);
      return {
        t,
        queue: queue.name,
        visible: Number(a.ApproximateNumberOfMessages ?? 0),
        notVisible: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
        delayed: Number(a.ApproximateNumberOfMessagesDelayed ?? 0),
      };
    } catch (error) {
      // A missed sample leaves a gap in a chart; it must not stop the run, and one line per outage is enough.
      if (!failing.has(queue.name)) {
        failing.add(queue.name);
        options.output?.err(
          `sampler: cannot read the depth of ${queue.name}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      return undefined;
    }
  }

  let writeFailing = false;
  // The version line goes first, once, so a reader knows the shape of every line after it.
  let header = samplesHeaderLine();
  async function tick(): Promise<void> {
    const t = now();
    const results = await Promise.all(options.queues.map((q) => pollQueue(q, t)));
    const polled = results.filter((s) => s !== undefined);
    if (polled.length === 0) return;
    options.onSample?.(polled);
    const lines = polled.map(formatSample);
    try {
      await appendFile(options.file, header + lines.join(""));
      header = "";
      writeFailing = false;
    } catch (error) {
      if (!writeFailing) options.output?.err(`sampler: cannot write ${options.file}: ${String(error)}`);
      writeFailing = true;
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      inProgress = tick()
        .catch((error: unknown) => options.output?.err(`sampler: ${String(error)}`))
        .finally(schedule);
    }, options.intervalMs);
  }

  inProgress = tick()
    .catch((error: unknown) => options.output?.err(`sampler: ${String(error)}`))
    .finally(schedule);

  return {
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await inProgress;
      await tick().catch((error: unknown) => options.output?.err(`sampler: ${String(error)}`));
    },
  };
}
