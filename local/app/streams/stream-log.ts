// The stand-in's stream storage: one stream per stream-enabled table, one open shard each, records in the order the
// captured writes completed, ascending sequence numbers, trimmed past the retention period (24 hours on AWS).
import { randomBytes } from "node:crypto";
import type { ChangeRecord, StreamViewType } from "./images.ts";

export interface StoredRecord {
  /** 21 decimal digits, so string order is numeric order. */
  seq: string;
  /** When the write was captured (epoch ms). */
  at: number;
  eventId: string;
  change: ChangeRecord;
}

export interface TableStream {
  tableName: string;
  arn: string;
  label: string;
  viewType: StreamViewType;
  keySchema: Array<{ AttributeName: string; KeyType: string }>;
  shardId: string;
  createdAt: number;
  records: StoredRecord[];
  /** Records trimmed so far: a position is absolute, records[position - trimmed]. */
  trimmed: number;
  /** The sequence number of the last trimmed record ("" when none). */
  trimmedThrough: string;
}

const seqBase = 10n ** 20n;

export function sequenceNumber(n: number): string {
  return String(seqBase + BigInt(n));
}

export interface StreamLogOptions {
  region: string;
  accountId: string;
  /** Records older than this are trimmed (DynamoDB Streams keeps 24 hours). */
  retentionMs: number;
  now: () => number;
}

export class StreamLog {
  private readonly byTable = new Map<string, TableStream>();
  private readonly byArn = new Map<string, TableStream>();
  private counter = 0;
  readonly options: StreamLogOptions;

  constructor(options: StreamLogOptions) {
    this.options = options;
  }

  enable(tableName: string, viewType: StreamViewType, keySchema: TableStream["keySchema"]): TableStream {
    const existing = this.byTable.get(tableName);
    if (existing !== undefined) return existing;
    const createdAt = this.options.now();
    const label = new Date(createdAt).toISOString().replace("Z", "");
    const stream: TableStream = {
      tableName,
      arn: `arn:aws:dynamodb:${this.options.region}:${this.options.accountId}:table/${tableName}/stream/${label}`,
      label,
      viewType,
      keySchema,
      shardId: `shardId-${String(createdAt).padStart(20, "0")}-${randomBytes(4).toString("hex")}`,
      createdAt,
      records: [],
      trimmed: 0,
      trimmedThrough: "",
    };
    this.byTable.set(tableName, stream);
    this.byArn.set(stream.arn, stream);
    return stream;
  }

  forTable(tableName: string): TableStream | undefined {
    return this.byTable.get(tableName);
  }

  byStreamArn(arn: string): TableStream | undefined {
    return this.byArn.get(arn);
  }

  all(): TableStream[] {
    return [...this.byTable.values()];
  }

  append(stream: TableStream, change: ChangeRecord): StoredRecord {
    this.counter++;
    const record: StoredRecord = {
      seq: sequenceNumber(this.counter),
      at: this.options.now(),
      eventId: randomBytes(16).toString("hex"),
      change,
    };
    stream.records.push(record);
    return record;
  }

  /** Drops the records past retention; called before every read. */
  trim(stream: TableStream): void {
    const horizon = this.options.now() - this.options.retentionMs;
    let drop = 0;
    while (drop < stream.records.length && (stream.records[drop] as StoredRecord).at < horizon) drop++;
    if (drop === 0) return;
    stream.trimmedThrough = (stream.records[drop - 1] as StoredRecord).seq;
    stream.records.splice(0, drop);
    stream.trimmed += drop;
  }

  /** The absolute position of the first record with a sequence number >= seq (the end when none). */
  positionAtOrAfter(stream: TableStream, seq: string): number {
    const records = stream.records;
    let lo = 0;
    let hi = records.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((records[mid] as StoredRecord).seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return stream.trimmed + lo;
  }
}
