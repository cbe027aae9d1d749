// A reference consumer process: runs the reference handler (local/app/handler.ts) for the invocations the lambda
// process's event source mappings dispatch to it, several at a time, with the controls each invocation carries.
import { setTimeout as sleep } from "node:timers/promises";
import { DeleteMessageCommand } from "@aws-sdk/client-sqs";
import type { Bugs, Faults } from "../../controls.ts";
import type { AppConfig } from "../config.ts";
import { createHandler } from "../handler.ts";
import type { SQSBatchResponse, SQSEvent } from "../lambda-types.ts";
import { appAwsClients } from "../process.ts";
import { dynamoSink } from "../sink.ts";
import type { FromConsumer, ToConsumer } from "./reference-protocol.ts";

const send = (message: FromConsumer) => process.send?.(message);

function start(config: AppConfig): (message: Extract<ToConsumer, { kind: "invoke" }>) => void {
  const aws = appAwsClients(config);
  const queueUrlByArn = new Map([
    [config.ingest.queueArn, config.ingest.queueUrl],
    [config.events.queueArn, config.events.queueUrl],
  ]);
  // The controls of the latest dispatched invocation: live controls, as the one-process consumer reads them.
  let faults: Faults = config.faults;
  let bugs: Bugs = config.bugs;
  const handler: (event: SQSEvent) => Promise<SQSBatchResponse> = createHandler({
    sink: dynamoSink(aws.dynamodb, config.table),
    faults: () => faults,
    bugs: () => bugs,
    harm: (mode, id) => send({ kind: "harm", mode, id }),
    ackNow: async (record) => {
      const QueueUrl = queueUrlByArn.get(record.eventSourceARN);
      await aws.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: record.receiptHandle }));
    },
    random: Math.random,
    now: () => Date.now(),
    sleep: (ms) => sleep(ms),
  });
  return (message) => {
    faults = message.faults;
    bugs = message.bugs;
    handler(message.event).then(
      (response) => send({ kind: "result", id: message.id, ok: true, response }),
      (error: unknown) =>
        send({
          kind: "result",
          id: message.id,
          ok: false,
          name: error instanceof Error ? error.name : "Error",
          message: error instanceof Error ? error.message : String(error),
        }),
    );
  };
}

let invoke: ReturnType<typeof start> | undefined;
process.on("message", (message: ToConsumer) => {
  if (message.kind === "init") {
    invoke = start(message.config);
    send({ kind: "ready" });
  } else invoke?.(message);
});
// The lambda process gone (its IPC channel closed): nothing is left to serve.
process.on("disconnect", () => process.exit(0));
