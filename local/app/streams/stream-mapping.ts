// The event source mapping for a DynamoDB stream, as Lambda runs one: a poller per shard reads records in order,
// invokes the function with batches of up to batchSize, and on a function error retries (bisecting the batch when
// asked) until maximumRetryAttempts or maximumRecordAgeSeconds, then sends the batch's info (shard and sequence range,
// not the records) to the on-failure destination and moves on. IteratorAge is published as AWS/Lambda IteratorAge.
import { randomUUID } from "node:crypto";
import type { MetricsRegistry } from "../metrics.ts";
import type { DynamoDBRecord, StreamFailureRecord, StreamsBatchResponse } from "./stream-types.ts";

export interface StreamMappingConfig {
  streamArn: string;
  shardId: string;
  functionName: string;
  functionArn: string;
  batchSize: number;
  bisectBatchOnFunctionError: boolean;
  /** -1: until the records expire. */
  maximumRetryAttempts: number;
  /** -1: no limit. */
  maximumRecordAgeSeconds: number;
  reportBatchItemFailures: boolean;
}

export type Invocation = { ok: true; value: unknown } | { ok: false; errorType: string; errorMessage: string };

/** What the mapping needs from its surroundings: the shard's records, the function, the destination, a clock. */
export interface StreamMappingDeps {
  /**
   * An iterator after the last record done with, or at TRIM_HORIZON before any (the mapping is created with the
   * stream, before any write): Lambda's checkpoint.
   */
  iteratorAfter: (sequenceNumber: string | undefined) => Promise<string>;
  getRecords: (iterator: string, limit: number) => Promise<{ records: DynamoDBRecord[]; next: string | undefined }>;
  invoke: (records: DynamoDBRecord[]) => Promise<Invocation>;
  sendToDestination: (record: StreamFailureRecord) => Promise<void>;
  metrics: MetricsRegistry;
  log: (line: string) => void;
  now: () => number;
  sleep: (ms: number) => Promise<unknown>;
  /** Wait between polls of an idle shard (Lambda polls each shard four times a second). */
  idlePollMs?: number;
}

export interface StreamMapping {
  /** Records read and not yet done with (processed or sent on): the drain waits for them. */
  readonly pending: number;
  stop(): Promise<void>;
}

interface Piece {
  records: DynamoDBRecord[];
  /** Retries used so far. */
  attempt: number;
}

