// Step Functions channel: one StartExecution per message, named with the message ID; a 2xx with an executionArn is acc.
import { type SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import type { ChannelSender, MessageEvents } from "../message.ts";
import { singleCallChannel } from "./single-call.ts";

/** Execution names allow 1-80 of [A-Za-z0-9-_]; the engine's IDs (`<runId>-<scenario>-<n>`) fit unless too long. */
const nameLimit = 80;

export function sfnChannel(
  client: SFNClient,
  stateMachineArn: string,
  options: { now: () => number; events: MessageEvents },
): ChannelSender {
  return singleCallChannel({
    ...options,
    call: (message, body) => {
      // The name makes the start idempotent per ID (a repeat with the same input is the same execution), and ties
      // the execution's history to the message; the input carries the ID too, for names cut at the limit.
      const name = message.id.length <= nameLimit ? message.id : message.id.slice(-nameLimit);
      return client.send(new StartExecutionCommand({ stateMachineArn, name, input: body }));
    },
    judge: (result) => {
      const status = result.$metadata.httpStatusCode ?? 200;
      return result.executionArn !== undefined && status >= 200 && status < 300
        ? { status, outcome: "acc", err: undefined }
        : { status, outcome: "unk", err: "no executionArn in the answer" };
    },
    close: () => client.destroy(),
  });
}
