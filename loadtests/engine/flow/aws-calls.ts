// A flow's PutEvents and SendMessage, one entry a call, on the SDK clients the events and sqs channels use (no SDK
// retries: the ledger records what the target answered to the call the flow made). Loaded only by flows whose target
// has a bus or a queue, before time 0 (the SDK takes about a second to import).
import { PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { createAwsClients } from "../../../aws/clients.ts";
import type { ResolvedTarget } from "../../../contracts/target.ts";
import { callFailure } from "../channels/aws-failure.ts";
import type { AwsCallResult, FlowAwsCalls } from "./context.ts";

export function flowAwsCalls(target: ResolvedTarget, connections: number): FlowAwsCalls {
  const clients = createAwsClients({
    ...target.aws,
    maxAttempts: 1,
    maxSockets: Math.max(16, Math.min(connections, 1024)),
  });
  return {
    async putEvent(entry): Promise<AwsCallResult> {
      try {
        const result = await clients.events.send(new PutEventsCommand({ Entries: [entry] }));
        const status = result.$metadata.httpStatusCode ?? 200;
        const first = result.Entries?.[0];
        if (first?.EventId !== undefined && first.ErrorCode === undefined)
          return { status, outcome: "acc", error: undefined, id: first.EventId };
        if (first?.ErrorCode !== undefined) return { status, outcome: "rej", error: first.ErrorCode, id: undefined };
        return { status, outcome: "unk", error: "no result entry", id: undefined };
      } catch (error) {
        const failure = callFailure(error);
        return { status: failure.status, outcome: failure.outcome, error: failure.err, id: undefined };
      }
    },
    async sendMessage(queueUrl, body): Promise<AwsCallResult> {
      try {
        const result = await clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
        return {
          status: result.$metadata.httpStatusCode ?? 200,
          outcome: "acc",
          error: undefined,
          id: result.MessageId,
        };
      } catch (error) {
        const failure = callFailure(error);
        return { status: failure.status, outcome: failure.outcome, error: failure.err, id: undefined };
      }
    },
    close() {
      clients.events.destroy();
      clients.sqs.destroy();
    },
  };
}
