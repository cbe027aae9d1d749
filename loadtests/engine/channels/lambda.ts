// Lambda channel: Invoke with InvocationType Event, one message a call. 202 means Lambda queued the event (accepted);
// a 4xx (throttled, too large, no such function) is a definite no; anything else may have been queued (unknown).
import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import type { ChannelSender, MessageEvents } from "../message.ts";
import { singleCallChannel } from "./single-call.ts";

export function lambdaChannel(
  client: LambdaClient,
  functionName: string,
  options: { now: () => number; events: MessageEvents },
): ChannelSender {
  return singleCallChannel({
    ...options,
    call: (_message, body) =>
      client.send(
        new InvokeCommand({ FunctionName: functionName, InvocationType: "Event", Payload: Buffer.from(body, "utf8") }),
      ),
    judge: (result) => {
      const status = result.StatusCode ?? result.$metadata.httpStatusCode ?? 0;
      return status === 202
        ? { status, outcome: "acc", err: undefined }
        : { status, outcome: "unk", err: `Invoke answered ${status}, not 202` };
    },
    close: () => client.destroy(),
  });
}
