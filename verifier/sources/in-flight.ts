// What is still in the watched queues at the drain deadline: IDs by non-destructive peek, else only the depth.

import type { SQSClient } from "@aws-sdk/client-sqs";
import type { QueueConfig } from "../../config/schema-target.ts";
import { runPrefix as runPrefixOf } from "../../contracts/message-id.ts";
import type { InFlightEvidence } from "../evidence.ts";
import { messageIdOf } from "./message-id.ts";
import { type PeekOptions, peekQueue } from "./sqs-peek.ts";

export interface InFlightReadOptions {
  client: SQSClient;
  /** Only the queues that still held messages at the deadline (by name, with their depth). */
  queues: ReadonlyArray<QueueConfig & { depth: number }>;
  runId: string;
  /**
   * Peek for IDs (default) or count the depth only. Peeking adds one to each message's receive count, which can
   * move a message that was one receive short of maxReceiveCount to its DLQ sooner; it is done only after the
   * deadline, once the queues had their time.
   */
  peek: boolean;
  peekOptions?: Partial<Omit<PeekOptions, "client" | "queueUrl" | "onMessage">>;
}

export async function readInFlight(options: InFlightReadOptions, ev: InFlightEvidence): Promise<void> {
  const runPrefix = runPrefixOf(options.runId);
  for (const queue of options.queues) {
    if (queue.depth <= 0) continue;
    if (!options.peek) {
      ev.unidentified += queue.depth;
      continue;
    }
    try {
      let unreadable = 0;
      const result = await peekQueue({
        ...options.peekOptions,
        client: options.client,
        queueUrl: queue.queueUrl,
        onMessage: (body) => {
          const found = messageIdOf(body, "id", runPrefix);
          if ("error" in found) unreadable++;
          else if (found.id.startsWith(runPrefix)) ev.ids.orByte(found.id, 1);
        },
      });
      // Messages held by a consumer or delayed cannot be peeked: known by count only.
      ev.unidentified += unreadable + result.depth.notVisible + result.depth.delayed;
      if (!result.complete) {
        ev.complete = false;
        ev.problems.push(...result.problems.map((p) => `${queue.name}: ${p}`));
      }
    } catch (error) {
      ev.complete = false;
      ev.unidentified += queue.depth;
      ev.problems.push(`${queue.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
