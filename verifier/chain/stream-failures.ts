// Reads a stream consumer's on-failure destination as a DLQ-like source. Lambda's failure record names a batch
// (DDBStreamBatchInfo: shard and sequence range), not its records, so each batch is read back from the stream while
// it is retained and its records' IDs taken from their images as the upstream sink names them; a batch the stream
// no longer holds is named as unresolved (its IDs cannot be known), which leaves the link's loss unproven.

import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import {
  type _Record,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { describeError } from "../../common/errors.ts";
import type { SinkConfig } from "../../config/schema-target.ts";
import type { StreamFailuresConfig } from "../../contracts/stream-failures.ts";
import { idReader } from "../sources/dynamodb-sink.ts";
import { peekQueue } from "../sources/sqs-peek.ts";
import type { FailureEvidence, FailureStatus } from "./reconcile-link.ts";

export interface BatchInfo {
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  batchSize: number;
  streamArn: string;
}

export interface FailureReadOptions {
  sqs: SQSClient;
  streams: DynamoDBStreamsClient;
  source: StreamFailuresConfig;
  /** The sink the stream is on: its idAttribute/idPath/idRegex find the ID in a record's image. */
  upstream: SinkConfig;
  runPrefix: string;
  /** Epoch ms the run was planned: failure records stamped before it are earlier runs', not read back. */
  since: number;
}

/** The batch a failure record names (and when it was sent), or undefined for a body that is not one. */
export function batchInfoOf(body: string): (BatchInfo & { at: number }) | undefined {
  try {
    const parsed = JSON.parse(body) as { DDBStreamBatchInfo?: Partial<BatchInfo>; timestamp?: unknown };
    const info = parsed.DDBStreamBatchInfo;
    const at = typeof parsed.timestamp === "string" ? Date.parse(parsed.timestamp) : Number.NaN;
    if (
      typeof info?.shardId === "string" &&
      typeof info.startSequenceNumber === "string" &&
      typeof info.endSequenceNumber === "string" &&
      typeof info.streamArn === "string"
    )
      return { ...(info as BatchInfo), batchSize: Number(info.batchSize ?? 0), at: Number.isNaN(at) ? Infinity : at };
  } catch {}
  return undefined;
}

/** A record's ID as the upstream sink names it: from its new image, else its old one, else its keys. */
export function recordIdReader(upstream: SinkConfig): (record: _Record) => string | undefined {
  const raw = idReader(upstream);
  const regex = upstream.idRegex === undefined ? undefined : new RegExp(upstream.idRegex);
  return (record) => {
    const d = record.dynamodb;
    const image = (d?.NewImage ?? d?.OldImage ?? d?.Keys) as Record<string, AttributeValue> | undefined;
    if (image === undefined) return undefined;
    const value = raw(image);
    return value === undefined || regex === undefined ? value : regex.exec(value)?.[1];
  };
}

/** The records of one batch, start to end inclusive, read from the stream. */
export async function readBatch(streams: DynamoDBStreamsClient, batch: BatchInfo): Promise<_Record[]> {
  const start = BigInt(batch.startSequenceNumber);
  const end = BigInt(batch.endSequenceNumber);
  const { ShardIterator } = await streams.send(
    new GetShardIteratorCommand({
      StreamArn: batch.streamArn,
      ShardId: batch.shardId,
      ShardIteratorType: "AT_SEQUENCE_NUMBER",
      SequenceNumber: batch.startSequenceNumber,
    }),
  );
  const out: _Record[] = [];
  let iterator = ShardIterator;
  while (iterator !== undefined) {
    const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    const records = page.Records ?? [];
    for (const r of records) {
      const seq = BigInt(r.dynamodb?.SequenceNumber ?? "0");
      if (seq > end) return out;
      if (seq >= start) out.push(r);
    }
    // An open shard answers empty at its end: the batch's last record is behind us.
    if (records.length === 0) return out;
    iterator = page.NextShardIterator;
  }
  return out;
}

export async function readStreamFailures(options: FailureReadOptions, ev: FailureEvidence): Promise<FailureStatus> {
  const { source } = options;
  const status: FailureStatus = { name: source.name, records: 0, ids: 0, complete: true, unresolved: [] };
  const batches: BatchInfo[] = [];
  const idOf = recordIdReader(options.upstream);
  try {
    const peeked = await peekQueue({
      client: options.sqs,
      queueUrl: source.queueUrl,
      onMessage: (body) => {
        status.records++;
        const batch = batchInfoOf(body);
        if (batch === undefined)
          status.unresolved.push(`a message that is not a stream failure record: ${body.slice(0, 120)}`);
        else if (batch.at >= options.since) batches.push(batch);
      },
    });
    if (!peeked.complete) {
      status.complete = false;
      status.error = peeked.problems.join("; ");
    }
  } catch (error) {
    status.complete = false;
    status.error = describeError(error);
    return status;
  }
  for (const batch of batches) {
    const name = `batch of ${batch.batchSize} record(s) ${batch.startSequenceNumber}..${batch.endSequenceNumber} on ${batch.shardId}`;
    try {
      const records = await readBatch(options.streams, batch);
      // Not this run's stream range at all: another run's failure, which names none of our IDs.
      for (const record of records) {
        const id = idOf(record);
        if (id === undefined || !id.startsWith(options.runPrefix)) continue;
        ev.ids.addByte(id, 1);
        status.ids++;
      }
    } catch (error) {
      const type = error instanceof Error ? error.name : "Error";
      const gone =
        type === "TrimmedDataAccessException" ||
        type === "ResourceNotFoundException" ||
        type === "ExpiredIteratorException";
      status.unresolved.push(
        gone
          ? `${name}: the stream no longer holds it (${type}; records are kept 24 hours), so its IDs cannot be named`
          : `${name}: could not be read (${describeError(error)})`,
      );
    }
  }
  return status;
}
