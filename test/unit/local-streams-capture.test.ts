// The DynamoDB Streams stand-in: records per write (INSERT/MODIFY/REMOVE, none for a no-op), images per view type,
// ascending sequence numbers with per-key order kept under concurrent writes, and the Streams API's iterators.
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { localTargetSchema } from "../../config/schema-target.ts";
import { ChangeCapture, type DynamoBackend, type Reply } from "../../local/app/streams/capture.ts";
import { changeRecord, type StreamViewType } from "../../local/app/streams/images.ts";
import { StreamLog } from "../../local/app/streams/stream-log.ts";
import { StreamsApiError, streamsApi } from "../../local/app/streams/streams-api.ts";
import { wireImage } from "../../local/app/streams/wire-image.ts";
import { refuseProjectionBugs } from "../../local/streams-stack.ts";

type Item = Record<string, { S?: string; N?: string }>;

/** A one-table DynamoDB in memory, keyed by `pk`, that yields to the event loop on every call (so writes interleave). */
function fakeDynamo() {
  const items = new Map<string, Item>();
  const backend: DynamoBackend = {
    async call(operation, body) {
      await sleep(Math.random() * 3);
      const key = (body.Key as Item).pk?.S as string;
      if (operation === "GetItem") return { status: 200, body: items.has(key) ? { Item: items.get(key) } : {} };
      throw new Error(`unexpected ${operation}`);
    },
  };
  /** What the caller's own request does, when forwarded. */
  const write = (operation: string, body: Record<string, unknown>) => async (): Promise<Reply> => {
    await sleep(Math.random() * 3);
    if (operation === "PutItem") {
      const item = body.Item as Item;
      if (body.ConditionExpression !== undefined && items.has(item.pk?.S as string))
        return { status: 400, body: { __type: "ConditionalCheckFailedException" } };
      items.set(item.pk?.S as string, item);
    } else if (operation === "UpdateItem") {
      const key = (body.Key as Item).pk?.S as string;
      const n = Number(items.get(key)?.n?.N ?? 0);
      items.set(key, { pk: { S: key }, n: { N: String(n + 1) } });
    } else if (operation === "DeleteItem") items.delete((body.Key as Item).pk?.S as string);
    return { status: 200, body: {} };
  };
  return { items, backend, write };
}

function setup(viewType: StreamViewType = "NEW_AND_OLD_IMAGES", now = () => 1_700_000_000_000) {
  const log = new StreamLog({ region: "us-east-1", accountId: "000000000000", retentionMs: 60_000, now });
  const dynamo = fakeDynamo();
  const capture = new ChangeCapture(log, dynamo.backend);
  const stream = log.enable("orders", viewType, [{ AttributeName: "pk", KeyType: "HASH" }]);
  const call = (operation: string, body: Record<string, unknown>) =>
    capture.handle(operation, { TableName: "orders", ...body }, dynamo.write(operation, body));
  return { log, stream, call, dynamo };
}

const pk = (s: string) => ({ pk: { S: s } });

describe("change capture", () => {
  it("writes INSERT, MODIFY and REMOVE records in order, and none for a failed or no-op write", async () => {
    const { stream, call } = setup();
    await call("PutItem", { Item: { ...pk("a"), v: { N: "1" } } });
    await call("PutItem", { Item: { ...pk("a"), v: { N: "1" } } }); // same item: no change, no record
    await call("PutItem", { Item: pk("a"), ConditionExpression: "attribute_not_exists(pk)" }); // fails
    await call("UpdateItem", { Key: pk("a") });
    await call("DeleteItem", { Key: pk("a") });
    await call("DeleteItem", { Key: pk("zz") }); // nothing there: no record
    expect(stream.records.map((r) => [r.seq, r.change.eventName])).toEqual([
      ["100000000000000000001", "INSERT"],
      ["100000000000000000002", "MODIFY"],
      ["100000000000000000003", "REMOVE"],
    ]);
    expect(stream.records[1]?.change).toMatchObject({
      Keys: pk("a"),
      OldImage: { ...pk("a"), v: { N: "1" } },
      NewImage: { ...pk("a"), n: { N: "1" } },
    });
  });

  it("keeps each key's writes in order under concurrency: every MODIFY's old image is the previous one's new", async () => {
    const { stream, call } = setup();
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        call("UpdateItem", { Key: pk(i % 3 === 0 ? "x" : i % 3 === 1 ? "y" : "z") }),
      ),
    );
    const seqs = stream.records.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort());
    for (const key of ["x", "y", "z"]) {
      const counts = stream.records
        .filter((r) => r.change.Keys.pk && (r.change.Keys.pk as { S: string }).S === key)
        .map((r) => [
          (r.change.OldImage?.n as { N: string } | undefined)?.N ?? "none",
          (r.change.NewImage?.n as { N: string } | undefined)?.N,
        ]);
      expect(counts).toEqual(Array.from({ length: 20 }, (_, i) => [i === 0 ? "none" : String(i), String(i + 1)]));
    }
  });

  it("ignores tables without a stream", async () => {
    const { stream, log, dynamo } = setup();
    const capture = new ChangeCapture(log, dynamo.backend);
    await capture.handle("PutItem", { TableName: "other", Item: pk("a") }, dynamo.write("PutItem", { Item: pk("a") }));
    expect(stream.records).toEqual([]);
  });
});

