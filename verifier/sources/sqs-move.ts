// Moves received SQS messages to another queue without ever having them in neither: copy first, delete after.

import {
  DeleteMessageBatchCommand,
  type Message,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { describeError } from "../../common/errors.ts";
import { type RetryOptions, retryThrottled } from "./retry.ts";

export interface MoveOptions {
  client: SQSClient;
  fromQueueUrl: string;
  toQueueUrl: string;
  /** Received messages (with their attributes, for a faithful copy) still hidden in fromQueueUrl. */
  messages: readonly Message[];
  retry?: RetryOptions;
}

export interface MoveResult {
  /** Copied and deleted from the source. */
  moved: number;
  /** Not copied: still only in the source, to be made visible there again. */
  notMoved: Message[];
  problems: string[];
}

/** A SendMessageBatch carries at most 10 entries and 256 KiB of bodies and attributes together. */
const maxBatchBytes = 256 * 1024;

export async function moveMessages(options: MoveOptions): Promise<MoveResult> {
  const { client, fromQueueUrl, toQueueUrl } = options;
  const fifo = toQueueUrl.endsWith(".fifo");
  const notMoved: Message[] = [];
  let moved = 0;
  let copiedNotDeleted = 0;
  let sendError: string | undefined;
  for (const batch of batches(options.messages)) {
    const entries: SendMessageBatchRequestEntry[] = batch.map((m, i) => ({
      Id: String(i),
      MessageBody: m.Body ?? "",
      ...(m.MessageAttributes === undefined || Object.keys(m.MessageAttributes).length === 0
        ? {}
        : { MessageAttributes: m.MessageAttributes }),
      // A FIFO archive keeps the message's group and cannot take it twice (a retried move is deduplicated).
      ...(fifo
        ? {
            MessageGroupId: m.Attributes?.MessageGroupId ?? "harness-archive",
            MessageDeduplicationId: m.MessageId ?? String(i),
          }
        : {}),
    }));
    let copied: Message[];
    try {
      const answer = await retryThrottled(
        () => client.send(new SendMessageBatchCommand({ QueueUrl: toQueueUrl, Entries: entries })),
        options.retry,
      );
      const ok = new Set((answer.Successful ?? []).map((s) => s.Id));
      copied = batch.filter((_, i) => ok.has(String(i)));
      notMoved.push(...batch.filter((_, i) => !ok.has(String(i))));
      const failed = answer.Failed?.[0];
      if (failed !== undefined) sendError ??= failed.Message ? `${failed.Code}: ${failed.Message}` : failed.Code;
    } catch (error) {
      notMoved.push(...batch);
      sendError ??= describeError(error);
      continue;
    }
    if (copied.length === 0) continue;
    try {
      const answer = await retryThrottled(
        () =>
          client.send(
            new DeleteMessageBatchCommand({
              QueueUrl: fromQueueUrl,
              Entries: copied.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? "" })),
            }),
          ),
        options.retry,
      );
      const deleted = answer.Successful?.length ?? 0;
      moved += deleted;
      copiedNotDeleted += copied.length - deleted;
    } catch {
      copiedNotDeleted += copied.length;
    }
  }
  const problems: string[] = [];
  if (notMoved.length > 0) {
    problems.push(
      `${notMoved.length} message(s) could not be copied to the archive queue (${sendError}); left in place`,
    );
  }
  if (copiedNotDeleted > 0) {
    problems.push(
      `${copiedNotDeleted} message(s) were copied to the archive queue but not deleted here: they are in both queues`,
    );
  }
  return { moved, notMoved, problems };
}

/** Up to 10 messages a batch, and never more bytes than a batch may carry. */
function* batches(messages: readonly Message[]): Generator<Message[]> {
  let batch: Message[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = messageBytes(m);
    if (batch.length === 10 || (batch.length > 0 && bytes + size > maxBatchBytes)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(m);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

function messageBytes(m: Message): number {
  let size = Buffer.byteLength(m.Body ?? "");
  for (const [name, value] of Object.entries(m.MessageAttributes ?? {})) {
    size += Buffer.byteLength(name) + Buffer.byteLength(value.DataType ?? "");
    size +=
      value.StringValue === undefined ? (value.BinaryValue?.byteLength ?? 0) : Buffer.byteLength(value.StringValue);
  }
  return size;
}
