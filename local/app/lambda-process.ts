// The lambda process: the consumer function behind two SQS event source mappings (ingest and events queues).
import { setTimeout as sleep } from "node:timers/promises";
import { DeleteMessageCommand } from "@aws-sdk/client-sqs";
import type { AppConfig } from "./config.ts";
import { FunctionConcurrency } from "./consumer/concurrency.ts";
import { startEventSourceMapping } from "./consumer/event-source-mapping.ts";
import { controlHandler } from "./control-server.ts";
import { ControlState } from "./control-state.ts";
import { createHandler } from "./handler.ts";
import { MetricsRegistry } from "./metrics.ts";
import { appAwsClients, appSqsJson, log, runUntilSignal, serve } from "./process.ts";
import { dynamoSink } from "./sink.ts";

export async function startLambda(config: AppConfig): Promise<void> {
  const aws = appAwsClients(config);
  const state = new ControlState(config.faults, config.bugs);
  const metrics = new MetricsRegistry();
  const now = () => Date.now();
  const queueUrlByArn = new Map([
    [config.ingest.queueArn, config.ingest.queueUrl],
    [config.events.queueArn, config.events.queueUrl],
  ]);
  const handler = createHandler({
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
  const sqsJson = appSqsJson(config);
  const concurrency = new FunctionConcurrency(() => state.faults.consumerMaxConcurrency);
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
  await serve(
    config.ports.lambdaControl,
    controlHandler({
      state,
      stats: () => ({
        ...metrics.stats(),
        "local:ConcurrentExecutions": concurrency.current,
        "local:Pollers": mappings.reduce((a, m) => a + m.pollers, 0),
      }),
      onChange: () => undefined,
      peers: [],
    }),
  );
  runUntilSignal(aws, metrics, config.metricsIntervalMs, () => Promise.all(mappings.map((m) => m.stop())));
  log(`lambda ready: ${config.consumers.maxConcurrency} pollers per queue, control :${config.ports.lambdaControl}`);
}
