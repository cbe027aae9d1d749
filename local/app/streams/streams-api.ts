// The DynamoDB Streams API (JSON 1.0, `DynamoDBStreams_20120810.*`) over the stand-in's StreamLog: ListStreams,
// DescribeStream, GetShardIterator, GetRecords, with AWS's errors for an unknown stream and for trimmed data.
import type { StoredRecord, StreamLog, TableStream } from "./stream-log.ts";

export class StreamsApiError extends Error {
  readonly type: string;
  readonly status: number;
  constructor(type: string, message: string, status = 400) {
    super(message);
    this.name = "StreamsApiError";
    this.type = type;
    this.status = status;
  }
}

interface Iterator {
  arn: string;
  shardId: string;
  /** Absolute position of the next record. */
  position: number;
}

const maxLimit = 1000;

function encodeIterator(it: Iterator): string {
  return Buffer.from(JSON.stringify(it)).toString("base64url");
}

function decodeIterator(raw: unknown): Iterator {
  try {
    const it = JSON.parse(Buffer.from(String(raw), "base64url").toString("utf8")) as Iterator;
    if (typeof it.arn === "string" && typeof it.shardId === "string" && Number.isInteger(it.position)) return it;
  } catch {}
  throw new StreamsApiError("ValidationException", "Invalid ShardIterator");
}

function streamOf(log: StreamLog, arn: unknown): TableStream {
  const stream = typeof arn === "string" ? log.byStreamArn(arn) : undefined;
  if (stream === undefined)
    throw new StreamsApiError(
      "ResourceNotFoundException",
      `Requested resource not found: Stream: ${String(arn)} not found`,
    );
  return stream;
}

function checkShard(stream: TableStream, shardId: unknown): void {
  if (shardId !== stream.shardId)
    throw new StreamsApiError(
      "ResourceNotFoundException",
      `Requested resource not found: Shard: ${String(shardId)} not found`,
    );
}

export function wireRecord(log: StreamLog, stream: TableStream, r: StoredRecord): Record<string, unknown> {
  return {
    eventID: r.eventId,
    eventName: r.change.eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: log.options.region,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(r.at / 1000),
      Keys: r.change.Keys,
      ...(r.change.NewImage === undefined ? {} : { NewImage: r.change.NewImage }),
      ...(r.change.OldImage === undefined ? {} : { OldImage: r.change.OldImage }),
      SequenceNumber: r.seq,
      SizeBytes: r.change.SizeBytes,
      StreamViewType: stream.viewType,
    },
  };
}

type Body = Record<string, unknown>;

export function streamsApi(log: StreamLog, operation: string, body: Body): Body {
  switch (operation) {
    case "ListStreams": {
      const table = body.TableName;
      const streams = log.all().filter((s) => table === undefined || s.tableName === table);
      return { Streams: streams.map((s) => ({ StreamArn: s.arn, TableName: s.tableName, StreamLabel: s.label })) };
    }
    case "DescribeStream": {
      const stream = streamOf(log, body.StreamArn);
      log.trim(stream);
      const first = stream.records[0]?.seq ?? stream.trimmedThrough;
      return {
        StreamDescription: {
          StreamArn: stream.arn,
          StreamLabel: stream.label,
          StreamStatus: "ENABLED",
          StreamViewType: stream.viewType,
          CreationRequestDateTime: stream.createdAt / 1000,
          TableName: stream.tableName,
          KeySchema: stream.keySchema,
          Shards: [
            {
              ShardId: stream.shardId,
              SequenceNumberRange: { StartingSequenceNumber: first === "" ? "0" : first },
            },
          ],
        },
      };
    }
    case "GetShardIterator":
      return { ShardIterator: encodeIterator(shardIterator(log, body)) };
    case "GetRecords":
      return getRecords(log, body);
    default:
      throw new StreamsApiError("UnknownOperationException", `Unknown operation ${operation}`);
  }
}

function shardIterator(log: StreamLog, body: Body): Iterator {
  const stream = streamOf(log, body.StreamArn);
  checkShard(stream, body.ShardId);
  log.trim(stream);
  const end = stream.trimmed + stream.records.length;
  const at = (position: number): Iterator => ({ arn: stream.arn, shardId: stream.shardId, position });
  const seq = typeof body.SequenceNumber === "string" ? body.SequenceNumber : undefined;
  switch (body.ShardIteratorType) {
    case "TRIM_HORIZON":
      return at(stream.trimmed);
    case "LATEST":
      return at(end);
    case "AT_SEQUENCE_NUMBER":
    case "AFTER_SEQUENCE_NUMBER": {
      if (seq === undefined || !/^\d{21,40}$/.test(seq))
        throw new StreamsApiError("ValidationException", "SequenceNumber is required for this ShardIteratorType");
      if (stream.trimmedThrough !== "" && seq <= stream.trimmedThrough)
        throw new StreamsApiError(
          "TrimmedDataAccessException",
          `The requested sequence number ${seq} is beyond the trim horizon of the stream`,
        );
      const position = log.positionAtOrAfter(stream, seq);
      const hit = stream.records[position - stream.trimmed]?.seq === seq;
      return at(body.ShardIteratorType === "AFTER_SEQUENCE_NUMBER" && hit ? position + 1 : position);
    }
    default:
      throw new StreamsApiError("ValidationException", `Invalid ShardIteratorType ${String(body.ShardIteratorType)}`);
  }
}

function getRecords(log: StreamLog, body: Body): Body {
  const it = decodeIterator(body.ShardIterator);
  const stream = streamOf(log, it.arn);
  checkShard(stream, it.shardId);
  log.trim(stream);
  if (it.position < stream.trimmed)
    throw new StreamsApiError("TrimmedDataAccessException", "The iterator points at records past the trim horizon");
  const limit = typeof body.Limit === "number" ? body.Limit : maxLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit)
    throw new StreamsApiError("ValidationException", `Limit must be between 1 and ${maxLimit}`);
  const from = it.position - stream.trimmed;
  const records = stream.records.slice(from, from + limit);
  const next = { ...it, position: it.position + records.length };
  return { Records: records.map((r) => wireRecord(log, stream, r)), NextShardIterator: encodeIterator(next) };
}
