// Reads every message of an SQS queue without consuming it: receive all with a long visibility, then make all visible.

import {
  ChangeMessageVisibilityBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { describeError } from "../../common/errors.ts";
import { type RetryOptions, retryThrottled } from "./retry.ts";

export interface PeekOptions {
  client: SQSClient;
  queueUrl: string;
  /** Long-poll wait per receive; an empty answer after it means no visible message is left. */
  waitTimeSeconds?: number;
  /** Consecutive empty long polls before the queue counts as read. */
  emptyPolls?: number;
  /** Receivers at once. */
  concurrency?: number;
  /** Override of the visibility timeout held while reading (seconds); by default sized from the queue's depth. */
  visibilityTimeoutSeconds?: number;
  retry?: RetryOptions;
  now?: () => number;
  /** Called once per message; true takes it: it is handed to dispose() instead of being made visible again. */
  onMessage: (body: string, message: Message) => unknown;
  /** Receives the taken messages after reading (e.g. moves them); returns those it left, which are made visible. */
  dispose?: (taken: Message[]) => Promise<Message[]>;
  /** Receive message attributes and the FIFO group too (for a faithful copy elsewhere). */
  withAttributes?: boolean;
}

export interface PeekResult {
  read: number;
  /** Messages made visible again afterwards. */
  released: number;
  complete: boolean;
  problems: string[];
  /** Depth before reading: visible, in flight elsewhere, delayed. */
  depth: QueueDepth;
}

export interface QueueDepth {
  visible: number;
  notVisible: number;
  delayed: number;
}

/** SQS keeps at most 120,000 in-flight messages per standard queue; past that ReceiveMessage answers OverLimit. */
const maxInFlight = 120_000;

export async function queueDepth(client: SQSClient, queueUrl: string, retry?: RetryOptions): Promise<QueueDepth> {
  const { Attributes: a = {} } = await retryThrottled(
    () =>
      client.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: [
            "ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed",
          ],
        }),
      ),
    retry,
  );
  return {
    visible: Number(a.ApproximateNumberOfMessages ?? 0),
    notVisible: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
    delayed: Number(a.ApproximateNumberOfMessagesDelayed ?? 0),
  };
}

export async function peekQueue(options: PeekOptions): Promise<PeekResult> {
  const { client, queueUrl } = options;
  const now = options.now ?? Date.now;
  const depth = await queueDepth(client, queueUrl, options.retry);
  const problems: string[] = [];
  if (depth.notVisible > 0)
    problems.push(`${depth.notVisible} message(s) were in flight (held by a consumer) and could not be read`);
  if (depth.delayed > 0) problems.push(`${depth.delayed} message(s) were delayed and could not be read`);
  // Long enough to read the whole queue at a pessimistic 100 messages/s, so nothing reappears while we read.
  const visibility =
    options.visibilityTimeoutSeconds ?? Math.min(43_200, Math.max(60, Math.ceil(60 + depth.visible / 100)));
  const deadline = now() + visibility * 800; // stop at 80% of it: what was read must still be hidden when released
  const handles: string[] = [];
  const taken: Message[] = [];
  const seen = new Set<string>();
  let empties = 0;
  let stopped: string | undefined;
  // A queue whose depth says empty is confirmed by one empty long poll per receiver, not several in a row.
  const emptyPolls =
    depth.visible + depth.notVisible + depth.delayed === 0
      ? Math.min(1, options.emptyPolls ?? 2)
      : (options.emptyPolls ?? 2);

  const receiver = async () => {
    while (stopped === undefined && empties < emptyPolls) {
      if (now() > deadline) {
        stopped = `stopped reading after ${visibility * 0.8} s so that no message reappeared while reading`;
        return;
      }
      // Taken messages are held too: they count against SQS's in-flight limit until they are disposed of.
      if (handles.length + taken.length >= maxInFlight) {
        stopped = `more than ${maxInFlight} messages: SQS lets no more be held at once`;
        return;
      }
      let messages: Message[];
      try {
        const answer = await retryThrottled(
          () =>
            client.send(
              new ReceiveMessageCommand({
                QueueUrl: queueUrl,
                MaxNumberOfMessages: 10,
                WaitTimeSeconds: options.waitTimeSeconds ?? 1,
                VisibilityTimeout: visibility,
                ...(options.withAttributes
                  ? { MessageAttributeNames: ["All"], MessageSystemAttributeNames: ["MessageGroupId"] }
                  : {}),
              }),
            ),
          options.retry,
        );
        messages = answer.Messages ?? [];
      } catch (error) {
        stopped = describeError(error);
        return;
      }
      if (messages.length === 0) {
        empties++;
        continue;
      }
      empties = 0;
      for (const m of messages) {
        // A message seen twice came back into view: count it once (and release the newer receipt).
        const key = m.MessageId ?? m.ReceiptHandle ?? "";
        const again = seen.has(key);
        seen.add(key);
        if (!again && options.onMessage(m.Body ?? "", m) === true && options.dispose !== undefined) taken.push(m);
        else if (m.ReceiptHandle !== undefined) handles.push(m.ReceiptHandle);
      }
    }
  };

  let released = 0;
  try {
    await Promise.all(Array.from({ length: options.concurrency ?? 4 }, receiver));
    if (taken.length > 0 && options.dispose !== undefined) {
      const left = await options.dispose([...taken]);
      taken.splice(0, taken.length, ...left);
    }
  } finally {
    // Whatever was taken but not disposed of (dispose threw, or left some) is made visible again.
    for (const m of taken) if (m.ReceiptHandle !== undefined) handles.push(m.ReceiptHandle);
    released = await release(client, queueUrl, handles, problems, options.retry);
  }
  if (stopped !== undefined) problems.push(stopped);
  return { read: seen.size, released, complete: problems.length === 0, problems, depth };
}

/** Makes every received message visible at once again (visibility 0), ten per call; failures are reported. */
async function release(
  client: SQSClient,
  queueUrl: string,
  handles: readonly string[],
  problems: string[],
  retry?: RetryOptions,
): Promise<number> {
  let released = 0;
  let failed = 0;
  const batches: string[][] = [];
  for (let i = 0; i < handles.length; i += 10) batches.push(handles.slice(i, i + 10));
  const worker = async () => {
    for (let batch = batches.pop(); batch !== undefined; batch = batches.pop()) {
      const entries = batch.map((ReceiptHandle, i) => ({ Id: String(i), ReceiptHandle, VisibilityTimeout: 0 }));
      try {
        const answer = await retryThrottled(
          () => client.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries })),
          retry,
        );
        released += answer.Successful?.length ?? 0;
        failed += answer.Failed?.length ?? 0;
      } catch {
        failed += batch.length;
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  if (failed > 0)
    problems.push(`${failed} message(s) could not be made visible again (they reappear after the visibility timeout)`);
  return released;
}
