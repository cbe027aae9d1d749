// Lambda's stream event source mapping with a fake shard and function: batches in order, bisect on a function error
// isolates the poisoned record, retries up to maximumRetryAttempts then the on-failure destination gets the batch's
// info (not its records), record age, ReportBatchItemFailures resuming at the failed record, IteratorAge.
import { describe, expect, it } from "vitest";
import { MetricsRegistry } from "../../local/app/metrics.ts";
import {
  type Invocation,
  type StreamMappingConfig,
  startStreamMapping,
} from "../../local/app/streams/stream-mapping.ts";
import type { DynamoDBRecord, StreamFailureRecord } from "../../local/app/streams/stream-types.ts";

const seq = (n: number) => String(10n ** 20n + BigInt(n));
const record = (n: number, createdSeconds = 1_700_000_000): DynamoDBRecord => ({
  eventID: `e${n}`,
  eventName: "INSERT",
  eventVersion: "1.1",
  eventSource: "aws:dynamodb",
  awsRegion: "us-east-1",
  eventSourceARN: "arn:stream",
  dynamodb: {
    ApproximateCreationDateTime: createdSeconds,
    Keys: { pk: { S: `k${n}` } },
    SequenceNumber: seq(n),
    SizeBytes: 10,
    StreamViewType: "NEW_AND_OLD_IMAGES",
  },
});

const base: StreamMappingConfig = {
  streamArn: "arn:stream",
  shardId: "shardId-1",
  functionName: "fn",
  functionArn: "arn:fn",
  batchSize: 4,
  bisectBatchOnFunctionError: false,
  maximumRetryAttempts: -1,
  maximumRecordAgeSeconds: -1,
  reportBatchItemFailures: false,
};

/** Runs the mapping over `count` records until it is idle; returns what the function saw and what was sent on. */
async function runMapping(
  config: Partial<StreamMappingConfig>,
  count: number,
  fn: (records: DynamoDBRecord[]) => Invocation,
  options: { now?: number; created?: number } = {},
) {
  const records = Array.from({ length: count }, (_, i) => record(i + 1, options.created));
  const invocations: string[][] = [];
  const sent: StreamFailureRecord[] = [];
  const metrics = new MetricsRegistry({ now: () => options.now ?? 1_700_000_001_000 });
  let idle!: () => void;
  const done = new Promise<void>((resolve) => {
    idle = resolve;
  });
  const mapping = startStreamMapping(
    { ...base, ...config },
    {
      iteratorAfter: async () => "0",
      getRecords: async (iterator, limit) => {
        const at = Number(iterator);
        const page = records.slice(at, at + limit);
        if (page.length === 0) idle();
        return { records: page, next: String(at + page.length) };
      },
      invoke: async (batch) => {
        invocations.push(batch.map((r) => r.dynamodb.SequenceNumber.slice(-2)));
        return fn(batch);
      },
      sendToDestination: async (r) => {
        sent.push(r);
      },
      metrics,
      log: () => undefined,
      now: () => options.now ?? 1_700_000_001_000,
      sleep: async () => undefined,
    },
  );
  await done;
  await mapping.stop();
  return { invocations, sent, metrics, pending: mapping.pending };
}

const ok: Invocation = { ok: true, value: null };
const error: Invocation = { ok: false, errorType: "Error", errorMessage: "boom" };
const poisoned = (n: number) => (batch: DynamoDBRecord[]) =>
  batch.some((r) => r.dynamodb.SequenceNumber === seq(n)) ? error : ok;

describe("stream event source mapping", () => {
  it("delivers batches of batchSize in order", async () => {
    const { invocations, sent, pending } = await runMapping({}, 6, () => ok);
    expect(invocations).toEqual([
      ["01", "02", "03", "04"],
      ["05", "06"],
    ]);
    expect(sent).toEqual([]);
    expect(pending).toBe(0);
  });

  it("retries a failing batch maximumRetryAttempts times, then sends its info (not its records) on", async () => {
    const { invocations, sent } = await runMapping({ maximumRetryAttempts: 2 }, 4, poisoned(3));
    expect(invocations).toHaveLength(3);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      requestContext: { functionArn: "arn:fn", condition: "RetryAttemptsExhausted", approximateInvokeCount: 3 },
      responseContext: { functionError: "Unhandled" },
      version: "1.0",
      DDBStreamBatchInfo: {
        shardId: "shardId-1",
        startSequenceNumber: seq(1),
        endSequenceNumber: seq(4),
        batchSize: 4,
        streamArn: "arn:stream",
      },
    });
    expect(JSON.stringify(sent[0])).not.toContain("k1");
  });

  it("bisects a failing batch down to the poisoned record, and sends only that one on", async () => {
    const { invocations, sent } = await runMapping(
      { bisectBatchOnFunctionError: true, maximumRetryAttempts: 0 },
      4,
      poisoned(3),
    );
    expect(invocations).toEqual([["01", "02", "03", "04"], ["01", "02"], ["03", "04"], ["03"], ["04"]]);
    expect(sent.map((s) => [s.DDBStreamBatchInfo.startSequenceNumber, s.DDBStreamBatchInfo.endSequenceNumber])).toEqual(
      [[seq(3), seq(3)]],
    );
  });

  it("sends a batch older than maximumRecordAgeSeconds on without invoking", async () => {
    const { invocations, sent } = await runMapping({ maximumRecordAgeSeconds: 60 }, 2, () => ok, {
      now: 1_700_000_100_000,
      created: 1_700_000_000,
    });
    expect(invocations).toEqual([]);
    expect(sent.map((s) => s.requestContext.condition)).toEqual(["RecordAgeExceeded"]);
  });

  it("with ReportBatchItemFailures, resumes at the first failed record", async () => {
    let calls = 0;
    const { invocations } = await runMapping({ reportBatchItemFailures: true }, 4, () =>
      ++calls === 1 ? { ok: true, value: { batchItemFailures: [{ itemIdentifier: seq(3) }] } } : ok,
    );
    expect(invocations).toEqual([
      ["01", "02", "03", "04"],
      ["03", "04"],
    ]);
  });

  it("treats a malformed batchItemFailures as the whole batch failing", async () => {
    let calls = 0;
    const { invocations } = await runMapping({ reportBatchItemFailures: true }, 2, () =>
      ++calls === 1 ? { ok: true, value: { batchItemFailures: [{ itemIdentifier: "nope" }] } } : ok,
    );
    expect(invocations).toEqual([
      ["01", "02"],
      ["01", "02"],
    ]);
  });

  it("publishes IteratorAge (the newest record's age at invocation) as a Maximum", async () => {
    const { metrics } = await runMapping({}, 2, () => ok, { now: 1_700_000_005_000, created: 1_700_000_000 });
    const data = [...(metrics.drain().get("AWS/Lambda") ?? [])].find((d) => d.MetricName === "IteratorAge");
    expect(data?.StatisticValues?.Maximum).toBe(5_000);
  });
});
