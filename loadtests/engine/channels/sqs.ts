// SQS channel: SendMessageBatch with up to 10 entries a call; Successful and Failed name each entry's outcome.
import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { ChannelSender, Message, Settle } from "../message.ts";
import { callFailure } from "./aws-failure.ts";

const maxEntries = 10;
const entryIds = Array.from({ length: maxEntries }, (_, i) => String(i));

export function sqsChannel(
  client: SQSClient,
  queueUrl: string,
  options: { now: () => number; settle: Settle },
): ChannelSender {
  const { now, settle } = options;
  let messages: Message[] = [];
  let bodies: string[] = [];

  function flush(): void {
    if (messages.length === 0) return;
    const batch = messages;
    const command = new SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: bodies.map((MessageBody, i) => ({ Id: entryIds[i] as string, MessageBody })),
    });
    messages = [];
    bodies = [];
    const sentAt = now();
    for (const m of batch) m.sent = sentAt;
    client.send(command).then(
      (result) => {
        const status = result.$metadata.httpStatusCode ?? 200;
        for (const ok of result.Successful ?? []) {
          const m = batch[Number(ok.Id)];
          if (m !== undefined) settle(m, status, "acc", undefined);
        }
        // A Failed entry was not enqueued, whoever was at fault (SQS reports it per entry, definitively).
        for (const failed of result.Failed ?? []) {
          const m = batch[Number(failed.Id)];
          if (m !== undefined) settle(m, status, "rej", failed.Code ?? "failed");
        }
        for (const m of batch) settle(m, status, "unk", "no result entry");
      },
      (error: unknown) => {
        const failure = callFailure(error);
        for (const m of batch) settle(m, failure.status, failure.outcome, failure.err);
      },
    );
  }

  return {
    send(message, body) {
      messages.push(message);
      bodies.push(body);
      if (messages.length === maxEntries) flush();
    },
    flush,
    async close() {
      client.destroy();
    },
  };
}
