// Lambda channel: Invoke with InvocationType Event, one message a call. 202 means Lambda queued the event (accepted);
// a 4xx (throttled, too large, no such function) is a definite no; anything else may have been queued (unknown).
import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import type { ChannelSender, Message, MessageEvents } from "../message.ts";
import { callFailure } from "./aws-failure.ts";

export function lambdaChannel(
  client: LambdaClient,
  functionName: string,
  options: { now: () => number; events: MessageEvents },
): ChannelSender {
  const { now, events } = options;
  const fail = (message: Message, error: unknown) => {
    const failure = callFailure(error);
    events.settle(message, failure.status, failure.outcome, failure.err);
  };
  return {
    send(message, body, _headers) {
      const sentAt = now();
      message.sent = sentAt;
      events.written(sentAt, 1);
      client
        .send(
          new InvokeCommand({
            FunctionName: functionName,
            InvocationType: "Event",
            Payload: Buffer.from(body, "utf8"),
          }),
        )
        .then(
          (result) => {
            const status = result.StatusCode ?? result.$metadata.httpStatusCode ?? 0;
            if (status === 202) events.settle(message, status, "acc", undefined);
            else events.settle(message, status, "unk", `Invoke answered ${status}, not 202`);
          },
          (error: unknown) => fail(message, error),
        );
    },
    flush() {},
    async close() {
      client.destroy();
    },
  };
}
