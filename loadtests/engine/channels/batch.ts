// Batching for the AWS channels: up to maxEntries bodies a call, stamped sent when the call goes out; a failed call settles all.
import type { ChannelSender, Message, MessageEvents } from "../message.ts";
import { callFailure } from "./aws-failure.ts";

export interface BatchCall<R> {
  now: () => number;
  events: MessageEvents;
  maxEntries: number;
  /** Sends one batch of bodies (PutEvents, SendMessageBatch). */
  call(bodies: string[]): Promise<R>;
  /** Settles each message of a batch from the call's per-entry result. */
  settleBatch(batch: Message[], result: R, status: number): void;
  close(): void;
}

export function batchingSender<R extends { $metadata: { httpStatusCode?: number } }>(
  spec: BatchCall<R>,
): ChannelSender {
  const { now, events } = spec;
  let messages: Message[] = [];
  let bodies: string[] = [];

  function flush(): void {
    if (messages.length === 0) return;
    const batch = messages;
    const sending = bodies;
    messages = [];
    bodies = [];
    const sentAt = now();
    for (const m of batch) m.sent = sentAt;
    events.written(sentAt, batch.length);
    spec.call(sending).then(
      (result) => spec.settleBatch(batch, result, result.$metadata.httpStatusCode ?? 200),
      (error: unknown) => {
        const failure = callFailure(error);
        for (const m of batch) events.settle(m, failure.status, failure.outcome, failure.err);
      },
    );
  }

  return {
    // The shard hands no HTTP headers to a batching channel (it refuses such a message), so `headers` is always "".
    send(message, body, _headers) {
      messages.push(message);
      bodies.push(body);
      if (messages.length === spec.maxEntries) flush();
    },
    flush,
    async close() {
      spec.close();
    },
  };
}
