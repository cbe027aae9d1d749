// Reads a big sink on several threads: each reads some of the parallel Scan's segments with its own client, so the
// SDK's parsing of millions of items uses every core; the tables come back as buffers and are merged here.
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { AwsClientOptions } from "../../aws/clients.ts";
import { runnableUrl } from "../../common/module-url.ts";
import type { SinkConfig } from "../../config/schema-target.ts";
import type { SourceStatus } from "../../contracts/verdict.ts";
import type { SinkEvidence } from "../evidence.ts";
import type { HistogramData } from "../histogram.ts";
import { readSink } from "./dynamodb-sink.ts";
import { mergeCountTable, type TableTransfer } from "./table-transfer.ts";
import { threadResult } from "./thread-result.ts";

export interface SinkThreadInput {
  aws: AwsClientOptions;
  sink: SinkConfig;
  runId: string;
  segments: number[];
  clientModule: string;
  clientOptions?: unknown;
}

export interface SinkThreadResult {
  status: SourceStatus;
  table: TableTransfer;
  latency: HistogramData;
  timed: boolean;
  items: number;
}

export interface ThreadedSinkReadOptions {
  /** How the threads reach DynamoDB (each builds its own client from it). */
  aws: AwsClientOptions;
  /** This thread's client: for one thread (a small run, a Query) or when threads cannot start. */
  client: DynamoDBClient;
  sink: SinkConfig;
  runId: string;
  /** Threads wanted; a Query reads on one, a Scan on at most one per segment. */
  threads: number;
  /** Module URL exporting createDynamoDbClient(aws, clientOptions) for the threads; default aws/clients.ts. */
  clientModule?: string;
  clientOptions?: unknown;
  /** The running count of items read (all threads), for progress. */
  onPage?: (items: number) => void;
}

const defaultClientModule = runnableUrl(new URL("../../aws/clients.ts", import.meta.url)).href;

export async function readSinkThreaded(options: ThreadedSinkReadOptions, ev: SinkEvidence): Promise<SourceStatus> {
  const { sink, runId } = options;
  const single = () =>
    readSink({ client: options.client, sink, runId, ...(options.onPage ? { onPage: options.onPage } : {}) }, ev);
  const threads = Math.min(options.threads, sink.runPartition === undefined ? sink.scanSegments : 1);
  if (threads <= 1) return single();
  const groups = Array.from({ length: threads }, (_, t) =>
    Array.from({ length: sink.scanSegments }, (_, s) => s).filter((s) => s % threads === t),
  );
  const counts = groups.map(() => 0);
  let results: SinkThreadResult[];
  try {
    results = await Promise.all(
      groups.map((segments, t) =>
        readInThread(
          {
            aws: options.aws,
            sink,
            runId,
            segments,
            clientModule: options.clientModule ?? defaultClientModule,
            ...(options.clientOptions === undefined ? {} : { clientOptions: options.clientOptions }),
          },
          (n) => {
            counts[t] = n;
            options.onPage?.(counts.reduce((a, b) => a + b, 0));
          },
        ),
      ),
    );
  } catch {
    // A thread could not start or died: nothing of it was merged, so reading it all here again loses nothing.
    return single();
  }
  const errors: string[] = [];
  let read = 0;
  for (const r of results) {
    mergeCountTable(ev.ids, r.table);
    ev.latency.merge(r.latency);
    ev.items += r.items;
    ev.timed ||= r.timed;
    read += r.status.read;
    if (!r.status.complete && r.status.error !== undefined) errors.push(r.status.error);
  }
  const complete = results.every((r) => r.status.complete);
  return {
    name: sink.name,
    read,
    complete,
    ...(complete ? {} : { error: [...new Set(errors)].join("; ") }),
    ...(results.some((r) => r.status.unreachable === true) ? { unreachable: true as const } : {}),
  };
}

function readInThread(input: SinkThreadInput, onCount: (n: number) => void): Promise<SinkThreadResult> {
  return threadResult(runnableUrl(new URL("./sink-worker.ts", import.meta.url)), input, onCount);
}
