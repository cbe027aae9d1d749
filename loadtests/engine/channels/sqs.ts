// SQS channel: SendMessageBatch with up to 10 entries a call; Successful and Failed name each entry's outcome.
import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { ChannelSender, MessageEvents } from "../message.ts";
import { batchingSender } from "./batch.ts";

const maxEntries = 10;
const entryIds = Array.from({ length: maxEntries }, (_, i) => String(i));

export function sqsChannel(
  client: SQSClient,
  queueUrl: string,
  options: { now: () => number; events: MessageEvents },
): ChannelSender {
  const { events } = options;
  return batchingSender({
    ...options,
    maxEntries,
    call: (bodies) =>
      client.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: bodies.map((MessageBody, i) => ({ Id: entryIds[i] as string, MessageBody })),
        }),
      ),
    settleBatch(batch, result, status) {
      for (const ok of result.Successful ?? []) {
        const m = batch[Number(ok.Id)];
        if (m !== undefined) events.settle(m, status, "acc", undefined);
      }
      // A Failed entry was not enqueued, whoever was at fault (SQS reports it per entry, definitively).
      for (const failed of result.Failed ?? []) {
        const m = batch[Number(failed.Id)];
        if (m !== undefined) events.settle(m, status, "rej", failed.Code ?? "failed");
      }
      for (const m of batch) events.settle(m, status, "unk", "no result entry");
    },
    close: () => client.destroy(),
  });
}
