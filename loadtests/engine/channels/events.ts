// EventBridge channel: PutEvents with up to 10 entries a call; each entry's own result decides its outcome.

import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { PutEventsCommand, type PutEventsResultEntry } from "@aws-sdk/client-eventbridge";
import type { ResolvedTarget } from "../../../contracts/target.ts";
import type { ChannelSender, Message, MessageEvents } from "../message.ts";
import { batchingSender } from "./batch.ts";

type EventsTarget = NonNullable<ResolvedTarget["events"]>;

export function eventsChannel(
  client: EventBridgeClient,
  target: EventsTarget,
  options: { now: () => number; events: MessageEvents },
): ChannelSender {
  const { events } = options;

  function settleEntries(batch: Message[], entries: PutEventsResultEntry[] | undefined, status: number): void {
    for (let i = 0; i < batch.length; i++) {
      const message = batch[i] as Message;
      const entry = entries?.[i];
      if (entry?.EventId !== undefined && entry.ErrorCode === undefined)
        events.settle(message, status, "acc", undefined);
      else if (entry?.ErrorCode !== undefined) events.settle(message, status, "rej", entry.ErrorCode);
      // No entry for this position: the answer says nothing about it.
      else events.settle(message, status, "unk", "no result entry");
    }
  }

  return batchingSender({
    ...options,
    maxEntries: 10,
    call: (details) =>
      client.send(
        new PutEventsCommand({
          Entries: details.map((Detail) => ({
            EventBusName: target.busName,
            Source: target.source,
            DetailType: target.detailType,
            Detail,
          })),
        }),
      ),
    settleBatch: (batch, result, status) => settleEntries(batch, result.Entries, status),
    close: () => client.destroy(),
  });
}
