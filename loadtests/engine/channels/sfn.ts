// Step Functions channel: one StartExecution per message, named with the message ID; a 2xx with an executionArn is acc.
import { type SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import type { ChannelSender, MessageEvents } from "../message.ts";
import { callFailure } from "./aws-failure.ts";

/** Execution names allow 1-80 of [A-Za-z0-9-_]; the engine's IDs (`<runId>-<scenario>-<n>`) fit unless too long. */
const nameLimit = 80;

export function sfnChannel(
  client: SFNClient,
  stateMachineArn: string,
  options: { now: () => number; events: MessageEvents },
): ChannelSender {
  const { now, events } = options;
  return {
    send(message, body, _headers) {
      const sentAt = now();
      message.sent = sentAt;
      events.written(sentAt, 1);
      // The name makes the start idempotent per ID (a repeat with the same input is the same execution), and ties
      // the execution's history to the message; the input carries the ID too, for names cut at the limit.
      const name = message.id.length <= nameLimit ? message.id : message.id.slice(-nameLimit);
      client.send(new StartExecutionCommand({ stateMachineArn, name, input: body })).then(
        (result) => {
          const status = result.$metadata.httpStatusCode ?? 200;
          if (result.executionArn !== undefined && status >= 200 && status < 300)
            events.settle(message, status, "acc", undefined);
          else events.settle(message, status, "unk", "no executionArn in the answer");
        },
        (error: unknown) => {
          const failure = callFailure(error);
          events.settle(message, failure.status, failure.outcome, failure.err);
        },
      );
    },
    flush() {},
    async close() {
      client.destroy();
    },
  };
}