describe.each([
  ["KEYS_ONLY", false, false],
  ["NEW_IMAGE", true, false],
  ["OLD_IMAGE", false, true],
  ["NEW_AND_OLD_IMAGES", true, true],
] as const)("images with %s", (viewType, hasNew, hasOld) => {
  const before = { ...pk("a"), v: { N: "1" } };
  const after = { ...pk("a"), v: { N: "2" } };
  it("a MODIFY carries the images the view type names, Keys always", () => {
    const r = changeRecord(before, after, ["pk"], viewType);
    expect(r?.Keys).toEqual(pk("a"));
    expect(r?.NewImage).toEqual(hasNew ? after : undefined);
    expect(r?.OldImage).toEqual(hasOld ? before : undefined);
  });
  it("an INSERT has no old image, a REMOVE no new one", () => {
    expect(changeRecord(undefined, after, ["pk"], viewType)?.OldImage).toBeUndefined();
    expect(changeRecord(before, undefined, ["pk"], viewType)?.NewImage).toBeUndefined();
    expect(changeRecord(before, undefined, ["pk"], viewType)?.eventName).toBe("REMOVE");
  });
});

describe("streams API", () => {
  async function withRecords(n: number, now: () => number = () => 1_700_000_000_000) {
    const s = setup("NEW_IMAGE", now);
    for (let i = 0; i < n; i++) await s.call("PutItem", { Item: pk(`k${i}`) });
    return s;
  }
  const iterator = (log: StreamLog, arn: string, shard: string, type: string, seq?: string) =>
    streamsApi(log, "GetShardIterator", {
      StreamArn: arn,
      ShardId: shard,
      ShardIteratorType: type,
      ...(seq === undefined ? {} : { SequenceNumber: seq }),
    }).ShardIterator;
  const seqsOf = (body: Record<string, unknown>) =>
    (body.Records as Array<{ dynamodb: { SequenceNumber: string } }>).map((r) => r.dynamodb.SequenceNumber);

  it("lists and describes the stream, and pages records from TRIM_HORIZON with Limit", async () => {
    const { log, stream } = await withRecords(5);
    expect(streamsApi(log, "ListStreams", {})).toEqual({
      Streams: [{ StreamArn: stream.arn, TableName: "orders", StreamLabel: stream.label }],
    });
    const described = streamsApi(log, "DescribeStream", { StreamArn: stream.arn }) as {
      StreamDescription: { Shards: Array<{ ShardId: string }>; StreamViewType: string };
    };
    expect(described.StreamDescription.Shards.map((s) => s.ShardId)).toEqual([stream.shardId]);
    expect(described.StreamDescription.StreamViewType).toBe("NEW_IMAGE");
    const first = streamsApi(log, "GetRecords", {
      ShardIterator: iterator(log, stream.arn, stream.shardId, "TRIM_HORIZON"),
      Limit: 3,
    });
    const second = streamsApi(log, "GetRecords", { ShardIterator: first.NextShardIterator });
    expect([...seqsOf(first), "|", ...seqsOf(second)]).toEqual([
      "100000000000000000001",
      "100000000000000000002",
      "100000000000000000003",
      "|",
      "100000000000000000004",
      "100000000000000000005",
    ]);
  });

  it("starts at or after a sequence number, or at the end (LATEST)", async () => {
    const { log, stream } = await withRecords(4);
    const read = (type: string, seq?: string) =>
      seqsOf(streamsApi(log, "GetRecords", { ShardIterator: iterator(log, stream.arn, stream.shardId, type, seq) }));
    expect(read("AT_SEQUENCE_NUMBER", "100000000000000000003")).toEqual([
      "100000000000000000003",
      "100000000000000000004",
    ]);
    expect(read("AFTER_SEQUENCE_NUMBER", "100000000000000000003")).toEqual(["100000000000000000004"]);
    expect(read("LATEST")).toEqual([]);
  });

  it("refuses records past the retention period (TrimmedDataAccessException)", async () => {
    let now = 1_700_000_000_000;
    const { log, stream, call } = await withRecords(2, () => now);
    now += 61_000;
    await call("PutItem", { Item: pk("late") });
    expect(() => iterator(log, stream.arn, stream.shardId, "AT_SEQUENCE_NUMBER", "100000000000000000001")).toThrow(
      expect.objectContaining({ type: "TrimmedDataAccessException" }) as unknown as Error,
    );
    const all = seqsOf(
      streamsApi(log, "GetRecords", { ShardIterator: iterator(log, stream.arn, stream.shardId, "TRIM_HORIZON") }),
    );
    expect(all).toEqual(["100000000000000000003"]);
    expect(() => streamsApi(log, "DescribeStream", { StreamArn: "nope" })).toThrow(StreamsApiError);
  });
});

describe("refuseProjectionBugs", () => {
  const target = (extra: Record<string, unknown>) => localTargetSchema.parse({ kind: "local", ...extra });
  it("refuses skipRecord where no reference projection runs, and lets it be where one does", () => {
    expect(() => refuseProjectionBugs(target({}), { skipRecord: 0.1 })).toThrow(/add `stream`/);
    expect(() =>
      refuseProjectionBugs(target({ stream: {}, functions: { streamConsumer: { handler: "./s.ts" } } }), {
        skipRecord: 0.1,
      }),
    ).toThrow(/team's stream consumer/);
    expect(() => refuseProjectionBugs(target({ stream: {} }), { skipRecord: 0.1 })).not.toThrow();
    expect(() => refuseProjectionBugs(target({}), { skipRecord: 0 })).not.toThrow();
  });
});

describe("wireImage", () => {
  it("turns the SDK's decoded binary attributes back into base64, as Lambda delivers them", () => {
    expect(
      wireImage({
        pk: { S: "a" },
        blob: { B: new Uint8Array([1, 2, 3]) },
        set: { BS: [new Uint8Array([255])] },
        n: { N: "1" },
      }),
    ).toEqual({ pk: { S: "a" }, blob: { B: "AQID" }, set: { BS: ["/w=="] }, n: { N: "1" } });
  });
});
