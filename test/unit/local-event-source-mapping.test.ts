// What the event source mapping deletes after an invocation, and how it builds Lambda's SQS records.
import { describe, expect, it } from "vitest";
import { recordsToDelete, toRecord } from "../../local/app/consumer/event-source-mapping.ts";

const records = ["a", "b", "c"].map((id) =>
  toRecord(
    { MessageId: id, ReceiptHandle: `rh-${id}`, Body: "{}" },
    "arn:aws:sqs:us-east-1:000000000000:q",
    "us-east-1",
  ),
);

describe("recordsToDelete", () => {
  it("deletes all but the reported failures", () => {
    const kept = recordsToDelete(records, { batchItemFailures: [{ itemIdentifier: "b" }] });
    expect(kept.map((r) => r.messageId)).toEqual(["a", "c"]);
  });

  it("deletes everything on an empty or missing response", () => {
    expect(recordsToDelete(records, { batchItemFailures: [] })).toHaveLength(3);
    expect(recordsToDelete(records, undefined)).toHaveLength(3);
  });

  it("fails the whole batch when a failure names no record of it (as Lambda does)", () => {
    expect(recordsToDelete(records, { batchItemFailures: [{ itemIdentifier: "zzz" }] })).toEqual([]);
  });
});

describe("toRecord", () => {
  it("fills Lambda's record shape from an SQS message", () => {
    const r = toRecord(
      {
        MessageId: "m",
        ReceiptHandle: "rh",
        Body: "b",
        Attributes: { ApproximateReceiveCount: "2" },
        MessageAttributes: { path: { DataType: "String", StringValue: "http" } },
      },
      "arn:q",
      "us-east-1",
    );
    expect(r).toMatchObject({
      messageId: "m",
      body: "b",
      eventSource: "aws:sqs",
      eventSourceARN: "arn:q",
      attributes: { ApproximateReceiveCount: "2" },
      messageAttributes: { path: { stringValue: "http", dataType: "String" } },
    });
  });
});
