// Reads one SQS DLQ without destroying evidence: every message is seen, counted by ID, and left in the queue.
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { DlqConfig } from "../../config/schema-target.ts";
import type { DlqEvidence, DlqStatus } from "../evidence.ts";
import { messageIdOf } from "./message-id.ts";
import { type PeekOptions, peekQueue } from "./sqs-peek.ts";

export interface DlqReadOptions {
  client: SQSClient;
  dlq: DlqConfig;
  runId: string;
  /** Unparseable bodies kept inline, each cut to 200 characters. */
  sampleCap?: number;
  peek?: Partial<Omit<PeekOptions, "client" | "queueUrl" | "onMessage">>;
}

export async function readDlq(options: DlqReadOptions, ev: DlqEvidence): Promise<DlqStatus> {
  const { dlq, runId } = options;
  const runPrefix = `${runId}-`;
  const cap = options.sampleCap ?? 5;
  const status: DlqStatus = { name: dlq.name, read: 0, complete: true, unparseable: 0, unparseableSample: [] };
  try {
    const result = await peekQueue({
      ...options.peek,
      client: options.client,
      queueUrl: dlq.queueUrl,
      onMessage: (body) => {
        status.read++;
        ev.messages++;
        const found = messageIdOf(body, dlq.idPath, runPrefix);
        if ("error" in found) {
          status.unparseable++;
          if (status.unparseableSample.length < cap)
            status.unparseableSample.push(`${found.error}: ${body.slice(0, 200)}`);
          return;
        }
        // Another run's message (DLQs outlive runs) is not this run's evidence.
        if (found.id.startsWith(runPrefix)) ev.ids.addByte(found.id, 1);
      },
    });
    if (!result.complete) {
      status.complete = false;
      status.error = result.problems.join("; ");
    }
  } catch (error) {
    status.complete = false;
    status.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  return status;
}
