// The lambda process's stream part: finds the stream's shard through the DynamoDB Streams API (the stand-in's), and
// runs the event source mapping with the reference projection or the team's stream consumer (in its workers, the
// projection error fault injected before it), sending failed batches' info to the on-failure queue.
import { setTimeout as sleep } from "node:timers/promises";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { localCredentials } from "../../resources.ts";
import type { AppConfig } from "../config.ts";
import type { ControlState } from "../control-state.ts";
import { teamWorkerPool } from "../functions/team-pool.ts";
import type { WorkerPool } from "../functions/worker-pool.ts";
import type { MetricsRegistry } from "../metrics.ts";
import { dynamoSink } from "../sink.ts";
import { createProjectionHandler } from "./projection-handler.ts";
import { type Invocation, type StreamMapping, startStreamMapping } from "./stream-mapping.ts";
import type { DynamoDBRecord } from "./stream-types.ts";
import { wireImage } from "./wire-image.ts";

export interface StreamConsumerDeps {
  sqs: SQSClient;
  dynamodb: DynamoDBClient;
  state: ControlState;
  metrics: MetricsRegistry;
  log: (line: string) => void;
}

export interface StreamConsumer {
  mapping: StreamMapping;
  pool: WorkerPool | undefined;
  stop(): Promise<void>;
}

type Image = DynamoDBRecord["dynamodb"]["Keys"];

/** The SDK's record (dates as Date) back in the event's wire shape (epoch seconds), with the mapping's source ARN. */
function eventRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  const created = d.ApproximateCreationDateTime;
  return {
    eventID: record.eventID ?? "",
    eventName: (record.eventName ?? "INSERT") as DynamoDBRecord["eventName"],
    eventVersion: record.eventVersion ?? "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: record.awsRegion ?? "",
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime:
        created instanceof Date ? Math.floor(created.getTime() / 1000) : Number(created ?? 0),
      Keys: wireImage(d.Keys ?? {}) as Image,
      ...(d.NewImage === undefined ? {} : { NewImage: wireImage(d.NewImage) as Image }),
      ...(d.OldImage === undefined ? {} : { OldImage: wireImage(d.OldImage) as Image }),
      SequenceNumber: d.SequenceNumber ?? "",
      SizeBytes: d.SizeBytes ?? 0,
      StreamViewType: d.StreamViewType ?? "",
    },
  };
}

export async function startStreamConsumer(config: AppConfig, deps: StreamConsumerDeps): Promise<StreamConsumer> {
  const stream = config.stream;
  if (stream === undefined) throw new Error("no stream in the app config");
  const client = new DynamoDBStreamsClient({
    region: config.region,
    endpoint: config.endpoints.dynamodb,
    credentials: localCredentials,
  });
  const described = await client.send(new DescribeStreamCommand({ StreamArn: stream.streamArn }));
  const shardId = described.StreamDescription?.Shards?.[0]?.ShardId;
  if (shardId === undefined) throw new Error(`stream ${stream.streamArn} has no shard`);
  const { state } = deps;
  const team = stream.function;
  const pool = team === undefined ? undefined : teamWorkerPool(config, team, stream.functionName, deps.metrics);
  const projection =
    stream.projectionTable === undefined
      ? undefined
      : createProjectionHandler({
          sink: dynamoSink(deps.dynamodb, stream.projectionTable),
          faults: () => state.faults,
          bugs: () => state.bugs,
          harm: (mode, id) => state.harm(mode, id),
          random: Math.random,
          now: Date.now,
        });
  const invoke = async (records: DynamoDBRecord[]): Promise<Invocation> => {
    const event = { Records: records };
    if (pool !== undefined) {
      if (Math.random() < state.faults.projectionErrorRate)
        return { ok: false, errorType: "InjectedError", errorMessage: "injected stream consumer error" };
      return pool.invoke(event);
    }
    try {
      return { ok: true, value: await projection?.(event) };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      return { ok: false, errorType: e.name, errorMessage: e.message };
    }
  };
  const mapping = startStreamMapping(
    {
      streamArn: stream.streamArn,
      shardId,
      functionName: stream.functionName,
      functionArn: `arn:aws:lambda:${config.region}:000000000000:function:${stream.functionName}`,
      batchSize: stream.batchSize,
      bisectBatchOnFunctionError: stream.bisectBatchOnFunctionError,
      maximumRetryAttempts: stream.maximumRetryAttempts,
      maximumRecordAgeSeconds: stream.maximumRecordAgeSeconds,
      reportBatchItemFailures: stream.reportBatchItemFailures,
    },
    {
      iteratorAfter: async (seq) => {
        const out = await client.send(
          new GetShardIteratorCommand({
            StreamArn: stream.streamArn,
            ShardId: shardId,
            ...(seq === undefined
              ? { ShardIteratorType: "TRIM_HORIZON" }
              : { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber: seq }),
          }),
        );
        return out.ShardIterator ?? "";
      },
      getRecords: async (iterator, limit) => {
        const out = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }));
        return {
          records: (out.Records ?? []).map((r) => eventRecord(r, stream.streamArn)),
          next: out.NextShardIterator,
        };
      },
      invoke,
      sendToDestination: async (record) => {
        await deps.sqs.send(
          new SendMessageCommand({ QueueUrl: stream.failureQueueUrl, MessageBody: JSON.stringify(record) }),
        );
      },
      metrics: deps.metrics,
      log: deps.log,
      now: Date.now,
      sleep: (ms) => sleep(ms),
    },
  );
  deps.log(
    `lambda: stream ${stream.streamArn} -> ${team === undefined ? `the projection (${stream.projectionTable})` : `the team's ${team.exportName} from ${team.file}`}; failures to ${stream.failureQueueUrl} (batch ${stream.batchSize})`,
  );
  return {
    mapping,
    pool,
    async stop() {
      await mapping.stop();
      pool?.stop();
      client.destroy();
    },
  };
}
