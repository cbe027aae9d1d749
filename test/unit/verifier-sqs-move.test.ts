// Moving DLQ messages to an archive queue: copy first, delete after, batches within SQS's limits, nothing in neither.
import { DeleteMessageBatchCommand, type Message, SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { moveMessages } from "../../verifier/sources/sqs-move.ts";

const client = new SQSClient({ region: "us-east-1" });
const sqs = mockClient(client);
const fromQueueUrl = "http://127.0.0.1:1/000000000000/orders-dlq";
const toQueueUrl = "http://127.0.0.1:1/000000000000/orders-archive";
const message = (n: number, body = `{"id":"m-${n}"}`): Message => ({
  MessageId: `id-${n}`,
  ReceiptHandle: `h-${n}`,
  Body: body,
  ...(n % 2 === 0 ? { MessageAttributes: { origin: { DataType: "String", StringValue: `o${n}` } } } : {}),
});

afterEach(() => sqs.reset());

describe("moveMessages", () => {
  it("copies each message with its attributes, then deletes only what was copied", async () => {
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: Array<{ Id: string; MessageBody: string }> }) => ({
      // The archive refuses message 3: it must stay in the DLQ, not be deleted.
      Successful: input.Entries.filter((e) => !e.MessageBody.includes("m-3")).map((e) => ({ Id: e.Id })),
      Failed: input.Entries.filter((e) => e.MessageBody.includes("m-3")).map((e) => ({
        Id: e.Id,
        Code: "InvalidMessageContents",
        SenderFault: true,
      })),
    }));
    sqs.on(DeleteMessageBatchCommand).callsFake((input: { Entries: Array<{ Id: string }> }) => ({
      Successful: input.Entries.map((e) => ({ Id: e.Id })),
      Failed: [],
    }));
    const messages = Array.from({ length: 12 }, (_, n) => message(n));
    const result = await moveMessages({ client, fromQueueUrl, toQueueUrl, messages });
    expect(result.moved).toBe(11);
    expect(result.notMoved.map((m) => m.MessageId)).toEqual(["id-3"]);
    expect(result.problems).toEqual([
      "1 message(s) could not be copied to the archive queue (InvalidMessageContents); left in place",
    ]);
    const sends = sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(sends.map((s) => [s.QueueUrl, s.Entries?.length])).toEqual([
      [toQueueUrl, 10],
      [toQueueUrl, 2],
    ]);
    expect(sends[0]?.Entries?.[0]).toEqual({
      Id: "0",
      MessageBody: '{"id":"m-0"}',
      MessageAttributes: { origin: { DataType: "String", StringValue: "o0" } },
    });
    expect(sends[0]?.Entries?.[1]).toEqual({ Id: "1", MessageBody: '{"id":"m-1"}' });
    const deleted = sqs
      .commandCalls(DeleteMessageBatchCommand)
      .flatMap((c) => (c.args[0].input.Entries ?? []).map((e) => [c.args[0].input.QueueUrl, e.ReceiptHandle]));
    expect(deleted).toEqual(messages.filter((m) => m.MessageId !== "id-3").map((m) => [fromQueueUrl, m.ReceiptHandle]));
  });

  it("keeps a batch under 256 KiB, and says so when a copy could not be deleted from the DLQ", async () => {
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: Array<{ Id: string }> }) => ({
      Successful: input.Entries.map((e) => ({ Id: e.Id })),
    }));
    sqs
      .on(DeleteMessageBatchCommand)
      .rejects(Object.assign(new Error("receipt expired"), { name: "ReceiptHandleIsInvalid" }));
    const big = "x".repeat(100 * 1024);
    const messages = [message(1, big), message(3, big), message(5, big), message(7)];
    const result = await moveMessages({ client, fromQueueUrl, toQueueUrl, messages });
    expect(sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries?.length)).toEqual([2, 2]);
    expect(result).toEqual({
      moved: 0,
      notMoved: [],
      problems: ["4 message(s) were copied to the archive queue but not deleted here: they are in both queues"],
    });
  });

  it("keeps a FIFO message's group and deduplicates a repeated move by its message ID", async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [{ Id: "0", MessageId: "x", MD5OfMessageBody: "" }] });
    sqs.on(DeleteMessageBatchCommand).resolves({ Successful: [{ Id: "0" }] });
    const m = { ...message(1), Attributes: { MessageGroupId: "customer-9" } };
    const result = await moveMessages({ client, fromQueueUrl, toQueueUrl: `${toQueueUrl}.fifo`, messages: [m] });
    expect(result.moved).toBe(1);
    expect(sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input.Entries?.[0]).toMatchObject({
      MessageGroupId: "customer-9",
      MessageDeduplicationId: "id-1",
    });
  });

  it("leaves a whole batch in place when the archive cannot be reached", async () => {
    sqs.on(SendMessageBatchCommand).rejects(Object.assign(new Error("no such queue"), { name: "QueueDoesNotExist" }));
    const messages = [message(1), message(2)];
    const result = await moveMessages({ client, fromQueueUrl, toQueueUrl, messages });
    expect(result.notMoved).toEqual(messages);
    expect(result.problems[0]).toMatch(/^2 message\(s\) could not be copied .*QueueDoesNotExist: no such queue/);
    expect(sqs.commandCalls(DeleteMessageBatchCommand)).toHaveLength(0);
  });
});
