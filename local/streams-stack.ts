// The local target's DynamoDB stream, opt-in with `stream` in the config: the change-capture process started in front
// of dynalite (then the DynamoDB endpoint everyone uses is its), the stream enabled on the table, the projection table
// and the on-failure queue created, and what the lambda process needs to run the stream's event source mapping.
import { fileURLToPath } from "node:url";
import { UpdateTableCommand } from "@aws-sdk/client-dynamodb";
import { CreateQueueCommand, GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import type { AwsClients } from "../aws/clients.ts";
import { runnableUrl } from "../common/module-url.ts";
import type { LocalTargetConfig } from "../config/schema-target.ts";
import type { AppFunction } from "./app/app-function.ts";
import { faultNames } from "./controls.ts";
import { freePort } from "./emulators/free-port.ts";
import { dynamodbReady } from "./emulators/probes.ts";
import { type RunningService, type ServiceSpec, startService } from "./emulators/service.ts";
import { UnknownControlError } from "./errors.ts";
import { appFunction } from "./functions.ts";
import { createSinkTable } from "./provision.ts";
import { localAccountId, localRegion, resourceNames } from "./resources.ts";
import type { LocalPaths, StreamResources } from "./state.ts";

export const streamNames = {
  projectionTable: "orders-projection",
  failureQueue: "orders-stream-failures",
  functionName: "orders-projection",
} as const;

/** The lambda process's part (app.json): the mapping's settings, the destination, and the function to run. */
export interface AppStream extends StreamResources {
  batchSize: number;
  bisectBatchOnFunctionError: boolean;
  maximumRetryAttempts: number;
  maximumRecordAgeSeconds: number;
  reportBatchItemFailures: boolean;
  /** The team's stream consumer; absent: the reference projection. */
  function?: AppFunction;
}

const proxyMain = fileURLToPath(runnableUrl(new URL("./app/streams/proxy-main.ts", import.meta.url)));

export function streamProxySpec(port: number, dynalite: string): ServiceSpec {
  return {
    name: "streams",
    command: process.execPath,
    args: [proxyMain, String(port), dynalite],
    port,
    ready: dynamodbReady,
  };
}

/**
 * With a stream configured, starts the capture in front of dynalite and answers its endpoint for DynamoDB (and
 * DynamoDB Streams); without, the endpoints as they were, so runs without a stream keep dynalite's own timings.
 */
export async function withStreamProxy<E extends { dynamodb: string }>(
  target: LocalTargetConfig,
  endpoints: E,
  paths: LocalPaths,
  track: (service: RunningService) => RunningService,
): Promise<E> {
  if (target.stream === undefined) return endpoints;
  const port = await freePort();
  const proxy = track(await startService(streamProxySpec(port, endpoints.dynamodb), paths.log("streams")));
  return { ...endpoints, dynamodb: proxy.endpoint };
}

/** Enables the stream (UpdateTable through the capture, as a team's IaC would), creates the projection and the queue. */
export async function provisionStream(
  aws: Pick<AwsClients, "sqs" | "dynamodb">,
  target: LocalTargetConfig,
): Promise<StreamResources | undefined> {
  const stream = target.stream;
  if (stream === undefined) return undefined;
  const table = stream.table ?? resourceNames.table;
  const team = target.functions?.streamConsumer !== undefined;
  if (!team) await createSinkTable(aws.dynamodb, streamNames.projectionTable);
  const updated = await aws.dynamodb.send(
    new UpdateTableCommand({
      TableName: table,
      StreamSpecification: { StreamEnabled: true, StreamViewType: stream.viewType },
    }),
  );
  const streamArn = updated.TableDescription?.LatestStreamArn;
  if (streamArn === undefined) throw new Error(`UpdateTable ${table} returned no LatestStreamArn`);
  const { QueueUrl } = await aws.sqs.send(
    new CreateQueueCommand({ QueueName: streamNames.failureQueue, Attributes: { MessageRetentionPeriod: "1209600" } }),
  );
  if (QueueUrl === undefined) throw new Error(`CreateQueue ${streamNames.failureQueue} returned no QueueUrl`);
  const { Attributes } = await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
  return {
    table,
    streamArn,
    ...(team ? {} : { projectionTable: streamNames.projectionTable }),
    failureQueueUrl: QueueUrl,
    failureQueueArn: Attributes?.QueueArn ?? `arn:aws:sqs:${localRegion}:${localAccountId}:${streamNames.failureQueue}`,
    functionName: streamNames.functionName,
  };
}

export function appStream(target: LocalTargetConfig, resources: StreamResources | undefined): AppStream | undefined {
  const stream = target.stream;
  if (stream === undefined || resources === undefined) return undefined;
  const fn = appFunction(target, "streamConsumer");
  return {
    ...resources,
    batchSize: stream.batchSize,
    bisectBatchOnFunctionError: stream.bisectBatchOnFunctionError,
    maximumRetryAttempts: stream.maximumRetryAttempts,
    maximumRecordAgeSeconds: stream.maximumRecordAgeSeconds,
    reportBatchItemFailures: stream.reportBatchItemFailures,
    ...(fn === undefined ? {} : { function: fn }),
  };
}

/** skipRecord lives in the reference projection: without it (no stream, or the team's stream consumer) it does nothing. */
export function refuseProjectionBugs(target: LocalTargetConfig, bugs: Partial<Record<string, number>>): void {
  if ((bugs.skipRecord ?? 0) === 0) return;
  if (target.stream !== undefined && target.functions?.streamConsumer === undefined) return;
  throw new UnknownControlError(
    [
      {
        name: "skipRecord",
        message:
          target.stream === undefined
            ? "is a bug mode of the stream projection: add `stream` to the local target"
            : "is a bug mode of the reference projection; the team's stream consumer has its own bugs",
      },
    ],
    faultNames,
  );
}
