// Helpers for the local target's integration tests: a stack in a temp dir, polling, sink and queue reads.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type AttributeValue, QueryCommand } from "@aws-sdk/client-dynamodb";
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
} from "@aws-sdk/client-sqs";
import type { AwsClients } from "../../aws/clients.ts";
import { type LocalTargetConfig, localTargetSchema } from "../../config/schema-target.ts";

export function tempCwd(prefix = "harness-local-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function localTarget(input: Record<string, unknown> = {}): LocalTargetConfig {
  return localTargetSchema.parse({ kind: "local", ...input });
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await sleep(200);
    last = await probe();
  }
  return last;
}

export interface SinkRow {
  id: string;
  sk: string;
  path: string;
  attempts: number;
  sentAt: number;
  processedAt: number;
  duplicateAttempts: number;
}

/** Every item of one run's partition. */
export async function readSink(aws: AwsClients, table: string, runId: string): Promise<SinkRow[]> {
  const rows: SinkRow[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await aws.dynamodb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: "runId = :r",
        ExpressionAttributeValues: { ":r": { S: runId } },
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    for (const item of page.Items ?? []) {
      rows.push({
        id: item.id?.S ?? "",
        sk: item.sk?.S ?? "",
        path: item.path?.S ?? "",
        attempts: Number(item.attempts?.N),
        sentAt: Number(item.sentAt?.N),
        processedAt: Number(item.processedAt?.N),
        duplicateAttempts: Number(item.duplicateAttempts?.N ?? 0),
      });
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return rows;
}

/** Receives and deletes everything in a queue until it is empty for one short poll. */
export async function drainQueue(aws: AwsClients, queueUrl: string): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const { Messages = [] } = await aws.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      }),
    );
    if (Messages.length === 0) return all;
    all.push(...Messages);
    await aws.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? "" })),
      }),
    );
  }
}

export function payload(id: string, sentAt: number = Date.now()): string {
  return JSON.stringify({ id, sentAt });
}

export async function postOrder(url: string, body: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  return { status: res.status, body: await res.text() };
}

export async function queueDepth(aws: AwsClients, queueUrl: string): Promise<number> {
  const { Attributes = {} } = await aws.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}
