// A stream failure record names a batch, not its records: the batch is read back from the stream (here the local
// stand-in's Streams API behind a client double) and its IDs taken from the records' images as the sink names them.
import type { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { describe, expect, it } from "vitest";
import { sinkSchema } from "../../config/schema-target.ts";
import { changeRecord } from "../../local/app/streams/images.ts";
import { StreamLog, sequenceNumber } from "../../local/app/streams/stream-log.ts";
import { StreamsApiError, streamsApi } from "../../local/app/streams/streams-api.ts";
import { batchInfoOf, readBatch, recordIdReader } from "../../verifier/chain/stream-failures.ts";

function stream(now: () => number) {
  const log = new StreamLog({ region: "us-east-1", accountId: "000000000000", retentionMs: 60_000, now });
  const s = log.enable("orders", "NEW_AND_OLD_IMAGES", [{ AttributeName: "pk", KeyType: "HASH" }]);
  for (let n = 1; n <= 6; n++) {
    const item = { pk: { S: `ORDER#run-x-${n}` } };
    log.append(
      s,
      changeRecord(undefined, item, ["pk"], "NEW_AND_OLD_IMAGES") as NonNullable<ReturnType<typeof changeRecord>>,
    );
  }
  // The SDK client's send, answered by the stand-in's API (errors carry the AWS exception name, as the SDK's do).
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      try {
        return streamsApi(log, command.constructor.name.replace(/Command$/, ""), command.input);
      } catch (error) {
        if (!(error instanceof StreamsApiError)) throw error;
        throw Object.assign(new Error(error.message), { name: error.type });
      }
    },
  } as unknown as DynamoDBStreamsClient;
  return { log, s, client };
}

describe("stream failure records", () => {
  it("parses Lambda's failure record, and nothing else", () => {
    const body = JSON.stringify({
      timestamp: "2026-01-01T00:00:00.000Z",
      DDBStreamBatchInfo: {
        shardId: "s",
        startSequenceNumber: "1",
        endSequenceNumber: "2",
        batchSize: 2,
        streamArn: "a",
      },
    });
    expect(batchInfoOf(body)).toEqual({
      shardId: "s",
      startSequenceNumber: "1",
      endSequenceNumber: "2",
      batchSize: 2,
      streamArn: "a",
      at: Date.parse("2026-01-01T00:00:00.000Z"),
    });
    expect(batchInfoOf('{"id":"x"}')).toBeUndefined();
    expect(batchInfoOf("not json")).toBeUndefined();
  });

  it("reads exactly the batch's range back and names its IDs as the sink does", async () => {
    const { s, client } = stream(() => 1_700_000_000_000);
    const records = await readBatch(client, {
      shardId: s.shardId,
      streamArn: s.arn,
      startSequenceNumber: sequenceNumber(3),
      endSequenceNumber: sequenceNumber(5),
      batchSize: 3,
    });
    const idOf = recordIdReader(
      sinkSchema.parse({ name: "orders", table: "orders", idAttribute: "pk", idRegex: "^ORDER#(.+)$" }),
    );
    expect(records.map(idOf)).toEqual(["run-x-3", "run-x-4", "run-x-5"]);
  });

  it("fails with the stream's own error once the batch is past retention", async () => {
    let now = 1_700_000_000_000;
    const { s, client } = stream(() => now);
    now += 120_000;
    await expect(
      readBatch(client, {
        shardId: s.shardId,
        streamArn: s.arn,
        startSequenceNumber: sequenceNumber(1),
        endSequenceNumber: sequenceNumber(2),
        batchSize: 2,
      }),
    ).rejects.toMatchObject({ name: "TrimmedDataAccessException" });
  });
});