export function startStreamMapping(config: StreamMappingConfig, deps: StreamMappingDeps): StreamMapping {
  const dims = { FunctionName: config.functionName };
  let stopped = false;
  let pending = 0;
  /** The last record done with (processed or sent on): where a poller that failed resumes. */
  let checkpoint: string | undefined;

  const arrival = (r: DynamoDBRecord) => new Date(r.dynamodb.ApproximateCreationDateTime * 1000).toISOString();

  const sendOn = async (
    records: DynamoDBRecord[],
    condition: StreamFailureRecord["requestContext"]["condition"],
    invokes: number,
    error: string,
  ) => {
    const first = records[0] as DynamoDBRecord;
    const last = records[records.length - 1] as DynamoDBRecord;
    await deps.sendToDestination({
      requestContext: {
        requestId: randomUUID(),
        functionArn: config.functionArn,
        condition,
        approximateInvokeCount: invokes,
      },
      responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: error },
      version: "1.0",
      timestamp: new Date(deps.now()).toISOString(),
      DDBStreamBatchInfo: {
        shardId: config.shardId,
        startSequenceNumber: first.dynamodb.SequenceNumber,
        endSequenceNumber: last.dynamodb.SequenceNumber,
        approximateArrivalOfFirstRecord: arrival(first),
        approximateArrivalOfLastRecord: arrival(last),
        batchSize: records.length,
        streamArn: config.streamArn,
      },
    });
    deps.metrics.tally("local:StreamBatchesSentOn");
    deps.metrics.tally("local:StreamRecordsSentOn", records.length);
    deps.log(
      `stream mapping: ${records.length} record(s) ${first.dynamodb.SequenceNumber}..${last.dynamodb.SequenceNumber} sent to the on-failure destination (${condition})`,
    );
  };

  /** Where to resume after a partial failure; undefined when the response does not name a record of the batch. */
  const resumeAt = (records: DynamoDBRecord[], value: unknown): number | undefined => {
    const failures = (value as Partial<StreamsBatchResponse> | null | undefined)?.batchItemFailures;
    if (failures === undefined || failures === null) return records.length;
    if (!Array.isArray(failures)) return undefined;
    if (failures.length === 0) return records.length;
    let at = records.length;
    for (const f of failures) {
      const id = (f as { itemIdentifier?: unknown } | null)?.itemIdentifier;
      const i = records.findIndex((r) => r.dynamodb.SequenceNumber === id);
      if (i < 0) return undefined; // null, empty or unknown: the whole batch failed
      at = Math.min(at, i);
    }
    return at;
  };

  /** One batch through to the end: processed, or sent on after its retries; in order, one piece at a time. */
  const deliver = async (batch: DynamoDBRecord[]) => {
    const queue: Piece[] = [{ records: batch, attempt: 0 }];
    while (queue.length > 0) {
      const piece = queue.shift() as Piece;
      const { records, attempt } = piece;
      const oldest = (records[0] as DynamoDBRecord).dynamodb.ApproximateCreationDateTime * 1000;
      if (config.maximumRecordAgeSeconds >= 0 && deps.now() - oldest > config.maximumRecordAgeSeconds * 1000) {
        await sendOn(records, "RecordAgeExceeded", attempt, "RecordAgeExceeded");
        pending -= records.length;
        continue;
      }
      const newest = (records[records.length - 1] as DynamoDBRecord).dynamodb.ApproximateCreationDateTime * 1000;
      deps.metrics.timing("AWS/Lambda", "IteratorAge", dims, Math.max(0, deps.now() - newest));
      deps.metrics.count("AWS/Lambda", "Invocations", dims);
      const result = await deps.invoke(records);
      let failedFrom = 0;
      if (result.ok) {
        const at = config.reportBatchItemFailures ? resumeAt(records, result.value) : records.length;
        if (at === records.length) {
          pending -= records.length;
          deps.metrics.tally("local:StreamRecordsProcessed", records.length);
          continue;
        }
        failedFrom = at ?? 0;
      } else deps.metrics.count("AWS/Lambda", "Errors", dims);
      // Records before a reported failure are done; the rest is retried from the failure.
      pending -= failedFrom;
      const rest = records.slice(failedFrom);
      const error = result.ok ? "BatchItemFailure" : "Unhandled";
      if (!result.ok && config.bisectBatchOnFunctionError && rest.length > 1) {
        const half = Math.ceil(rest.length / 2);
        queue.unshift({ records: rest.slice(0, half), attempt }, { records: rest.slice(half), attempt });
        continue;
      }
      if (config.maximumRetryAttempts < 0 || attempt < config.maximumRetryAttempts) {
        await deps.sleep(Math.min(100 * 2 ** attempt, 1_000));
        queue.unshift({ records: rest, attempt: attempt + 1 });
        continue;
      }
      await sendOn(rest, "RetryAttemptsExhausted", attempt + 1, error);
      pending -= rest.length;
    }
  };

  const poll = async () => {
    let iterator: string | undefined = await deps.iteratorAfter(checkpoint);
    while (!stopped && iterator !== undefined) {
      const { records, next } = await deps.getRecords(iterator, Math.min(config.batchSize, 1000));
      iterator = next;
      if (records.length === 0) {
        await deps.sleep(deps.idlePollMs ?? 250);
        continue;
      }
      pending = records.length;
      await deliver(records);
      pending = 0;
      checkpoint = (records[records.length - 1] as DynamoDBRecord).dynamodb.SequenceNumber;
    }
  };

  const running = (async () => {
    for (;;) {
      try {
        await poll();
        return;
      } catch (error) {
        if (stopped) return;
        // A read that failed (the endpoint restarting): the shard is read again after the checkpoint, as Lambda does.
        deps.log(`stream mapping: ${String(error)}; polling again in 1 s`);
        await deps.sleep(1_000);
      }
    }
  })();

  return {
    get pending() {
      return pending;
    },
    async stop() {
      stopped = true;
      await running;
    },
  };
}
