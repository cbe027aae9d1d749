// Worker thread entry: reads some Scan segments of a sink with its own DynamoDB client, hands the evidence back.
import { parentPort, workerData } from "node:worker_threads";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { emptySink } from "../evidence.ts";
import { readSink } from "./dynamodb-sink.ts";
import type { SinkThreadInput, SinkThreadResult } from "./sink-threads.ts";
import { tableTransfer } from "./table-transfer.ts";

const port = parentPort;
if (port === null) throw new Error("sink-worker.ts must run in a worker thread");
const input = workerData as SinkThreadInput;
const factory = (await import(input.clientModule)) as {
  createDynamoDbClient(aws: SinkThreadInput["aws"], options?: unknown): DynamoDBClient;
};
const client = factory.createDynamoDbClient(input.aws, input.clientOptions);
const ev = emptySink();
try {
  const status = await readSink(
    { client, sink: input.sink, runId: input.runId, segments: input.segments, onPage: (n) => port.postMessage(n) },
    ev,
  );
  const { data, transfer } = tableTransfer(ev.ids);
  const result: SinkThreadResult = {
    status,
    table: data,
    latency: { counts: ev.latency.counts, count: ev.latency.count, max: ev.latency.max, negative: ev.latency.negative },
    timed: ev.timed,
    items: ev.items,
  };
  port.postMessage(result, [...transfer, ev.latency.counts.buffer as ArrayBuffer]);
} finally {
  client.destroy();
}
