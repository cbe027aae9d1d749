// The lambda process: the consumer function behind two SQS event source mappings (ingest and events queues).
import { setTimeout as sleep } from "node:timers/promises";
import { DeleteMessageCommand } from "@aws-sdk/client-sqs";
import { eventDeliveriesPending } from "../control-client.ts";
import { startAsyncFunction } from "./async/start.ts";
import type { AppConfig } from "./config.ts";
import { FunctionConcurrency } from "./consumer/concurrency.ts";
import { startEventSourceMapping } from "./consumer/event-source-mapping.ts";
import { ReferenceConsumerPool } from "./consumer/reference-pool.ts";
import { controlHandler } from "./control-server.ts";
import { ControlState } from "./control-state.ts";
import { teamConsumer } from "./functions/team-consumer.ts";
import { teamWorkerPool } from "./functions/team-pool.ts";
import { createHandler } from "./handler.ts";
import type { SQSBatchResponse, SQSEvent } from "./lambda-types.ts";
import { MetricsRegistry } from "./metrics.ts";
import { appAwsClients, appSqsJson, log, runUntilSignal, serve } from "./process.ts";
import { dynamoSink } from "./sink.ts";
import { startStreamConsumer } from "./streams/stream-consumer.ts";

export async function startLambda(config: AppConfig): Promise<void> {
  const aws = appAwsClients(config);
  const state = new ControlState(config.faults, config.bugs);
  const metrics = new MetricsRegistry();
  const now = () => Date.now();
  const queueUrlByArn = new Map([
    [config.ingest.queueArn, config.ingest.queueUrl],
    [config.events.queueArn, config.events.queueUrl],
  ]);
  const team = config.consumerFunction;
  const pool = team === undefined ? undefined : teamWorkerPool(config, team, config.functionName, metrics);
  const reference = createHandler({
    sink: dynamoSink(aws.dynamodb, config.table),
    faults: () => state.faults,
    bugs: () => state.bugs,
    harm: (mode, id) => state.harm(mode, id),
    ackNow: async (record) => {
      const QueueUrl = queueUrlByArn.get(record.eventSourceARN);
      await aws.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: record.receiptHandle }));
    },
    random: Math.random,
    now,
    sleep: (ms) => sleep(ms),
  });
  // The reference consumer over several processes (consumers.processes), the mappings and their limit staying here.
  const referencePool =
    team === undefined && (config.consumers.processes ?? 1) > 1
      ? new ReferenceConsumerPool({
          config,
          processes: config.consumers.processes ?? 1,
          controls: () => state,
          harm: (mode, id) => state.harm(mode, id),
          log,
        })
      : undefined;
  await referencePool?.ready();
  const handler: (event: SQSEvent) => Promise<SQSBatchResponse> =
    pool === undefined
      ? referencePool === undefined
        ? reference
        : (event) => referencePool.invoke(event)
      : teamConsumer({
          invoke: (event) => pool.invoke(event),
          faults: () => state.faults,
          random: Math.random,
          sleep: (ms) => sleep(ms),
          log,
        });
  // The team's function runs one invocation per worker process: its concurrency (reserved, else the mappings'
  // maximum) bounds the processes; the concurrency fault lowers it further.
  const functionLimit = team === undefined ? 0 : (team.reservedConcurrency ?? config.consumers.maxConcurrency);
  const limit = () => {
    const fault = state.faults.consumerMaxConcurrency;
    if (functionLimit === 0) return fault;
    return fault === 0 ? functionLimit : Math.min(fault, functionLimit);
  };
  const sqsJson = appSqsJson(config);
  const concurrency = new FunctionConcurrency(limit);
  const mappings = [config.ingest, config.events].map((queue) =>
    startEventSourceMapping(
      { ...queue, region: config.region, ...config.consumers, functionName: config.functionName },
      {
        sqs: sqsJson,
        handler,
        concurrency,
        metrics,
        log,
        now,
        batchWindowMs: () => state.faults.consumerBatchWindowMs,
      },
    ),
  );
  const asyncFunction =
    config.asyncFunction === undefined
      ? undefined
      : await startAsyncFunction(config, config.asyncFunction, { aws, state, metrics });
  const streamConsumer =
    config.stream === undefined
      ? undefined
      : await startStreamConsumer(config, { sqs: aws.sqs, dynamodb: aws.dynamodb, state, metrics, log });
  await serve(
    config.ports.lambdaControl,
    controlHandler({
      state,
      stats: () => ({
        ...metrics.stats(),
        "local:ConcurrentExecutions": concurrency.current,
        "local:Pollers": mappings.reduce((a, m) => a + m.pollers, 0),
        ...(referencePool === undefined
          ? {}
          : { "local:ConsumerProcesses": referencePool.processes, "local:ConsumerRestarts": referencePool.restarts }),
        ...(pool === undefined
          ? {}
          : {
              "local:Workers": pool.size,
              "local:ColdStarts": pool.coldStarts,
              "local:WorkersRetired": pool.retired,
            }),
        ...(asyncFunction === undefined ? {} : asyncFunction.stats()),
        // Held outside the queues, which the drain awaits (summed with the api process's EventBridge retries):
        // the async function's queued events and the stream records read and not yet done with.
        ...(asyncFunction === undefined && streamConsumer === undefined
          ? {}
          : {
              [eventDeliveriesPending]: (asyncFunction?.pending ?? 0) + (streamConsumer?.mapping.pending ?? 0),
            }),
      }),
      onChange: () => undefined,
      peers: [],
    }),
  );
  runUntilSignal(aws, metrics, config.metricsIntervalMs, async () => {
    await Promise.all([...mappings.map((m) => m.stop()), streamConsumer?.stop()]);
    pool?.stop();
    asyncFunction?.stop();
    referencePool?.stop();
  });
  if (team !== undefined) log(`lambda: the team's consumer ${team.exportName} from ${team.file}`);
  const processes = referencePool === undefined ? "" : `, the consumer in ${referencePool.processes} processes`;
  log(
    `lambda ready: ${config.consumers.maxConcurrency} pollers per queue${processes}, control :${config.ports.lambdaControl}`,
  );
}
