// The gateway's SendMessageBatch collector: batches of at most 10, and each caller settled by its own entry only.
import { describe, expect, it } from "vitest";
import { entrySize, SendBatcher, type SendBatchOutput, type SendEntry } from "../../local/app/send-batcher.ts";

type Batch = Array<SendEntry & { Id: string }>;

function recorder(answer: (entries: Batch) => SendBatchOutput | Promise<SendBatchOutput>) {
  const batches: Batch[] = [];
  const batcher = new SendBatcher({
    sendBatch: async (entries) => {
      batches.push(entries);
      return answer(entries);
    },
    windowMs: () => 0,
  });
  return { batcher, batches };
}

const allOk = (entries: Batch): SendBatchOutput => ({
  Successful: entries.map((e) => ({ Id: e.Id, MessageId: `m-${e.MessageBody}`, MD5OfMessageBody: "md5" })),
  $requestId: "req",
});

describe("SendBatcher", () => {
  it("sends what arrived together in batches of at most 10, each caller getting its own MessageId", async () => {
    const { batcher, batches } = recorder(allOk);
    const sent = await Promise.all(Array.from({ length: 23 }, (_, i) => batcher.send({ MessageBody: String(i) })));
    expect(batches.map((b) => b.length)).toEqual([10, 10, 3]);
    expect(sent.map((s) => s.MessageId)).toEqual(Array.from({ length: 23 }, (_, i) => `m-${i}`));
    expect(sent[0]?.requestId).toBe("req");
  });

  it("rejects exactly the failed entries and resolves the rest", async () => {
    const { batcher } = recorder((entries) => ({
      Successful: entries
        .filter((e) => e.Id !== "1")
        .map((e) => ({ Id: e.Id, MessageId: `m-${e.MessageBody}`, MD5OfMessageBody: "md5" })),
      Failed: [{ Id: "1", Code: "InternalError", Message: "boom", SenderFault: false }],
    }));
    const results = await Promise.allSettled(["a", "b", "c"].map((b) => batcher.send({ MessageBody: b })));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(String((results[1] as PromiseRejectedResult).reason)).toContain("InternalError");
  });

  it("rejects an entry the answer does not mention, and every entry when the call fails", async () => {
    const partial = recorder(() => ({ Successful: [{ Id: "0", MessageId: "m", MD5OfMessageBody: "md5" }] }));
    const some = await Promise.allSettled(["a", "b"].map((b) => partial.batcher.send({ MessageBody: b })));
    expect(some.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);

    const down = recorder(() => Promise.reject(new Error("connection refused")));
    const none = await Promise.allSettled(["a", "b"].map((b) => down.batcher.send({ MessageBody: b })));
    expect(none.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });

  it("keeps each batch within SQS's 1 MiB size limit: a big entry starts a new batch", async () => {
    const { batcher, batches } = recorder(allOk);
    const big = "x".repeat(400_000);
    await Promise.all([big, big, big, "small"].map((b) => batcher.send({ MessageBody: b })));
    expect(batches.map((b) => b.map((e) => e.MessageBody.length))).toEqual([
      [400_000, 400_000],
      [400_000, 5],
    ]);
    expect(
      entrySize({ MessageBody: "ab", MessageAttributes: { path: { DataType: "String", StringValue: "http" } } }),
    ).toBe(2 + 4 + 6 + 4);
  });

  it("waits up to its window for company before sending", async () => {
    const batches: Batch[] = [];
    const batcher = new SendBatcher({
      sendBatch: async (entries) => {
        batches.push(entries);
        return allOk(entries);
      },
      windowMs: () => 30,
    });
    const first = batcher.send({ MessageBody: "a" });
    await new Promise((r) => setTimeout(r, 5));
    const second = batcher.send({ MessageBody: "b" });
    await Promise.all([first, second]);
    expect(batches.map((b) => b.map((e) => e.MessageBody))).toEqual([["a", "b"]]);
  });
});
