// EventBridge channel: PutEvents with up to 10 entries a call; each entry's own result decides its outcome.

import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { PutEventsCommand, type PutEventsResultEntry } from "@aws-sdk/client-eventbridge";
import type { ResolvedTarget } from "../../../contracts/target.ts";
import type { ChannelSender, Message, Settle } from "../message.ts";
import { callFailure } from "./aws-failure.ts";

type EventsTarget = NonNullable<ResolvedTarget["events"]>;

const maxEntries = 10;

export function eventsChannel(
  client: EventBridgeClient,
  target: EventsTarget,
  options: { now: () => number; settle: Settle },
): ChannelSender {
  const { now, settle } = options;
  let messages: Message[] = [];
  let details: string[] = [];

  function settleEntries(batch: Message[], entries: PutEventsResultEntry[] | undefined, status: number): void {
    for (let i = 0; i < batch.length; i++) {
      const message = batch[i] as Message;
      const entry = entries?.[i];
      if (entry?.EventId !== undefined && entry.ErrorCode === undefined) settle(message, status, "acc", undefined);
      else if (entry?.ErrorCode !== undefined) settle(message, status, "rej", entry.ErrorCode);
      // No entry for this position: the answer says nothing about it.
      else settle(message, status, "unk", "no result entry");
    }
  }

  function flush(): void {
    if (messages.length === 0) return;
    const batch = messages;
    const command = new PutEventsCommand({
      Entries: details.map((Detail) => ({
        EventBusName: target.busName,
        Source: target.source,
        DetailType: target.detailType,
        Detail,
      })),
    });
    messages = [];
    details = [];
    const sentAt = now();
    for (const m of batch) m.sent = sentAt;
    client.send(command).then(
      (result) => settleEntries(batch, result.Entries, result.$metadata.httpStatusCode ?? 200),
      (error: unknown) => {
        const failure = callFailure(error);
        for (const m of batch) settle(m, failure.status, failure.outcome, failure.err);
      },
    );
  }

  return {
    send(message, body) {
      messages.push(message);
      details.push(body);
      if (messages.length === maxEntries) flush();
    },
    flush,
    async close() {
      client.destroy();
    },
  };
}
