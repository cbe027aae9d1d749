// DLQ reader against a mocked SQS: every body shape AWS produces, unparseable bodies, and nothing deleted.
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { dlqSchema } from "../../config/schema-target.ts";
import { emptyDlq } from "../../verifier/evidence.ts";
import { readDlq } from "../../verifier/sources/dlq-reader.ts";
import { messageIdOf } from "../../verifier/sources/message-id.ts";

const runId = "20261126T154200Z-k3j9x2q1";
const id = (n: number) => `${runId}-smoke-${n}`;
const client = new SQSClient({ region: "us-east-1" });
const sqs = mockClient(client);
const queueUrl = "http://127.0.0.1:1/000000000000/orders-dlq";
const dlq = dlqSchema.parse({ name: "orders-dlq", queueUrl });

afterEach(() => sqs.reset());

const bodies = {
  redrive: JSON.stringify({ id: id(1), sentAt: 1 }),
  eventBridgeTargetDlq: JSON.stringify({
    version: "0",
    id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "OrderPlaced",
    source: "harness.load",
    detail: { id: id(2), sentAt: 1 },
  }),
  lambdaOnFailure: JSON.stringify({
    version: "1.0",
    requestContext: { condition: "RetriesExhausted", approximateInvokeCount: 3 },
    requestPayload: { detail: { id: id(3) } },
  }),
  notJson: "oops, not JSON",
  otherRun: JSON.stringify({ id: "20250101T000000Z-aaaaaaaa-smoke-1" }),
  noId: JSON.stringify({ order: 7 }),
};

describe("messageIdOf", () => {
  it.each([
    ["an SQS redrive body (the original payload)", bodies.redrive, "id", { id: id(1) }],
    ["an EventBridge target-DLQ body, whose own id is the event's", bodies.eventBridgeTargetDlq, "id", { id: id(2) }],
    ["a Lambda on-failure destination record", bodies.lambdaOnFailure, "requestPayload.detail.id", { id: id(3) }],
    ["a custom JMESPath", JSON.stringify({ a: [{ b: id(4) }] }), "a[0].b", { id: id(4) }],
    ["a body that is not JSON", bodies.notJson, "id", { error: "not JSON" }],
    ["a body without an ID", bodies.noId, "id", { error: "no ID at id" }],
    ["an invalid JMESPath", bodies.redrive, "a[", { error: expect.stringMatching(/^idPath a\[: /) }],
  ])("%s", (_name, body, path, found) => {
    expect(messageIdOf(body, path, `${runId}-`)).toEqual(found);
  });
});

describe("readDlq", () => {
  it("reads every message, finds IDs in every envelope, counts unparseable ones, and leaves all in the queue", async () => {
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: "6" } });
    const messages = Object.values(bodies).map((Body, i) => ({ MessageId: `m${i}`, ReceiptHandle: `h${i}`, Body }));
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: messages.slice(0, 4) })
      .resolvesOnce({ Messages: messages.slice(4) })
      .resolves({ Messages: [] });
    sqs.on(ChangeMessageVisibilityBatchCommand).callsFake((input: { Entries: Array<{ Id: string }> }) => ({
      Successful: input.Entries.map((e) => ({ Id: e.Id })),
      Failed: [],
    }));
    const ev = emptyDlq();
    const totals: number[] = [];
    const status = await readDlq(
      { client, dlq, runId, peek: { waitTimeSeconds: 0, concurrency: 1 }, onRead: (n) => totals.push(n) },
      ev,
    );
    // The progress line's count: after every message, unparseable ones and other runs' too.
    expect(totals).toEqual([1, 2, 3, 4, 5, 6]);
    expect(status).toEqual({
      name: "orders-dlq",
      read: 6,
      complete: true,
      unparseable: 2,
      unparseableSample: ["not JSON: oops, not JSON", 'no ID at id: {"order":7}'],
    });
    expect([1, 2, 3].map((n) => ev.ids.getByte(id(n)))).toEqual([1, 1, 1]);
    expect(ev.messages).toBe(6);
    expect([...ev.ids.entries()].length).toBe(3); // the other run's message is not this run's evidence
    const receive = sqs.commandCalls(ReceiveMessageCommand)[0]?.args[0].input;
    expect([receive?.MaxNumberOfMessages, receive?.VisibilityTimeout]).toEqual([10, 61]);
    const released = sqs
      .commandCalls(ChangeMessageVisibilityBatchCommand)
      .flatMap((c) => c.args[0].input.Entries ?? [])
      .map((e) => [e.ReceiptHandle, e.VisibilityTimeout]);
    expect(released.sort()).toEqual(messages.map((m) => [m.ReceiptHandle, 0]));
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    expect(sqs.commandCalls(DeleteMessageBatchCommand)).toHaveLength(0);
  });

  it("says it is incomplete when messages are held elsewhere, or cannot be made visible again", async () => {
    sqs.on(GetQueueAttributesCommand).resolves({
      Attributes: { ApproximateNumberOfMessages: "1", ApproximateNumberOfMessagesNotVisible: "2" },
    });
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [{ MessageId: "m", ReceiptHandle: "h", Body: bodies.redrive }] })
      .resolves({});
    sqs
      .on(ChangeMessageVisibilityBatchCommand)
      .resolves({ Successful: [], Failed: [{ Id: "0", Code: "x", SenderFault: true }] });
    const status = await readDlq({ client, dlq, runId, peek: { waitTimeSeconds: 0, concurrency: 1 } }, emptyDlq());
    expect(status).toEqual({
      name: "orders-dlq",
      read: 1,
      complete: false,
      error:
        "2 message(s) were in flight (held by a consumer) and could not be read; 1 message(s) could not be made visible again (they reappear after the visibility timeout)",
      unparseable: 0,
      unparseableSample: [],
    });
  });

  it("a queue that cannot be read at all is reported, not thrown", async () => {
    sqs.on(GetQueueAttributesCommand).rejects(Object.assign(new Error("gone"), { name: "QueueDoesNotExist" }));
    const status = await readDlq({ client, dlq, runId }, emptyDlq());
    expect(status).toEqual({
      name: "orders-dlq",
      read: 0,
      complete: false,
      error: "QueueDoesNotExist: gone",
      unparseable: 0,
      unparseableSample: [],
    });
  });
});
